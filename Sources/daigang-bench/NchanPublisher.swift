/// Publishes to nchan: `POST /pub/<channel>` with the stamped body, over one keep-alive
/// connection (pipelined when the rate outruns the answers).
///
/// - Precondition: used only on the event loop's thread.
final class NchanPublisher: EventPublisher, HTTPClientDelegate {
    private(set) var acceptedCount = 0
    private(set) var rejections: [String: Int] = [:]
    private(set) var failure: String?
    var outstandingCount: Int { client?.outstanding ?? 0 }

    private let settings: BenchSettings
    private unowned let loop: EventLoop
    private var client: HTTPClient?

    init(settings: BenchSettings, loop: EventLoop) {
        self.settings = settings
        self.loop = loop
    }

    func connect(deadline: UInt64) throws(BenchError) {
        let client = HTTPClient(loop: loop, delegate: self, port: settings.port)
        self.client = client
        try client.start()
        let finished = loop.run(until: deadline) { client.state != .connecting }
        if let failure { throw BenchError("nchan publisher connection failed: \(failure)") }
        if !finished { throw BenchError("nchan publisher did not connect in time") }
    }

    func publish(_ stamp: EventStamp) {
        let body = Array(stamp.text(paddedTo: settings.messageBytes).utf8)
        client?.send(method: "POST", path: "/pub/\(settings.channel)", headers: ["Content-Type: text/plain"], body: body)
    }

    func disconnect() {
        client?.disconnect()
    }

    // MARK: HTTPClientDelegate

    func httpClient(_ client: HTTPClient, didReceive response: HTTPResponse, now: UInt64) {
        if response.isSuccess {
            acceptedCount += 1
        } else {
            rejections["HTTP \(response.status)", default: 0] += 1
        }
    }

    func httpClient(_ client: HTTPClient, didCloseWith reason: String, now: UInt64) {
        failure = reason
    }
}
