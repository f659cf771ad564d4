/// Pages through `GET /api/leads` with an HR token and collects every lead id, to check that
/// each acknowledged apply is really there.
///
/// - Precondition: used only on the event loop's thread.
final class LeadsAudit: HTTPClientDelegate {
    private(set) var ids: Set<String> = []
    private(set) var pages = 0

    private let settings: BenchSettings
    private unowned let loop: EventLoop
    private let token: String
    private let job: String
    private var response: HTTPResponse?
    private var failure: String?

    init(settings: BenchSettings, loop: EventLoop, token: String, job: String) {
        self.settings = settings
        self.loop = loop
        self.token = token
        self.job = job
    }

    /// Fetches every page (at most 10,000) before `deadline`.
    func fetchAll(deadline: UInt64) throws(BenchError) {
        let client = HTTPClient(loop: loop, delegate: self, port: settings.port)
        try client.start()
        defer { client.disconnect() }
        var cursor: String?
        repeat {
            var path = "/api/leads?session=\(Self.percentEncoded(settings.session))&job=\(Self.percentEncoded(job))&limit=200"
            if let cursor { path += "&cursor=\(Self.percentEncoded(cursor))" }
            response = nil
            client.send(method: "GET", path: path, headers: ["Authorization: Bearer \(token)"])
            let answered = loop.run(until: deadline) { response != nil || failure != nil }
            if let failure { throw BenchError("leads API connection failed: \(failure)") }
            guard answered, let page = response else { throw BenchError("leads API did not answer in time") }
            guard page.isSuccess else { throw BenchError("GET /api/leads answered \(page.status): \(page.bodyText.prefix(200))") }
            pages += 1
            cursor = page.body.withUnsafeBytes { body in
                var offset = 0
                // Lead ids are the only `"id"` members (the others are `jobId`, `employerId`…).
                while let start = PayloadScan.find(body, "\"id\":\"", from: offset) {
                    ids.insert(PayloadScan.quoted(body, at: start))
                    offset = start
                }
                return PayloadScan.string(body, key: "nextCursor")
            }
        } while cursor != nil && pages < 10_000
    }

    /// Everything but unreserved characters as %XX.
    static func percentEncoded(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    // MARK: HTTPClientDelegate

    func httpClient(_ client: HTTPClient, didReceive response: HTTPResponse, now: UInt64) {
        self.response = response
    }

    func httpClient(_ client: HTTPClient, didCloseWith reason: String, now: UInt64) {
        failure = reason
    }
}
