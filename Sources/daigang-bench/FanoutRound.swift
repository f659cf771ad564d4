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
    private var rejectedBefore = 0
    /// The publisher's counts when the round last finished draining, so a later round's
    /// answers do not count as this one's.
    private var answeredAtEnd: (accepted: Int, rejected: Int)?
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
    /// The worst latency (µs) of the events scheduled in each second of the round: when it hurt.
    private(set) var worstBySecond: [UInt64]
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
        worstBySecond = Array(repeating: 0, count: max(1, Int(duration.rounded(.up))))
    }

    /// The sequence number the next round should start at.
    var nextSeq: Int { firstSeq + sent }

    /// Every event has been published.
    var isSent: Bool { sent == total }

    /// Events the server acknowledged in this round.
    var acceptedCount: Int { (answeredAtEnd?.accepted ?? publisher.acceptedCount) - acceptedBefore }

    /// Events the server refused in this round (not owed to anyone).
    var rejectedCount: Int { (answeredAtEnd?.rejected ?? publisher.rejectedCount) - rejectedBefore }

    /// Events published that the server neither acknowledged nor refused by the end of the round.
    var unacknowledged: Int { sent - acceptedCount - rejectedCount }

    /// Every acknowledged event reached every viewer still connected.
    var isDelivered: Bool {
        publisher.outstandingCount == 0 && received >= fleet.connectedCount * acceptedCount
    }

    /// Takes over the fleet's messages and starts publishing `leadMillis` from now.
    func start(leadMillis: Int = 100) {
        acceptedBefore = publisher.acceptedCount
        rejectedBefore = publisher.rejectedCount
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
        answeredAtEnd = nil
        let delivered = loop.run(until: time) { isDelivered }
        answeredAtEnd = (publisher.acceptedCount, publisher.rejectedCount)
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
        let waited = MonotonicClock.elapsed(from: stamp.sentAt, to: now)
        latency.record(nanoseconds: waited)
        let second = min(worstBySecond.count - 1, Int(MonotonicClock.elapsed(from: start, to: stamp.sentAt) / 1_000_000_000))
        worstBySecond[second] = max(worstBySecond[second], waited / 1000)
    }

    /// Copies of acknowledged events that the round's viewers did not get.
    var lost: Int { viewersAtStart * acceptedCount - received }

    /// Copies viewers did not get of every event the server did not refuse: `lost`, plus each
    /// viewer's copy of events the server never answered (a stuck server acknowledges nothing).
    var undelivered: Int { lost + viewersAtStart * unacknowledged }

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
            ("worstLatencyBySecondUs", .array(worstBySecond.map { .int(Int($0)) })),
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
