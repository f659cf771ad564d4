import DaigangCore

/// One HTTP request on a connection, from its first callback until its response is written.
struct HTTPExchange {
    /// Valid until LWS_CALLBACK_CLOSED_HTTP for this connection.
    let wsi: OpaquePointer
    let method: String
    let path: String
    let arguments: [String]
    let authorization: String?
    var body: [UInt8] = []
    var isBodyTooLarge = false
    /// Still reading the request body (nothing to answer yet).
    var isAwaitingBody = false
    /// Set when the answer is known; it may come later than the request (after a durable write).
    var response: APIResponse?
    var areHeadersSent = false
}
