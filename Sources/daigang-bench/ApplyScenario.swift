internal import Histogram

/// `apply`: C viewer clients apply to `job` with distinct phone numbers at a total target rate
/// (or as fast as answers come back) for `duration` seconds. Measures `apply` → `applied`
/// (durable on disk) latency and leads/s, then checks through the HR API that every
/// acknowledged lead id is stored.
///
/// The server config must allow it: `limits.appliesPerMinute` (per connection, ≤ 1000) ≥
/// 60 × rate / clients, `limits.appliesPerMinutePerAddress` ≥ 60 × rate, and
/// `limits.messagesPerSecond` ≥ rate / clients.
struct ApplyScenario: Scenario {
    let name = "apply"
    var clients = 50
    var rate = ApplyRate.perSecond(1000)
    var duration: Double = 10
    /// Applies each client keeps outstanding with `--rate max`.
    var pipeline = 1
    var job = "job-xh-assembler"
    var hrToken = "demo-hr-xinghe-electronics"
    var drainMillis = 10_000

    /// Requests and answers, indexed by `ref - 1`.
    private final class ApplyState {
        var scheduledAt: [UInt64] = []
        var answered = 0
        var acked = 0
        var duplicates = 0
        var errors: [String: Int] = [:]
        var leadIds: [String] = []
        var latency = Histogram<UInt64>.microseconds()
        var lastAckAt: UInt64 = 0
        var unexpected = 0
    }

    func run(_ settings: BenchSettings) throws -> Report {
        try settings.requireDaigang(for: name)
        let loop = try EventLoop()
        let runStart = MonotonicClock.now()
        let deadline = runStart + settings.timeout
        var report = Report(scenario: name, target: settings.target)
        let clientCount = max(1, clients)
        let fleet = ViewerFleet(settings: settings, count: clientCount, loop: loop)
        defer { fleet.disconnectAll() }
        fleet.joinAll(deadline: deadline, into: &report, noun: "clients")

        let state = ApplyState()
        let phones = PhoneBook()
        let start = MonotonicClock.now() + MonotonicClock.millis(50)
        let end = start + MonotonicClock.seconds(duration)

        /// Sends apply number `index` (ref `index + 1`) on client `index % C`, due at `due`.
        func sendApply(_ index: Int, due: UInt64, client: Int) {
            state.scheduledAt.append(due)
            let message = ClientMessage.apply(ref: index + 1, jobId: job, name: "Bench \(index)", phone: phones.number(index))
            fleet.send(message.json, to: client)
        }

        var isClosedLoop = false
        var total = 0
        switch rate {
        case let .perSecond(perSecond):
            total = max(1, Int((perSecond * duration).rounded()))
            let interval = UInt64(1e9 / perSecond)
            func tick() {
                let now = MonotonicClock.now()
                while state.scheduledAt.count < total {
                    let index = state.scheduledAt.count
                    let due = start + UInt64(index) * interval
                    guard due <= now else { break }
                    sendApply(index, due: due, client: index % clientCount)
                }
                if state.scheduledAt.count < total {
                    loop.schedule(at: start + UInt64(state.scheduledAt.count) * interval, tick)
                }
            }
            loop.schedule(at: start, tick)
        case .max:
            isClosedLoop = true
            loop.schedule(at: start) {
                let now = MonotonicClock.now()
                for client in 0..<clientCount where fleet.isReady[client] {
                    for _ in 0..<max(1, pipeline) { sendApply(state.scheduledAt.count, due: now, client: client) }
                }
            }
        }

        fleet.onMessage = { client, payload, now in
            let isApplied = PayloadScan.hasType(payload, "applied")
            guard isApplied || PayloadScan.hasType(payload, "error") else { return }
            guard let ref = PayloadScan.integer(payload, key: "ref"), ref >= 1, ref <= state.scheduledAt.count else {
                state.unexpected += 1
                return
            }
            state.answered += 1
            if isApplied {
                state.acked += 1
                state.lastAckAt = now
                state.latency.record(nanoseconds: MonotonicClock.elapsed(from: state.scheduledAt[ref - 1], to: now))
                if let id = PayloadScan.string(payload, key: "leadId") { state.leadIds.append(id) }
                if PayloadScan.find(payload, "\"duplicate\":true") != nil { state.duplicates += 1 }
            } else {
                state.errors[PayloadScan.string(payload, key: "code") ?? "?", default: 0] += 1
            }
            if isClosedLoop, now < end {
                sendApply(state.scheduledAt.count, due: now, client: client)
            }
        }

        let meter = ResourceMeter(serverPID: settings.serverPID)
        if isClosedLoop {
            loop.idle(until: min(end, deadline))
        } else {
            loop.run(until: deadline) { state.scheduledAt.count >= total }
        }
        let sendEnd = MonotonicClock.now()
        let complete = loop.run(until: min(sendEnd + MonotonicClock.millis(drainMillis), deadline)) {
            state.answered >= state.scheduledAt.count || fleet.connectedCount == 0
        }
        meter.finish(into: &report)

        let sent = state.scheduledAt.count
        let window = Double(state.lastAckAt &- start) / 1e9
        let leadsPerSecond = window > 0 ? Double(state.acked) / window : 0
        report.set("clients", clientCount)
        report.set("rate", rate.description)
        report.set("durationS", duration)
        report.set("sent", sent)
        report.set("acked", state.acked)
        report.set("duplicates", state.duplicates)
        report.set("errors", .object(state.errors.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }))
        report.set("unanswered", sent - state.answered)
        report.set("leadsPerSecond", leadsPerSecond)
        report.set("latencyUs", state.latency.summary)
        report.note("\(sent) applies from \(clientCount) clients at \(rate): \(state.acked) acked (\(state.duplicates) duplicates), \(Int(leadsPerSecond.rounded())) leads/s, errors \(state.errors.isEmpty ? "none" : state.errors.map { "\($0.value)× \($0.key)" }.joined(separator: ", "))")
        report.note("apply → applied (from scheduled time): \(state.latency.text)")
        report.check(complete, "\(sent - state.answered) applies unanswered \(drainMillis) ms after the last send")
        report.check(state.errors.isEmpty, "some applies were refused (raise limits.appliesPerMinute / appliesPerMinutePerAddress / messagesPerSecond?)")

        // Every acknowledged lead must be in the store, as HR sees it.
        let audit = LeadsAudit(settings: settings, loop: loop, token: hrToken, job: job)
        do {
            let auditStart = MonotonicClock.now()
            try audit.fetchAll(deadline: deadline)
            let missing = state.leadIds.filter { !audit.ids.contains($0) }
            report.set("missing", missing.count)
            report.set("auditPages", audit.pages)
            report.note("HR API: \(audit.ids.count) leads in \(audit.pages) pages (\(ResourceMeter.rounded(Double(MonotonicClock.now() - auditStart) / 1e6)) ms); acked but missing: \(missing.count)")
            report.check(missing.isEmpty, "\(missing.count) acked leads missing from GET /api/leads, e.g. \(missing.prefix(5).joined(separator: ", "))")
            report.check(state.leadIds.count == state.acked, "\(state.acked - state.leadIds.count) applied replies without a leadId")
        } catch {
            report.set("missing", .null)
            report.fail("could not check the leads: \(error)")
        }
        return report
    }
}
