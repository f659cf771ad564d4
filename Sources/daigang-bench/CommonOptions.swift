internal import ArgumentParser

/// Options every scenario shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "Server kind: daigang or nchan.")
    var target: Target = .daigang

    @Option(help: "Server address; only 127.0.0.1 (or localhost) is accepted.")
    var host = "127.0.0.1"

    @Option(help: "Server port.")
    var port = 8080

    @Option(help: "Daigang session id.")
    var session = "demo"

    @Option(name: .customLong("host-token"), help: "Daigang host token.")
    var hostToken = "demo-host-token"

    @Option(help: "nchan channel id ([A-Za-z0-9_]).")
    var channel = "bench"

    @Option(help: "Number of viewer connections (at most what RLIMIT_NOFILE allows).")
    var viewers = 20

    @Option(help: "Handshakes in flight at once while viewers join.")
    var concurrency = 500

    @Option(name: .customLong("server-pid"), help: "Server process id, to report its CPU time and memory.")
    var serverPID: Int32?

    @Option(help: "Upper bound for the whole run, seconds.")
    var timeout: Double = 60

    @Option(name: .customLong("message-bytes"), help: "Event text size: the nchan body, the Daigang announce text (≤ 500).")
    var messageBytes = 128

    @Option(help: "Daigang viewers' hello catalog field: http asks for the compact welcome; omitted, the full snapshot.")
    var catalog: String?

    /// Checks the values (and raises the open-file limit to fit the viewers).
    func settings() throws -> BenchSettings {
        try LoopbackSocket.validateHost(host)
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1…65535") }
        guard viewers >= 1 else { throw ValidationError("--viewers must be at least 1") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard !channel.isEmpty, channel.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw ValidationError("--channel must be letters, digits or _")
        }
        let limit = try OpenFileLimit.raiseToHardLimit()
        // Room for the host, the publisher, the HR client, epoll, the timer and stdio.
        guard viewers + 16 <= limit else {
            throw ValidationError("--viewers \(viewers) needs more descriptors than RLIMIT_NOFILE allows (\(limit))")
        }
        let bytes = target == .daigang ? min(max(messageBytes, 1), 500) : max(messageBytes, 1)
        return BenchSettings(
            target: target, port: UInt16(port), session: session, hostToken: hostToken, channel: channel,
            viewers: viewers, concurrency: concurrency, serverPID: serverPID,
            timeout: MonotonicClock.seconds(timeout), messageBytes: bytes, catalog: catalog
        )
    }
}
