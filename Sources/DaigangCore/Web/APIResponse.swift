/// An HTTP answer from the hub.
public struct APIResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public var headers: [(name: String, value: String)] = []
    /// Set for `GET /api/leads.xlsx`: the server renders these leads as the workbook
    /// (DaigangSheets' `LeadWorkbook`, which Core cannot import) in place of `body`.
    public var leadsWorkbook: [Lead]? = nil

    public init(status: Int, contentType: String = "application/json; charset=utf-8", body: [UInt8], headers: [(name: String, value: String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    /// `{"error": code, "message": …}` with the status that goes with the code; a 401 carries the
    /// `WWW-Authenticate` challenge RFC 9110 §11.6.1 asks for, so no 401 can go out without it.
    public static func error(_ code: ErrorCode, _ message: String) -> APIResponse {
        let status = switch code {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .rateLimited: 429
        case .tooLarge: 413
        case .unavailable: 503
        case .conflict: 409
        }
        let body = "{\"error\":\"\(code.rawValue)\",\"message\":\(jsonString(message))}"
        let challenge = code == .unauthorized ? [(name: "www-authenticate", value: #"Bearer realm="daigang""#)] : []
        return APIResponse(status: status, body: Array(body.utf8), headers: challenge)
    }

    /// `{"error": code, "message": …, "field": …}`: a refusal that names the field of the body at fault.
    public static func error(_ code: ErrorCode, _ message: String, field: String) -> APIResponse {
        var response = error(code, message)
        response.body.removeLast()  // the closing brace
        response.body += Array(",\"field\":\(jsonString(field))}".utf8)
        return response
    }

    /// 405 with the `Allow` header RFC 9110 asks for: the methods the path does take.
    public static func methodNotAllowed(allow: [String]) -> APIResponse {
        APIResponse(
            status: 405, body: Array(#"{"error":"method_not_allowed","message":"method not allowed here"}"#.utf8),
            headers: [("allow", allow.joined(separator: ", "))]
        )
    }

    static func jsonString(_ text: String) -> String { JSONQuoting.quoted(text) }
}
