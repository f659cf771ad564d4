/// What an `HTTPClient` tells its owner.
///
/// - Precondition: called on the event loop's thread.
protocol HTTPClientDelegate: AnyObject {
    /// The next response, in request order.
    func httpClient(_ client: HTTPClient, didReceive response: HTTPResponse, now: UInt64)
    /// The connection failed or the server closed it; the client is finished.
    func httpClient(_ client: HTTPClient, didCloseWith reason: String, now: UInt64)
}
