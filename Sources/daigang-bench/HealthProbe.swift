internal import Histogram

/// Asks the server `GET /healthz` (from 127.0.0.1, on one keep-alive connection) every
/// `intervalMillis` while the previous answer is in, and times the answers. A server whose loop
/// is stuck answers late or not at all: `longestWaitMicros` counts a request still unanswered.
/// - Precondition: used only on the event loop's thread.
final class HealthProbe: HTTPClientDelegate {
    private(set) var latency = Histogram<UInt64>.microseconds()
    private(set) var answered = 0
    /// Answers that were not 200.
    private(set) var failed = 0
    /// Connections that broke (each is replaced on the next tick).
    private(set) var connectionsLost = 0
    /// The most connections the server reported.
    private(set) var peakServerConnections = 0
    /// The longest time a request waited, answered or not (µs).
    private(set) var longestWaitMicros: UInt64 = 0

    private unowned let loop: EventLoop
    private let port: UInt16
    private let intervalMillis: Int
    private var client: HTTPClient?
    private var sentAt: UInt64 = 0
    private var isWaiting = false
    private var isRunning = false

    init(loop: EventLoop, port: UInt16, intervalMillis: Int = 500) {
        self.loop = loop
        self.port = port
        self.intervalMillis = max(10, intervalMillis)
    }

    /// An answer is in and none is pending.
    var isIdle: Bool { !isWaiting }

    /// Starts asking, now and then every interval.
    func start() {
        isRunning = true
        tick()
    }

    /// Stops asking; a request still unanswered counts its wait so far. Closes the connection.
    func stop() {
        isRunning = false
        if isWaiting { longestWaitMicros = max(longestWaitMicros, (MonotonicClock.now() - sentAt) / 1000) }
        isWaiting = false
        client?.disconnect()
        client = nil
    }

    /// Sends one request now (unless one is pending).
    func ask() {
        guard !isWaiting else { return }
        if client == nil || client?.state == .closed {
            let fresh = HTTPClient(loop: loop, delegate: self, port: port)
            do {
                try fresh.start()
            } catch {
                connectionsLost += 1
                return
            }
            client = fresh
        }
        sentAt = MonotonicClock.now()
        isWaiting = true
        client?.send(method: "GET", path: "/healthz")
    }

    private func tick() {
        guard isRunning else { return }
        ask()
        loop.schedule(at: MonotonicClock.now() + MonotonicClock.millis(intervalMillis)) { [weak self] in self?.tick() }
    }

    /// `{"answered":…,"notOk":…,"connectionsLost":…,"latencyUs":{…},"longestWaitMs":…,"peakServerConnections":…}`.
    var summary: ReportValue {
        .object([
            ("answered", .int(answered)), ("notOk", .int(failed)), ("connectionsLost", .int(connectionsLost)),
            ("latencyUs", latency.summary), ("longestWaitMs", .double(Double(longestWaitMicros) / 1000)),
            ("peakServerConnections", .int(peakServerConnections)),
        ])
    }

    /// "/healthz: 20 answers, p99 1.2 ms, longest wait 3.4 ms".
    var text: String {
        var text = "/healthz every \(intervalMillis) ms: \(answered) answers, p99 \(Histogram<UInt64>.format(latency.micros(at: 99) ?? 0)), longest wait \(Histogram<UInt64>.format(longestWaitMicros))"
        if failed > 0 { text += ", \(failed) not 200" }
        if connectionsLost > 0 { text += ", \(connectionsLost) connections lost" }
        return text + "; server reported up to \(peakServerConnections) connections"
    }

    // MARK: HTTPClientDelegate

    func httpClient(_ client: HTTPClient, didReceive response: HTTPResponse, now: UInt64) {
        guard isWaiting else { return }
        isWaiting = false
        let waited = MonotonicClock.elapsed(from: sentAt, to: now)
        latency.record(nanoseconds: waited)
        longestWaitMicros = max(longestWaitMicros, waited / 1000)
        answered += 1
        if response.status != 200 { failed += 1 }
        response.body.withUnsafeBytes { body in
            if let connections = PayloadScan.integer(body, key: "connections") {
                peakServerConnections = max(peakServerConnections, connections)
            }
        }
    }

    func httpClient(_ client: HTTPClient, didCloseWith reason: String, now: UInt64) {
        connectionsLost += 1
        if isWaiting {
            longestWaitMicros = max(longestWaitMicros, MonotonicClock.elapsed(from: sentAt, to: now) / 1000)
            isWaiting = false
        }
    }
}
