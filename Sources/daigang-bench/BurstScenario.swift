internal import Histogram

/// `burst`: N viewers connected; the publisher sends ONE event; how long until the last viewer
/// has it? Repeated `rounds` times with a pause; the median of the "last" times is the figure.
struct BurstScenario: Scenario {
    let name = "burst"
    var rounds = 5
    var gapMillis = 500
    /// How long one round may wait for stragglers.
    var roundTimeoutMillis = 10_000

    /// What the viewers' message handler updates during a round.
    private final class RoundState {
        let target: Target
        let runStart: UInt64
        var seq = 0
        var sentAt: UInt64 = 0
        var received = 0
        var latency = Histogram<UInt64>.microseconds()
        var lastSeen: [Int]
        var stale = 0

        init(target: Target, runStart: UInt64, viewers: Int) {
            self.target = target
            self.runStart = runStart
            lastSeen = Array(repeating: 0, count: viewers)
        }

        func handle(viewer: Int, payload: UnsafeRawBufferPointer, now: UInt64) {
            guard let stamp = EventStamp.find(in: payload, target: target) else { return }
            guard stamp.sentAt >= runStart, stamp.seq == seq else {
                stale += 1
                return
            }
            guard lastSeen[viewer] != seq else { return }
            lastSeen[viewer] = seq
            received += 1
            latency.record(nanoseconds: MonotonicClock.elapsed(from: stamp.sentAt, to: now))
        }
    }

    func run(_ settings: BenchSettings) throws -> Report {
        let loop = try EventLoop()
        let runStart = MonotonicClock.now()
        let deadline = runStart + settings.timeout
        var report = Report(scenario: name, target: settings.target)
        let publisher = settings.makePublisher(loop: loop)
        try publisher.connect(deadline: deadline)
        defer { publisher.disconnect() }
        let fleet = ViewerFleet(settings: settings, count: settings.viewers, loop: loop)
        defer { fleet.disconnectAll() }
        fleet.joinAll(deadline: deadline, into: &report)

        let state = RoundState(target: settings.target, runStart: runStart, viewers: settings.viewers)
        fleet.onMessage = { viewer, payload, now in state.handle(viewer: viewer, payload: payload, now: now) }
        let meter = ResourceMeter(serverPID: settings.serverPID)
        var results: [ReportValue] = []
        var lasts: [UInt64] = []
        var missingTotal = 0
        for round in 1...max(1, rounds) {
            loop.idle(until: min(MonotonicClock.now() + MonotonicClock.millis(gapMillis), deadline))
            let expected = fleet.connectedCount
            state.seq = round
            state.received = 0
            state.latency.reset()
            let sentAt = MonotonicClock.now()
            state.sentAt = sentAt
            publisher.publish(EventStamp(seq: round, sentAt: sentAt))
            loop.run(until: min(sentAt + MonotonicClock.millis(roundTimeoutMillis), deadline)) { state.received >= expected }
            let missing = expected - state.received
            missingTotal += missing
            let last = state.latency.totalCount > 0 ? state.latency.max : 0
            if missing == 0 { lasts.append(last) }
            results.append(.object([
                ("round", .int(round)), ("delivered", .int(state.received)), ("missing", .int(missing)),
                ("p50Us", .optional(state.latency.micros(at: 50).map { Int($0) })),
                ("p99Us", .optional(state.latency.micros(at: 99).map { Int($0) })),
                ("lastUs", .int(Int(last))),
            ]))
            report.note("round \(round): \(state.received)/\(expected) delivered, p50 \(Histogram<UInt64>.format(state.latency.micros(at: 50) ?? 0)), p99 \(Histogram<UInt64>.format(state.latency.micros(at: 99) ?? 0)), last \(Histogram<UInt64>.format(last))")
            if MonotonicClock.now() >= deadline { break }
        }
        // Let the last acknowledgements arrive before counting them.
        loop.run(until: min(MonotonicClock.now() + MonotonicClock.millis(1000), deadline)) { publisher.outstandingCount == 0 }
        meter.finish(into: &report)

        lasts.sort()
        let median = lasts.isEmpty ? nil : lasts[lasts.count / 2]
        report.set("rounds", .array(results))
        report.set("lastMedianUs", .optional(median.map { Int($0) }))
        report.set("missing", missingTotal)
        report.note("median time to the last viewer: \(median.map { Histogram<UInt64>.format($0) } ?? "-") over \(lasts.count) complete rounds")
        publisher.describe(into: &report)
        report.check(missingTotal == 0, "\(missingTotal) deliveries missing")
        report.check(fleet.droppedCount == 0, "\(fleet.droppedCount) viewers were disconnected")
        return report
    }
}
