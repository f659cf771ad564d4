internal import Histogram

/// `fanout`: N viewers; the publisher sends `rate` events per second for `duration` seconds,
/// paced by the loop's timer. Each event carries its *scheduled* send time, so latency is
/// measured from when it should have left (coordinated omission: a late sender cannot hide
/// a slow server). Reports deliveries/s, latency percentiles, lost messages and seq gaps.
struct FanoutScenario: Scenario {
    let name = "fanout"
    var rate: Double = 50
    var duration: Double = 10
    /// How long to wait after the last send for stragglers.
    var drainMillis = 5000

    /// What the viewers' message handler updates.
    private final class DeliveryState {
        let target: Target
        let runStart: UInt64
        var lastSeq: [Int]
        var received = 0
        var duplicates = 0
        var gaps = 0
        var stale = 0
        var firstReceiveAt: UInt64 = 0
        var lastReceiveAt: UInt64 = 0
        var latency = Histogram<UInt64>.microseconds()

        init(target: Target, runStart: UInt64, viewers: Int) {
            self.target = target
            self.runStart = runStart
            lastSeq = Array(repeating: 0, count: viewers)
        }

        func handle(viewer: Int, payload: UnsafeRawBufferPointer, now: UInt64) {
            guard let stamp = EventStamp.find(in: payload, target: target) else { return }
            guard stamp.sentAt >= runStart else {
                stale += 1
                return
            }
            let last = lastSeq[viewer]
            if stamp.seq <= last {
                duplicates += 1
                return
            }
            if stamp.seq > last + 1 { gaps += stamp.seq - last - 1 }
            lastSeq[viewer] = stamp.seq
            received += 1
            if firstReceiveAt == 0 { firstReceiveAt = now }
            lastReceiveAt = now
            latency.record(nanoseconds: MonotonicClock.elapsed(from: stamp.sentAt, to: now))
        }
    }

    /// The pacing of the publisher: event k is due at `start + k × interval`.
    private final class Pacer {
        let start: UInt64
        let interval: UInt64
        let total: Int
        var sent = 0
        var lateness = Histogram<UInt64>.microseconds()

        init(start: UInt64, interval: UInt64, total: Int) {
            self.start = start
            self.interval = interval
            self.total = total
        }

        func due(_ index: Int) -> UInt64 { start + UInt64(index) * interval }
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

        let state = DeliveryState(target: settings.target, runStart: runStart, viewers: settings.viewers)
        fleet.onMessage = { viewer, payload, now in state.handle(viewer: viewer, payload: payload, now: now) }
        let viewersAtStart = fleet.connectedCount
        let total = max(1, Int((rate * duration).rounded()))
        let pacer = Pacer(start: MonotonicClock.now() + MonotonicClock.millis(100), interval: UInt64(1e9 / max(rate, 0.001)), total: total)

        // Sends every event that is due (catching up after a late wake-up), then sleeps until the next.
        func tick() {
            let now = MonotonicClock.now()
            while pacer.sent < pacer.total, pacer.due(pacer.sent) <= now {
                let due = pacer.due(pacer.sent)
                pacer.sent += 1
                publisher.publish(EventStamp(seq: pacer.sent, sentAt: due))
                pacer.lateness.record(nanoseconds: MonotonicClock.now() - due)
            }
            if pacer.sent < pacer.total { loop.schedule(at: pacer.due(pacer.sent), tick) }
        }
        loop.schedule(at: pacer.start, tick)

        let meter = ResourceMeter(serverPID: settings.serverPID)
        loop.run(until: deadline) { pacer.sent == pacer.total }
        let sendEnd = MonotonicClock.now()
        let complete = loop.run(until: min(sendEnd + MonotonicClock.millis(drainMillis), deadline)) {
            publisher.outstandingCount == 0 && state.received >= fleet.connectedCount * publisher.acceptedCount
        }
        meter.finish(into: &report)

        // Events missing at the end of a viewer's stream are gaps too.
        var trailing = 0
        for viewer in 0..<settings.viewers where fleet.isReady[viewer] && state.lastSeq[viewer] < pacer.sent {
            trailing += pacer.sent - state.lastSeq[viewer]
        }
        let expected = viewersAtStart * publisher.acceptedCount
        let lost = expected - state.received
        let window = Double(state.lastReceiveAt &- pacer.start) / 1e9
        let deliveriesPerSecond = window > 0 ? Double(state.received) / window : 0
        report.set("rate", rate)
        report.set("durationS", duration)
        report.set("events", pacer.sent)
        report.set("messageBytes", settings.messageBytes)
        report.set("expected", expected)
        report.set("received", state.received)
        report.set("lost", lost)
        report.set("seqGaps", state.gaps + trailing)
        report.set("duplicates", state.duplicates)
        report.set("staleIgnored", state.stale)
        report.set("deliveriesPerSecond", deliveriesPerSecond)
        report.set("latencyUs", state.latency.summary)
        report.set("sendLatenessUs", pacer.lateness.summary)
        report.note("\(pacer.sent) events × \(viewersAtStart) viewers at \(rate)/s: \(state.received)/\(expected) delivered, \(Int(deliveriesPerSecond.rounded())) deliveries/s, lost \(lost), seq gaps \(state.gaps + trailing)")
        report.note("latency from scheduled send: \(state.latency.text)")
        report.note("publisher lateness (client-side pacing): p99 \(Histogram<UInt64>.format(pacer.lateness.micros(at: 99) ?? 0)), max \(Histogram<UInt64>.format(pacer.lateness.max))")
        publisher.describe(into: &report)
        report.check(complete, "deliveries still missing \(drainMillis) ms after the last send")
        report.check(lost == 0, "\(lost) messages lost")
        report.check(state.gaps + trailing == 0, "\(state.gaps + trailing) seq gaps across viewers")
        report.check(fleet.droppedCount == 0, "\(fleet.droppedCount) viewers were disconnected")
        return report
    }
}
