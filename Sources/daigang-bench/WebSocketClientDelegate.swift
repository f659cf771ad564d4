/// What a `WebSocketClient` tells its owner.
///
/// - Precondition: called on the event loop's thread; `payload` is valid only during the call.
protocol WebSocketClientDelegate: AnyObject {
    /// The server answered the upgrade with 101; messages may be sent now.
    func webSocketDidOpen(_ client: WebSocketClient, now: UInt64)
    /// One complete text (or binary) message.
    func webSocket(_ client: WebSocketClient, didReceive payload: UnsafeRawBufferPointer, now: UInt64)
    /// The connection failed or the server closed it; the client is finished.
    func webSocket(_ client: WebSocketClient, didCloseWith reason: String, now: UInt64)
}
