internal import Histogram

/// `queue`: N viewers apply and take a ticket; the host then works through the first `calls`
/// tickets at `rate` per second (`queue_call`, then `queue_done interviewed`). Measures how
/// long after the last call every viewer's latest `queue_position` shows its final place
/// (and every called viewer has its `queue_ended`). Finally the remaining viewers leave the
/// line, so the next run starts with an empty one.
///
/// The config must allow N applies from one address (`limits.appliesPerMinutePerAddress`)
/// and a line that long (`queue.maxLength`, default 500).
struct QueueScenario: Scenario {
    let name = "queue"
    var calls = 20
    /// Calls per second.
    var rate: Double = 10
    var job = "job-xh-assembler"
    /// How long to wait for positions to settle after the last call.
    var settleMillis = 10_000

    private final class LineState {
        var leadIds: [String?]
        var tickets: [Int?]
        var positions: [Int?]
        var ended: [Bool]
        var joinResolved = 0
        var joinErrors: [String: Int] = [:]
        var joinLatency = Histogram<UInt64>.microseconds()
        var applyLatency = Histogram<UInt64>.microseconds()
        var applySentAt: [UInt64]
        var positionMessages = 0
        var leftOK = 0
        var leaveErrors = 0

        // Settling, once the calls begin.
        var isWatching = false
        var expectedEnded: [Bool]
        var expectedPosition: [Int?]
        var isSettled: [Bool]
        var settledCount = 0
        var watchedCount = 0
        var allSettledAt: UInt64 = 0

        init(viewers: Int) {
            leadIds = Array(repeating: nil, count: viewers)
            tickets = Array(repeating: nil, count: viewers)
            positions = Array(repeating: nil, count: viewers)
            ended = Array(repeating: false, count: viewers)
            applySentAt = Array(repeating: 0, count: viewers)
            expectedEnded = Array(repeating: false, count: viewers)
            expectedPosition = Array(repeating: nil, count: viewers)
            isSettled = Array(repeating: false, count: viewers)
        }

        /// Re-checks viewer `index` against its expected final state.
        func refresh(_ index: Int, now: UInt64) {
            guard isWatching, tickets[index] != nil else { return }
            let settled = expectedEnded[index] ? ended[index] : (!ended[index] && positions[index] == expectedPosition[index])
            guard settled != isSettled[index] else { return }
            isSettled[index] = settled
            settledCount += settled ? 1 : -1
            if settledCount == watchedCount { allSettledAt = now }
        }
    }

    /// The host's progress through its calls.
    private final class CallState {
        var order: [Int] = []
        var index = 0
        var isDone = false
        var start: UInt64 = 0
        var sentAt: UInt64 = 0
        var lastCallOKAt: UInt64 = 0
        var lastDoneOKAt: UInt64 = 0
        var callLatency = Histogram<UInt64>.microseconds()
        var doneLatency = Histogram<UInt64>.microseconds()
    }

    func run(_ settings: BenchSettings) throws -> Report {
        try settings.requireDaigang(for: name)
        let loop = try EventLoop()
        let runStart = MonotonicClock.now()
        let deadline = runStart + settings.timeout
        var report = Report(scenario: name, target: settings.target)
        let host = DaigangHost(settings: settings, loop: loop)
        try host.connect(deadline: deadline)
        defer { host.disconnect() }
        let fleet = ViewerFleet(settings: settings, count: settings.viewers, loop: loop)
        defer { fleet.disconnectAll() }
        fleet.joinAll(deadline: deadline, into: &report)

        // Phase 1: every viewer applies, then joins the line with its lead.
        let line = LineState(viewers: settings.viewers)
        let phones = PhoneBook()
        fleet.onMessage = { viewer, payload, now in
            if PayloadScan.hasType(payload, "queue_position") {
                line.positionMessages += 1
                line.positions[viewer] = PayloadScan.integer(payload, key: "position")
                line.refresh(viewer, now: now)
            } else if PayloadScan.hasType(payload, "queue_ended") {
                line.ended[viewer] = true
                line.refresh(viewer, now: now)
            } else if PayloadScan.hasType(payload, "applied") {
                guard let leadId = PayloadScan.string(payload, key: "leadId") else { return }
                line.applyLatency.record(nanoseconds: MonotonicClock.elapsed(from: line.applySentAt[viewer], to: now))
                line.leadIds[viewer] = leadId
                fleet.send(ClientMessage.queueJoin(ref: 2, leadId: leadId).json, to: viewer)
            } else if PayloadScan.hasType(payload, "queue_ticket") {
                line.tickets[viewer] = PayloadScan.integer(payload, key: "ticket")
                line.positions[viewer] = PayloadScan.integer(payload, key: "position")
                line.joinResolved += 1
                line.joinLatency.record(nanoseconds: MonotonicClock.elapsed(from: line.applySentAt[viewer], to: now))
            } else if PayloadScan.hasType(payload, "ok") {
                if PayloadScan.integer(payload, key: "ref") == 3 { line.leftOK += 1 }
            } else if PayloadScan.hasType(payload, "error") {
                let ref = PayloadScan.integer(payload, key: "ref")
                let code = PayloadScan.string(payload, key: "code") ?? "?"
                if ref == 1 || ref == 2 {
                    line.joinResolved += 1
                    line.joinErrors["\(ref == 1 ? "apply" : "queue_join"): \(code)", default: 0] += 1
                } else if ref == 3 {
                    line.leaveErrors += 1
                }
            }
        }
        let joinStart = MonotonicClock.now()
        for viewer in 0..<settings.viewers where fleet.isReady[viewer] {
            line.applySentAt[viewer] = joinStart
            fleet.send(ClientMessage.apply(ref: 1, jobId: job, name: "Queue \(viewer)", phone: phones.number(viewer)).json, to: viewer)
        }
        loop.run(until: deadline) { line.joinResolved >= fleet.connectedCount }
        let joinEnd = MonotonicClock.now()
        let ticketed = (0..<settings.viewers).filter { line.tickets[$0] != nil }
        report.set("ticketed", ticketed.count)
        report.set("joinMs", Double(joinEnd - joinStart) / 1e6)
        report.set("applyToAppliedUs", line.applyLatency.summary)
        report.set("applyToTicketUs", line.joinLatency.summary)
        report.note("\(ticketed.count) viewers applied and took a ticket in \(ResourceMeter.rounded(Double(joinEnd - joinStart) / 1e6)) ms")
        report.note("apply → applied \(line.applyLatency.text)")
        report.note("apply → queue_ticket \(line.joinLatency.text)")
        if !line.joinErrors.isEmpty {
            report.set("joinErrors", .object(line.joinErrors.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }))
            report.fail("joining failed: " + line.joinErrors.map { "\($0.value)× \($0.key)" }.joined(separator: ", ") + " (queue.maxLength? apply limits?)")
        }

        // Phase 2: the host calls and finishes the first K tickets, in line order.
        let calls = CallState()
        calls.order = ticketed.sorted { (line.tickets[$0] ?? 0) < (line.tickets[$1] ?? 0) }
        let callCount = min(max(0, self.calls), calls.order.count)
        for (rank, viewer) in calls.order.enumerated() {
            if rank < callCount {
                line.expectedEnded[viewer] = true
            } else {
                line.expectedPosition[viewer] = line.positions[viewer].map { $0 - callCount }
            }
        }
        line.watchedCount = calls.order.count
        line.isWatching = true
        for viewer in calls.order { line.refresh(viewer, now: MonotonicClock.now()) }

        let interval = UInt64(1e9 / max(rate, 0.001))
        func call() {
            guard calls.index < callCount, let ticket = line.tickets[calls.order[calls.index]] else {
                calls.isDone = true
                return
            }
            calls.sentAt = MonotonicClock.now()
            host.send(ClientMessage.queueCall(ref: 1000 + 2 * calls.index, ticket: ticket).json)
        }
        host.onMessage = { payload, now in
            guard PayloadScan.hasType(payload, "ok") || PayloadScan.hasType(payload, "error"),
                  let ref = PayloadScan.integer(payload, key: "ref"), ref >= 1000 else { return }
            if ref == 1000 + 2 * calls.index, let ticket = line.tickets[calls.order[calls.index]] {
                calls.callLatency.record(nanoseconds: MonotonicClock.elapsed(from: calls.sentAt, to: now))
                calls.lastCallOKAt = now
                calls.sentAt = now
                host.send(ClientMessage.queueDone(ref: ref + 1, ticket: ticket, outcome: "interviewed").json)
            } else if ref == 1000 + 2 * calls.index + 1 {
                calls.doneLatency.record(nanoseconds: MonotonicClock.elapsed(from: calls.sentAt, to: now))
                calls.lastDoneOKAt = now
                calls.index += 1
                if calls.index >= callCount {
                    calls.isDone = true
                } else {
                    loop.schedule(at: max(now, calls.start + UInt64(calls.index) * interval), call)
                }
            }
        }
        let meter = ResourceMeter(serverPID: settings.serverPID)
        calls.start = MonotonicClock.now()
        if callCount > 0 { call() } else { calls.isDone = true }
        loop.run(until: deadline) { calls.isDone || host.failure != nil }
        let callsEnd = MonotonicClock.now()
        let settled = loop.run(until: min(callsEnd + MonotonicClock.millis(settleMillis), deadline)) {
            line.settledCount == line.watchedCount
        }
        meter.finish(into: &report)
        let settleAfterDone = settled ? Double(line.allSettledAt &- min(line.allSettledAt, calls.lastDoneOKAt)) / 1e6 : nil
        let settleAfterCall = settled ? Double(line.allSettledAt &- min(line.allSettledAt, calls.lastCallOKAt)) / 1e6 : nil
        report.set("calls", calls.index)
        report.set("callRate", rate)
        report.set("callOkUs", calls.callLatency.summary)
        report.set("doneOkUs", calls.doneLatency.summary)
        report.set("positionMessages", line.positionMessages)
        report.set("settled", line.settledCount)
        report.set("settleAfterLastDoneMs", .optional(settleAfterDone))
        report.set("settleAfterLastCallMs", .optional(settleAfterCall))
        report.note("\(calls.index) calls at \(rate)/s: queue_call → ok \(calls.callLatency.text); queue_done → ok \(calls.doneLatency.text)")
        report.note("positions settled for \(line.settledCount)/\(line.watchedCount) viewers, \(settleAfterDone.map { ResourceMeter.rounded($0) } ?? "-") ms after the last queue_done (\(settleAfterCall.map { ResourceMeter.rounded($0) } ?? "-") ms after the last call); \(line.positionMessages) queue_position messages")
        host.describe(into: &report, as: "hostCommands")
        report.check(calls.index == callCount, "only \(calls.index)/\(callCount) calls completed")
        report.check(settled, "\(line.watchedCount - line.settledCount) viewers never saw their final position")
        report.check(fleet.droppedCount == 0, "\(fleet.droppedCount) viewers were disconnected")

        // Leave the line empty for the next run.
        var leaving = 0
        for viewer in calls.order.dropFirst(callCount) {
            guard let ticket = line.tickets[viewer] else { continue }
            fleet.send(ClientMessage.queueLeave(ref: 3, ticket: ticket).json, to: viewer)
            leaving += 1
        }
        loop.run(until: min(MonotonicClock.now() + MonotonicClock.millis(10_000), deadline)) {
            line.leftOK + line.leaveErrors >= leaving
        }
        report.set("left", line.leftOK)
        report.check(line.leftOK == leaving, "\(leaving - line.leftOK) viewers could not leave the line afterwards")
        return report
    }
}
