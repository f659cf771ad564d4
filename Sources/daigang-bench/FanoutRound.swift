internal import Histogram

/// One paced run of events to a fleet of joined viewers: the publisher sends `rate` events per
/// second for `duration` seconds, paced by the loop's timer, and every copy a viewer receives is
/// timed and sequence-checked. `fanout` runs one round; `abuse` runs one quiet and one under attack.
///
/// Each event carries its *scheduled* send time, so latency is measured from when it should
/// have left (coordinated omission: a late sender cannot hide a slow server).
/// - Precondition: used only on the event loop's thread.
final class FanoutRound {
    let rate: Double
    let duration: Double
    /// The sequence number of this round's first event; a later round on the same publisher
    /// continues the count, so a straggler of an earlier round is told apart.
    let firstSeq: Int

    private unowned let loop: EventLoop
    private let publisher: any EventPublisher
    private let fleet: ViewerFleet
    private let target: Target
    /// Events stamped before this are ignored (`staleIgnored`).
    private let notBefore: UInt64
    private let total: Int
    private let interval: UInt64
    private var start: UInt64 = 0
    private var acceptedBefore = 0
    /// The publisher's count when the round last finished draining, so a later round's
    /// acknowledgements do not count as this one's.
    private var acceptedAtEnd: Int?
    private var viewersAtStart = 0
    private var lastSeq: [Int]

    /// Events published so far.
    private(set) var sent = 0
    private(set) var received = 0
    private var duplicates = 0
    private var gaps = 0
    private var stale = 0
    private var lastReceiveAt: UInt64 = 0
    private(set) var latency = Histogram<UInt64>.microseconds()
    private var lateness = Histogram<UInt64>.microseconds()

    /// - Parameter notBefore: the monotonic time the run began; older stamps are not this run's.
    init(loop: EventLoop, publisher: any EventPublisher, fleet: ViewerFleet, target: Target,
         rate: Double, duration: Double, firstSeq: Int = 1, notBefore: UInt64) {
        self.loop = loop
        self.publisher = publisher
        self.fleet = fleet
        self.target = target
        self.rate = rate
        self.duration = duration
        self.firstSeq = firstSeq
        self.notBefore = notBefore
        total = max(1, Int((rate * duration).rounded()))
        interval = UInt64(1e9 / max(rate, 0.001))
        lastSeq = Array(repeating: firstSeq - 1, count: fleet.count)
    }

    /// The sequence number the next round should start at.
    var nextSeq: Int { firstSeq + sent }

    /// Every event has been published.
    var isSent: Bool { sent == total }

    /// Events the server acknowledged in this round.
    var acceptedCount: Int { (acceptedAtEnd ?? publisher.acceptedCount) - acceptedBefore }

    /// Every acknowledged event reached every viewer still connected.
    var isDelivered: Bool {
        publisher.outstandingCount == 0 && received >= fleet.connectedCount * acceptedCount
    }

    /// Takes over the fleet's messages and starts publishing `leadMillis` from now.
    func start(leadMillis: Int = 100) {
        acceptedBefore = publisher.acceptedCount
        viewersAtStart = fleet.connectedCount
        fleet.onMessage = { [weak self] viewer, payload, now in self?.handle(viewer: viewer, payload: payload, now: now) }
        start = MonotonicClock.now() + MonotonicClock.millis(leadMillis)
        loop.schedule(at: start) { [weak self] in self?.tick() }
    }

    /// Starts, publishes every event, then waits up to `drainMillis` for stragglers (all by
    /// `deadline`). Returns whether every acknowledged event reached every viewer.
    func run(deadline: UInt64, drainMillis: Int) -> Bool {
        start()
        loop.run(until: deadline) { isSent }
        return drain(until: min(MonotonicClock.now() + MonotonicClock.millis(drainMillis), deadline))
    }

    /// Serves the loop until everything arrived or `time`; returns whether everything arrived.
    /// The round's figures are final from here on (until another `drain`).
    func drain(until time: UInt64) -> Bool {
        acceptedAtEnd = nil
        let delivered = loop.run(until: time) { isDelivered }
        acceptedAtEnd = publisher.acceptedCount
        return delivered
    }

    private func due(_ index: Int) -> UInt64 { start + UInt64(index) * interval }

    /// Sends every event that is due (catching up after a late wake-up), then sleeps until the next.
    private func tick() {
        let now = MonotonicClock.now()
        while sent < total, due(sent) <= now {
            let scheduled = due(sent)
            sent += 1
            publisher.publish(EventStamp(seq: firstSeq + sent - 1, sentAt: scheduled))
            lateness.record(nanoseconds: MonotonicClock.now() - scheduled)
        }
        if sent < total { loop.schedule(at: due(sent)) { [weak self] in self?.tick() } }
    }

    private func handle(viewer: Int, payload: UnsafeRawBufferPointer, now: UInt64) {
        guard let stamp = EventStamp.find(in: payload, target: target) else { return }
        guard stamp.sentAt >= notBefore, stamp.seq >= firstSeq else {
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
        lastReceiveAt = now
        latency.record(nanoseconds: MonotonicClock.elapsed(from: stamp.sentAt, to: now))
    }

    /// Copies the round's viewers were owed and did not get (counted when asked).
    var lost: Int { viewersAtStart * acceptedCount - received }

    /// Sequence gaps, including events missing at the end of a viewer's stream.
    var seqGaps: Int {
        let lastSent = firstSeq + sent - 1
        var trailing = 0
        for viewer in 0..<fleet.count where fleet.isReady[viewer] && lastSeq[viewer] < lastSent {
            trailing += lastSent - lastSeq[viewer]
        }
        return gaps + trailing
    }

    /// Copies received per second, from the first scheduled send to the last arrival.
    var deliveriesPerSecond: Double {
        guard lastReceiveAt > start else { return 0 }
        return Double(received) / (Double(lastReceiveAt - start) / 1e9)
    }

    /// The round's figures, as `fanout` has always reported them.
    func fields(messageBytes: Int) -> [(String, ReportValue)] {
        [
            ("rate", .double(rate)), ("durationS", .double(duration)), ("events", .int(sent)),
            ("messageBytes", .int(messageBytes)), ("expected", .int(viewersAtStart * acceptedCount)),
            ("received", .int(received)), ("lost", .int(lost)), ("seqGaps", .int(seqGaps)),
            ("duplicates", .int(duplicates)), ("staleIgnored", .int(stale)),
            ("deliveriesPerSecond", .double(deliveriesPerSecond)), ("latencyUs", latency.summary),
            ("sendLatenessUs", lateness.summary),
        ]
    }

    /// Summary lines for the report.
    var notes: [String] {
        let expected = viewersAtStart * acceptedCount
        return [
            "\(sent) events × \(viewersAtStart) viewers at \(rate)/s: \(received)/\(expected) delivered, \(Int(deliveriesPerSecond.rounded())) deliveries/s, lost \(lost), seq gaps \(seqGaps)",
            "latency from scheduled send: \(latency.text)",
            "publisher lateness (client-side pacing): p99 \(Histogram<UInt64>.format(lateness.micros(at: 99) ?? 0)), max \(Histogram<UInt64>.format(lateness.max))",
        ]
    }
}
