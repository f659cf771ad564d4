/// `idle`: how much server memory does one idle, welcomed viewer cost? Reads the server's
/// VmRSS before connecting and after every viewer is ready (plus a settling pause).
struct IdleScenario: Scenario {
    let name = "idle"
    /// Pause after the last welcome before the second reading (counters go out once a second).
    var settleMillis = 1500

    func run(_ settings: BenchSettings) throws -> Report {
        let loop = try EventLoop()
        let start = MonotonicClock.now()
        let deadline = start + settings.timeout
        var report = Report(scenario: name, target: settings.target)
        guard let pid = settings.serverPID else {
            report.fail("needs --server-pid to read the server's memory")
            return report
        }
        guard let before = ProcessSample.of(pid: pid)?.rssKiB else {
            report.fail("cannot read /proc/\(pid)/status")
            return report
        }
        let fleet = ViewerFleet(settings: settings, count: settings.viewers, loop: loop)
        defer { fleet.disconnectAll() }
        let meter = ResourceMeter(serverPID: pid)
        let settled = fleet.connectAll(deadline: deadline)
        loop.idle(until: min(MonotonicClock.now() + MonotonicClock.millis(settleMillis), deadline))
        meter.finish(into: &report)
        let after = ProcessSample.of(pid: pid)
        fleet.describeJoin(into: &report)

        let grown = (after?.rssKiB ?? before) - before
        let perConnection = fleet.connectedCount > 0 ? Double(grown) / Double(fleet.connectedCount) : 0
        report.set("rssKiBBefore", before)
        report.set("rssKiBAfter", .optional(after?.rssKiB))
        report.set("peakRssKiB", .optional(after?.peakKiB))
        report.set("kibPerConnection", perConnection)
        report.note("server RSS \(before) → \(after?.rssKiB ?? 0) KiB with \(fleet.connectedCount) idle viewers: \(ResourceMeter.rounded(perConnection)) KiB per connection (peak \(after?.peakKiB ?? 0) KiB)")
        report.check(settled && fleet.failedCount == 0, "only \(fleet.readyCount)/\(settings.viewers) viewers joined")
        report.check(fleet.droppedCount == 0, "\(fleet.droppedCount) viewers were disconnected")
        return report
    }
}
