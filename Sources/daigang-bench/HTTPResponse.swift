/// One HTTP/1.1 response: its status and its (de-chunked) body.
struct HTTPResponse {
    var status: Int
    var body: [UInt8]

    var isSuccess: Bool { (200..<300).contains(status) }
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
