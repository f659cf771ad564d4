/// `fanout`: N viewers; the publisher sends `rate` events per second for `duration` seconds,
/// paced by the loop's timer (one `FanoutRound`). Each event carries its *scheduled* send time,
/// so latency is measured from when it should have left (coordinated omission: a late sender
/// cannot hide a slow server). Reports deliveries/s, latency percentiles, lost messages and seq gaps.
struct FanoutScenario: Scenario {
    let name = "fanout"
    var rate: Double = 50
    var duration: Double = 10
    /// How long to wait after the last send for stragglers.
    var drainMillis = 5000

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

        let round = FanoutRound(
            loop: loop, publisher: publisher, fleet: fleet, target: settings.target,
            rate: rate, duration: duration, notBefore: runStart
        )
        let meter = ResourceMeter(serverPID: settings.serverPID)
        let complete = round.run(deadline: deadline, drainMillis: drainMillis)
        meter.finish(into: &report)
        for (key, value) in round.fields(messageBytes: settings.messageBytes) { report.set(key, value) }
        for line in round.notes { report.note(line) }
        publisher.describe(into: &report)
        if let host = publisher as? DaigangHost {
            report.set("hostAckLatencyUs", host.ackLatency.summary)
            report.note("host command → durable ok: \(host.ackLatency.text)")
        }
        report.check(complete, "deliveries still missing \(drainMillis) ms after the last send")
        report.check(round.lost == 0, "\(round.lost) messages lost")
        report.check(round.seqGaps == 0, "\(round.seqGaps) seq gaps across viewers")
        report.check(fleet.droppedCount == 0, "\(fleet.droppedCount) viewers were disconnected")
        return report
    }
}
