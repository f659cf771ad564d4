internal import Histogram

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
    /// Send → `ok`/`error` per command: on Daigang the answer waits for the journal's fsync, so
    /// this is the durable-acknowledgement latency a host sees.
    private(set) var ackLatency = Histogram<UInt64>.microseconds()
    /// Send times of the commands not yet answered; answers come in the order sent.
    private var sentAt: [UInt64] = []
    private var firstUnanswered = 0

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
        sentAt.append(MonotonicClock.now())
        client?.sendText(text)
    }

    private func answered(now: UInt64) {
        guard firstUnanswered < sentAt.count else { return }
        ackLatency.record(nanoseconds: MonotonicClock.elapsed(from: sentAt[firstUnanswered], to: now))
        firstUnanswered += 1
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
            answered(now: now)
        } else if PayloadScan.hasType(payload, "error") {
            outstandingCount -= 1
            answered(now: now)
            rejections[PayloadScan.string(payload, key: "code") ?? "?", default: 0] += 1
        }
        onMessage(payload, now)
    }

    func webSocket(_ client: WebSocketClient, didCloseWith reason: String, now: UInt64) {
        failure = reason
    }
}
