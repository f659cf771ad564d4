import DaigangCore

/// One HTTP request on a connection, from its first callback until its response is written.
struct HTTPExchange {
    /// Valid until LWS_CALLBACK_CLOSED_HTTP for this connection.
    let wsi: OpaquePointer
    let method: String
    let path: String
    let arguments: [String]
    let authorization: String?
    /// The client address the request is counted against.
    let address: String
    /// When the request's headers were complete, in monotonic milliseconds (the body must follow in time).
    let startedAt: Int64
    /// The client's cached copy and accepted encodings, for pages and the catalog.
    var conditional = ConditionalRequest()
    /// HEAD: the answer's headers without its body.
    var isHead = false
    var body: [UInt8] = []
    /// The largest body this request may have (`HubServer.maxRequestBody`, or more for a sheet upload).
    var bodyLimit = HubServer.maxRequestBody
    var isBodyTooLarge = false
    /// Still reading the request body (nothing to answer yet).
    var isAwaitingBody = false
    /// Holds one of the address's unfinished-body places (given back when the body is complete).
    var holdsBodySlot = false
    /// Set when the answer is known; it may come later than the request (after a durable write).
    var response: APIResponse?
    /// When `response` was set: the client must take it within the write deadline.
    var respondedAt: Int64?
    /// The connection is closed once the answer is written (the request was refused half-read).
    var closesAfterResponse = false
    var areHeadersSent = false
    /// The request's If-None-Match, kept while it waits for a poster to be drawn.
    var posterIfNoneMatch: String?
    /// `hardClose` was called; lws closes it at its next service.
    var isHardClosed = false
}
