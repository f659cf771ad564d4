internal import Histogram

/// `abuse`: do misbehaving clients hurt the viewers? N welcomed viewers get events at `rate`
/// for `duration` seconds twice on one server: first quiet, then while attackers from a second
/// address (127.0.0.2) run three recipes at once:
///
/// - freeze (`FreezeAttack`): a few clients with a tiny receive buffer that never read, send
///   thousands of invalid messages (each earns an unread `error`), half-close, then close;
/// - no hello (`NoHelloAttack`): thousands of sockets that upgrade and never say `hello`;
/// - dribble (`DribbleAttack`): POSTs announcing a 64 KiB body sent one byte at a time.
///
/// Reports both rounds' delivery latency and loss, the server's CPU and memory, how long
/// `/healthz` took (a stuck loop shows there), and how many attacking sockets the server
/// refused or closed — which is the server defending itself, never a failure of the run.
struct AbuseScenario: Scenario {
    let name = "abuse"
    var rate: Double = 20
    /// Seconds of events in each round.
    var duration: Double = 12
    var drainMillis = 5000
    var freezeClients = 4
    /// Invalid messages each freeze client sends.
    var freezeMessages = 12_000
    /// Seconds over which each freeze client sends them.
    var freezeSeconds: Double = 6
    /// How long a freeze client stays half-closed before it closes.
    var freezeHoldMillis = 1000
    var freezeReceiveBufferBytes = 4096
    /// Length of the `ref` each freeze message carries (echoed in every error reply).
    var freezeRefBytes = 190
    /// Delay between one freeze client's start and the next one's.
    var freezeStaggerMillis = 1000
    var noHelloSockets = 3000
    var dribblers = 500
    var dribbleIntervalMillis = 2000
    /// The attacked round's p99 may be at most this many times the quiet one's (nil: not checked,
    /// as in smoke runs, where timing means nothing).
    var p99RatioLimit: Double? = 2
    /// How long the server has to answer `/healthz` once the attackers have gone.
    var recoveryMillis = 5000

    func run(_ settings: BenchSettings) throws -> Report {
        try settings.requireDaigang(for: name)
        let loop = try EventLoop()
        let runStart = MonotonicClock.now()
        let deadline = runStart + settings.timeout
        var report = Report(scenario: name, target: settings.target)
        let publisher = DaigangHost(settings: settings, loop: loop)
        try publisher.connect(deadline: deadline)
        defer { publisher.disconnect() }
        let fleet = ViewerFleet(settings: settings, count: settings.viewers, loop: loop)
        defer { fleet.disconnectAll() }
        fleet.joinAll(deadline: deadline, into: &report)

        // Round 1: quiet.
        let quietMeter = ResourceMeter(serverPID: settings.serverPID)
        let quietProbe = HealthProbe(loop: loop, port: settings.port)
        quietProbe.start()
        let quiet = FanoutRound(
            loop: loop, publisher: publisher, fleet: fleet, target: settings.target,
            rate: rate, duration: duration, notBefore: runStart
        )
        let quietComplete = quiet.run(deadline: deadline, drainMillis: drainMillis)
        quietProbe.stop()
        let quietResources = quietMeter.measure()

        // Round 2: the same events, under attack. The first freeze client connects before the
        // thousands of idle sockets; the others follow, one every `freezeStaggerMillis`.
        let rssBefore = settings.serverPID.flatMap { ProcessSample.of(pid: $0)?.rssKiB }
        let attackMeter = ResourceMeter(serverPID: settings.serverPID)
        let attackProbe = HealthProbe(loop: loop, port: settings.port)
        let freeze = FreezeAttack(
            loop: loop, port: settings.port, clients: freezeClients, messages: freezeMessages,
            seconds: freezeSeconds, holdMillis: freezeHoldMillis, receiveBufferBytes: freezeReceiveBufferBytes,
            refBytes: freezeRefBytes, staggerMillis: freezeStaggerMillis
        )
        let noHello = NoHelloAttack(loop: loop, port: settings.port, count: noHelloSockets, concurrency: settings.concurrency)
        let dribble = DribbleAttack(loop: loop, port: settings.port, count: dribblers, intervalMillis: dribbleIntervalMillis)
        attackProbe.start()
        freeze.start()
        noHello.start()
        dribble.start()
        let attack = FanoutRound(
            loop: loop, publisher: publisher, fleet: fleet, target: settings.target,
            rate: rate, duration: duration, firstSeq: quiet.nextSeq, notBefore: runStart
        )
        attack.start()
        loop.run(until: deadline) { attack.isSent && freeze.isFinished }
        let attackComplete = attack.drain(until: min(MonotonicClock.now() + MonotonicClock.millis(drainMillis), deadline))
        attackProbe.stop()
        freeze.stop()
        let freezeTally = freeze.tally
        let noHelloTally = noHello.tally
        let dribbleTally = dribble.tally
        let attackResources = attackMeter.measure()
        let rssUnderAttack = settings.serverPID.flatMap { ProcessSample.of(pid: $0)?.rssKiB }
        noHello.disconnectAll()
        dribble.stop()

        // Recovery: once they have gone, does the server answer at once?
        let recoveryProbe = HealthProbe(loop: loop, port: settings.port)
        recoveryProbe.ask()
        loop.run(until: min(MonotonicClock.now() + MonotonicClock.millis(recoveryMillis), deadline)) { recoveryProbe.isIdle }
        let recovered = recoveryProbe.answered > 0 && recoveryProbe.failed == 0
        recoveryProbe.stop()
        let serverAfter = settings.serverPID.flatMap { ProcessSample.of(pid: $0) }

        // Figures.
        let quietP99 = quiet.latency.micros(at: 99)
        let attackP99 = attack.latency.micros(at: 99)
        let ratio = quietP99.flatMap { q in attackP99.map { q > 0 ? Double($0) / Double(q) : 0 } }
        report.set("quiet", .object(
            quiet.fields(messageBytes: settings.messageBytes)
                + [("unacknowledged", .int(quiet.unacknowledged)), ("undelivered", .int(quiet.undelivered)), ("healthz", quietProbe.summary), ("resources", .object(quietResources.fields))]
        ))
        report.set("attack", .object(
            attack.fields(messageBytes: settings.messageBytes)
                + [("unacknowledged", .int(attack.unacknowledged)), ("undelivered", .int(attack.undelivered)), ("healthz", attackProbe.summary)]
        ))
        report.set("resources", .object(attackResources.fields))
        report.set("p99Ratio", .optional(ratio))
        // Lost, for the target "0 lost": every copy of an event the server did not refuse.
        report.set("lost", quiet.undelivered + attack.undelivered)
        report.set("attackers", .object([
            ("source", .string(LoopbackSocket.addressText(LoopbackSocket.attackerAddress))),
            ("refused", .int(freezeTally.refusedCount + noHelloTally.refusedCount + dribbleTally.refusedCount)),
            ("closedByServer", .int(freezeTally.closedCount + noHelloTally.closedCount + dribbleTally.closedCount)),
            ("freeze", .object(freezeTally.summary + [
                ("messagesEach", .int(freezeMessages)), ("seconds", .double(freezeSeconds)),
                ("receiveBufferBytes", .int(freezeReceiveBufferBytes)), ("refBytes", .int(freezeRefBytes)),
                ("staggerMs", .int(freezeStaggerMillis)), ("messagesQueued", .int(freeze.messagesQueued)),
                ("messagesSent", .int(freeze.messagesSent)), ("stalledAtHalfClose", .int(freeze.stalledCount)),
            ])),
            ("noHello", .object(noHelloTally.summary + [("messagesReceived", .int(noHello.messagesReceived))])),
            ("dribble", .object(dribbleTally.summary + [
                ("path", .string(dribble.path)), ("intervalMs", .int(dribbleIntervalMillis)), ("bytesDribbled", .int(dribble.bytesDribbled)),
            ])),
        ]))
        report.set("server", .object([
            ("rssKiBBeforeAttack", .optional(rssBefore)), ("rssKiBUnderAttack", .optional(rssUnderAttack)),
            ("rssKiBAfterAttackersLeft", .optional(serverAfter?.rssKiB)), ("peakRssKiB", .optional(serverAfter?.peakKiB)),
            ("healthzAfterAttack", recoveryProbe.summary), ("recovered", .bool(recovered)),
        ]))

        report.note("quiet round:")
        for line in quiet.notes { report.note("  " + line) }
        report.note("  worst latency by second: " + quiet.worstBySecond.map { Histogram<UInt64>.format($0) }.joined(separator: ", "))
        report.note("  \(quiet.unacknowledged) events never acknowledged; \(quiet.undelivered) copies undelivered in all")
        report.note("  " + quietProbe.text)
        report.note("  " + quietResources.line)
        report.note("under attack from \(LoopbackSocket.addressText(LoopbackSocket.attackerAddress)):")
        for line in attack.notes { report.note("  " + line) }
        report.note("  \(attack.unacknowledged) events never acknowledged; \(attack.undelivered) copies undelivered in all")
        report.note("  worst latency by second: " + attack.worstBySecond.map { Histogram<UInt64>.format($0) }.joined(separator: ", "))
        report.note("  " + attackProbe.text)
        report.note("  " + attackResources.line)
        report.note("p99 under attack \(Self.millis(attackP99)) vs quiet \(Self.millis(quietP99))" + (ratio.map { " (×\(ResourceMeter.rounded($0)))" } ?? ""))
        report.note("freeze: \(freezeTally.text); \(freeze.messagesSent)/\(freeze.messagesQueued) messages went out, \(freeze.stalledCount) clients stalled (server not reading) at the half-close")
        report.note("no hello: \(noHelloTally.text); \(noHello.messagesReceived) messages received")
        report.note("dribble: \(dribbleTally.text); \(dribble.bytesDribbled) body bytes sent")
        report.note("server RSS \(rssBefore ?? 0) KiB before the attack, \(rssUnderAttack ?? 0) KiB under it, \(serverAfter?.rssKiB ?? 0) KiB after; peak \(serverAfter?.peakKiB ?? 0) KiB")
        report.note("after the attackers left, " + (recovered ? "/healthz answered in \(Histogram<UInt64>.format(recoveryProbe.longestWaitMicros))" : "/healthz did not answer within \(recoveryMillis) ms"))

        publisher.describe(into: &report)
        report.check(quietComplete, "quiet round: deliveries still missing \(drainMillis) ms after the last send")
        report.check(attackComplete, "under attack: deliveries still missing \(drainMillis) ms after the last send")
        report.check(quiet.undelivered == 0 && attack.undelivered == 0, "copies lost: \(quiet.undelivered) quiet, \(attack.undelivered) under attack (unacknowledged events included)")
        report.check(quiet.seqGaps == 0 && attack.seqGaps == 0, "seq gaps: \(quiet.seqGaps) quiet, \(attack.seqGaps) under attack")
        report.check(quiet.unacknowledged == 0 && attack.unacknowledged == 0, "the server never acknowledged \(quiet.unacknowledged + attack.unacknowledged) of the host's events")
        report.check(fleet.droppedCount == 0, "\(fleet.droppedCount) viewers were disconnected")
        if let limit = p99RatioLimit, let ratio {
            report.check(ratio <= limit, "p99 under attack is \(ResourceMeter.rounded(ratio))× the quiet p99 (limit \(ResourceMeter.rounded(limit))×)")
        }
        let localFailures = freezeTally.localFailureCount + noHelloTally.localFailureCount + dribbleTally.localFailureCount
        report.check(localFailures == 0, "\(localFailures) attacking sockets could not be opened here (see the attackers' localFailures)")
        report.check(recovered, "the server did not answer /healthz within \(recoveryMillis) ms after the attackers left")
        if let pid = settings.serverPID {
            report.check(serverAfter != nil, "the server process \(pid) is gone")
        }
        return report
    }

    private static func millis(_ micros: UInt64?) -> String {
        micros.map { Histogram<UInt64>.format($0) } ?? "-"
    }
}
