/// Client and server CPU (and server memory) over one measured phase, so a report shows
/// whether the load generator or the server was the busy one.
struct ResourceMeter {
    let serverPID: Int32?
    private let startedAt: UInt64
    private let client: ProcessSample
    private let server: ProcessSample?

    /// Samples both processes now.
    init(serverPID: Int32?) {
        self.serverPID = serverPID
        startedAt = MonotonicClock.now()
        client = ProcessSample.current()
        server = serverPID.flatMap { ProcessSample.of(pid: $0) }
    }

    /// The server's VmRSS at the start, KiB.
    var serverRSSAtStart: Int? { server?.rssKiB }

    /// Samples again and adds `clientCpuMs`, `serverCpuMs`, their share of the wall time and
    /// the server's memory to `report` (as `resources`).
    func finish(into report: inout Report) {
        let (fields, line) = measure()
        report.set("resources", .object(fields))
        report.note(line)
    }

    /// Samples again: the figures `finish` reports, and its summary line.
    func measure() -> (fields: [(String, ReportValue)], line: String) {
        let elapsed = Double(MonotonicClock.now() - startedAt) / 1e6
        let clientNow = ProcessSample.current()
        let clientCPU = Double(clientNow.cpuNanos - client.cpuNanos) / 1e6
        var fields: [(String, ReportValue)] = [
            ("wallMs", .double(elapsed)), ("clientCpuMs", .double(clientCPU)),
            ("clientCpuPercent", .double(elapsed > 0 ? clientCPU / elapsed * 100 : 0)),
        ]
        var line = "client CPU \(Self.rounded(clientCPU)) ms (\(Self.percent(clientCPU, of: elapsed)) of \(Self.rounded(elapsed)) ms wall)"
        if let pid = serverPID, let before = server, let after = ProcessSample.of(pid: pid) {
            let serverCPU = Double(after.cpuNanos &- before.cpuNanos) / 1e6
            fields += [
                ("serverCpuMs", .double(serverCPU)),
                ("serverCpuPercent", .double(elapsed > 0 ? serverCPU / elapsed * 100 : 0)),
                ("serverRssKiBBefore", .optional(before.rssKiB)), ("serverRssKiBAfter", .optional(after.rssKiB)),
                ("serverPeakRssKiB", .optional(after.peakKiB)),
            ]
            line += "; server CPU \(Self.rounded(serverCPU)) ms (\(Self.percent(serverCPU, of: elapsed))), RSS \(before.rssKiB ?? 0) → \(after.rssKiB ?? 0) KiB, peak \(after.peakKiB ?? 0) KiB"
        } else if serverPID != nil {
            line += "; server process not readable"
        } else {
            line += "; server CPU not measured (no --server-pid)"
        }
        return (fields, line)
    }

    static func rounded(_ value: Double) -> String {
        String((value * 10).rounded() / 10)
    }

    static func percent(_ part: Double, of whole: Double) -> String {
        whole > 0 ? "\(Int((part / whole * 100).rounded()))%" : "-"
    }
}
