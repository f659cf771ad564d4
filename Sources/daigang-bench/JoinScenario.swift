/// `join`: N viewers connect and say hello as fast as the server lets them (at most
/// `--concurrency` handshakes in flight); how long until all are welcomed?
struct JoinScenario: Scenario {
    let name = "join"

    func run(_ settings: BenchSettings) throws -> Report {
        let loop = try EventLoop()
        let start = MonotonicClock.now()
        let deadline = start + settings.timeout
        var report = Report(scenario: name, target: settings.target)
        let fleet = ViewerFleet(settings: settings, count: settings.viewers, loop: loop)
        defer { fleet.disconnectAll() }

        let meter = ResourceMeter(serverPID: settings.serverPID)
        let settled = fleet.connectAll(deadline: deadline)
        let elapsed = fleet.readyCount > 0 ? Double(fleet.lastReadyAt - fleet.firstStartAt) / 1e9 : 0
        let (resources, line) = meter.measure()
        report.set("resources", .object(resources))
        report.note(line)
        if fleet.readyCount > 0, case .double(let serverCPU)? = resources.first(where: { $0.0 == "serverCpuMs" })?.1 {
            report.set("serverCpuUsPerJoin", serverCPU * 1000 / Double(fleet.readyCount))
        }

        fleet.describeJoin(into: &report)
        let perSecond = elapsed > 0 ? Double(fleet.readyCount) / elapsed : 0
        report.set("concurrency", settings.concurrency)
        report.set("allReadyMs", elapsed * 1000)
        report.set("connectionsPerSecond", perSecond)
        report.note("\(fleet.readyCount)/\(settings.viewers) viewers ready in \(ResourceMeter.rounded(elapsed * 1000)) ms → \(Int(perSecond.rounded())) connections/s (\(settings.concurrency) in flight)")
        report.note("connect → ready: \(fleet.joinLatency.text)")
        report.check(settled, "timed out: \(settings.viewers - fleet.readyCount - fleet.failedCount) viewers still joining")
        report.check(fleet.failedCount == 0, "\(fleet.failedCount) viewers failed to join")
        report.check(fleet.droppedCount == 0, "\(fleet.droppedCount) viewers were disconnected")
        return report
    }
}
