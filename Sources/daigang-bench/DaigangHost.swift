/// The host connection of a Daigang session: `hello` as host, then `announce`s (and, for the
/// queue scenario, whatever commands the scenario sends).
///
/// - Precondition: used only on the event loop's thread.
final class DaigangHost: EventPublisher, WebSocketClientDelegate {
    private(set) var acceptedCount = 0
    private(set) var rejections: [String: Int] = [:]
    private(set) var outstandingCount = 0
    private(set) var failure: String?
    private(set) var isWelcomed = false

    /// Every message after `welcome` (replies and broadcasts), for scenarios that need more
    /// than announce acknowledgements.
    var onMessage: (UnsafeRawBufferPointer, UInt64) -> Void = { _, _ in }

    private let settings: BenchSettings
    private unowned let loop: EventLoop
    private var client: WebSocketClient?
    private var helloError: String?

    init(settings: BenchSettings, loop: EventLoop) {
        self.settings = settings
        self.loop = loop
    }

    func connect(deadline: UInt64) throws(BenchError) {
        let client = WebSocketClient(id: -1, loop: loop, delegate: self, port: settings.port, path: "/ws", subprotocol: "daigang.v1")
        self.client = client
        try client.start(now: MonotonicClock.now())
        let finished = loop.run(until: deadline) { isWelcomed || failure != nil || helloError != nil }
        if let helloError { throw BenchError("host hello refused: \(helloError) (check --host-token and --session)") }
        if let failure { throw BenchError("host connection failed: \(failure)") }
        if !finished { throw BenchError("host was not welcomed in time") }
    }

    func publish(_ stamp: EventStamp) {
        send(ClientMessage.announce(ref: stamp.seq, text: stamp.text(paddedTo: settings.messageBytes)).json)
    }

    /// Sends any command; its `ok`/`error` is counted like an announce's.
    func send(_ text: String) {
        outstandingCount += 1
        client?.sendText(text)
    }

    func disconnect() {
        client?.disconnect()
    }

    // MARK: WebSocketClientDelegate

    func webSocketDidOpen(_ client: WebSocketClient, now: UInt64) {
        client.sendText(ClientMessage.hello(ref: 0, session: settings.session, role: "host", token: settings.hostToken).json)
    }

    func webSocket(_ client: WebSocketClient, didReceive payload: UnsafeRawBufferPointer, now: UInt64) {
        guard isWelcomed else {
            if PayloadScan.hasType(payload, "welcome") {
                isWelcomed = true
            } else if PayloadScan.hasType(payload, "error") {
                helloError = PayloadScan.string(payload, key: "code") ?? "?"
            }
            return
        }
        if PayloadScan.hasType(payload, "ok") {
            acceptedCount += 1
            outstandingCount -= 1
        } else if PayloadScan.hasType(payload, "error") {
            outstandingCount -= 1
            rejections[PayloadScan.string(payload, key: "code") ?? "?", default: 0] += 1
        }
        onMessage(payload, now)
    }

    func webSocket(_ client: WebSocketClient, didCloseWith reason: String, now: UInt64) {
        failure = reason
    }
}
