internal import Histogram

/// N viewer connections: opened with at most `concurrency` handshakes in flight, each ready once
/// welcomed (Daigang: `hello` → `welcome`) or upgraded (nchan, which has no hello).
///
/// After a viewer is ready, every message it receives goes to `onMessage`; scenarios do their
/// measuring there.
/// - Precondition: used only on the event loop's thread.
final class ViewerFleet: WebSocketClientDelegate {
    /// A viewer's number, its message (valid during the call) and the receive time.
    typealias MessageHandler = (Int, UnsafeRawBufferPointer, UInt64) -> Void

    let settings: BenchSettings
    let count: Int
    private(set) var clients: [WebSocketClient] = []
    private(set) var isReady: [Bool]
    private(set) var readyCount = 0
    /// Viewers that never became ready (refused, closed, hello answered with an error).
    private(set) var failedCount = 0
    /// Viewers that were ready and then lost their connection.
    private(set) var droppedCount = 0
    /// Why viewers failed or dropped, counted per reason.
    private(set) var reasons: [String: Int] = [:]
    /// Connect start → ready, per viewer.
    private(set) var joinLatency = Histogram<UInt64>.microseconds()
    private(set) var firstStartAt: UInt64 = 0
    private(set) var lastReadyAt: UInt64 = 0

    /// Called for every message a ready viewer receives.
    var onMessage: MessageHandler = { _, _, _ in }
    /// Called when a ready viewer's connection ends.
    var onDrop: (Int, String) -> Void = { _, _ in }

    private unowned let loop: EventLoop
    private var nextToStart = 0
    private var inFlight = 0
    private let hello: String
    /// The welcome payloads' bytes, all viewers together (what a join costs on the wire).
    private(set) var welcomeBytes = 0

    init(settings: BenchSettings, count: Int, loop: EventLoop) {
        self.settings = settings
        self.count = count
        self.loop = loop
        isReady = Array(repeating: false, count: count)
        hello = ClientMessage.hello(ref: 1, session: settings.session, role: "viewer", token: nil, catalog: settings.catalog).json
        clients.reserveCapacity(count)
    }

    /// Every viewer has either become ready or failed.
    var isSettled: Bool { readyCount + failedCount == count }

    /// Ready viewers still connected.
    var connectedCount: Int { readyCount - droppedCount }

    /// Opens every connection and serves the loop until each is ready or failed, or `deadline`.
    /// Returns whether all settled in time.
    @discardableResult
    func connectAll(deadline: UInt64) -> Bool {
        firstStartAt = MonotonicClock.now()
        startMore(now: firstStartAt)
        return loop.run(until: deadline) { isSettled }
    }

    /// Closes every connection (close frame, then the socket).
    func disconnectAll() {
        for client in clients { client.disconnect() }
    }

    /// Sends `text` to viewer `index` (ignored unless it is connected).
    func send(_ text: String, to index: Int) {
        clients[index].sendText(text)
    }

    private func startMore(now: UInt64) {
        while inFlight < settings.concurrency, nextToStart < count {
            let client = WebSocketClient(
                id: nextToStart, loop: loop, delegate: self, port: settings.port,
                path: settings.viewerPath, subprotocol: settings.subprotocol
            )
            clients.append(client)
            nextToStart += 1
            do {
                try client.start(now: now)
                inFlight += 1
            } catch {
                failedCount += 1
                tally(reason: error.description)
            }
        }
    }

    private func markReady(_ client: WebSocketClient, now: UInt64) {
        isReady[client.id] = true
        readyCount += 1
        inFlight -= 1
        lastReadyAt = now
        joinLatency.record(nanoseconds: MonotonicClock.elapsed(from: client.startedAt, to: now))
        startMore(now: now)
    }

    private func tally(reason: String) {
        if reasons[reason] != nil || reasons.count < 20 {
            reasons[reason, default: 0] += 1
        } else {
            reasons["(other reasons)", default: 0] += 1
        }
    }

    // MARK: WebSocketClientDelegate

    func webSocketDidOpen(_ client: WebSocketClient, now: UInt64) {
        switch settings.target {
        case .daigang: client.sendText(hello)
        case .nchan: markReady(client, now: now)
        }
    }

    func webSocket(_ client: WebSocketClient, didReceive payload: UnsafeRawBufferPointer, now: UInt64) {
        if isReady[client.id] {
            onMessage(client.id, payload, now)
            return
        }
        if PayloadScan.hasType(payload, "welcome") {
            welcomeBytes += payload.count
            markReady(client, now: now)
        } else if PayloadScan.hasType(payload, "error") {
            let code = PayloadScan.string(payload, key: "code") ?? "?"
            client.disconnect()
            viewerFailed(reason: "hello refused: \(code)", now: now)
        }
    }

    func webSocket(_ client: WebSocketClient, didCloseWith reason: String, now: UInt64) {
        if isReady[client.id] {
            droppedCount += 1
            tally(reason: "dropped: " + reason)
            onDrop(client.id, reason)
        } else {
            viewerFailed(reason: reason, now: now)
        }
    }

    private func viewerFailed(reason: String, now: UInt64) {
        failedCount += 1
        inFlight -= 1
        tally(reason: reason)
        startMore(now: now)
    }

    /// Adds the join figures (and failure reasons) to `report`.
    /// Connects every viewer, reports the join, and records a failed check if any did not make it.
    func joinAll(deadline: UInt64, into report: inout Report, noun: String = "viewers") {
        connectAll(deadline: deadline)
        describeJoin(into: &report)
        report.check(readyCount == count, "only \(readyCount)/\(count) \(noun) joined")
    }

    func describeJoin(into report: inout Report) {
        report.set("viewers", count)
        report.set("ready", readyCount)
        report.set("failed", failedCount)
        report.set("dropped", droppedCount)
        report.set("joinLatencyUs", joinLatency.summary)
        if readyCount > 0 && settings.target == .daigang {
            report.set("welcomeBytes", welcomeBytes / readyCount)
        }
        if !reasons.isEmpty {
            report.set("failureReasons", .object(reasons.sorted { $0.value > $1.value }.map { ($0.key, .int($0.value)) }))
            report.note("failures: " + reasons.sorted { $0.value > $1.value }.map { "\($0.value)× \($0.key)" }.joined(separator: "; "))
        }
    }
}
