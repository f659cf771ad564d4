internal import ArgumentParser

/// `daigang-bench abuse`: see `AbuseScenario`.
struct AbuseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abuse",
        abstract: "N viewers get events at --rate, quiet and then under attack from 127.0.0.2; latency, loss, server memory, attackers refused.",
        discussion: """
        Attackers connect from 127.0.0.2 (Linux routes all of 127/8 to loopback): freeze clients \
        (tiny receive buffer, never read, send invalid messages, half-close, close), sockets that \
        never say hello, and POSTs that dribble their body. The server refusing or closing them is \
        reported, not counted as a failure. Daigang only.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Events per second, in both rounds.")
    var rate: Double = 20

    @Option(help: "Seconds of events in each round (quiet, then under attack).")
    var duration: Double = 12

    @Option(name: .customLong("drain-ms"), help: "How long to wait for stragglers after a round's last send, milliseconds.")
    var drainMillis = 5000

    @Option(name: .customLong("freeze-clients"), help: "Clients running the freeze recipe.")
    var freezeClients = 4

    @Option(name: .customLong("freeze-messages"), help: "Invalid messages each freeze client sends.")
    var freezeMessages = 12_000

    @Option(name: .customLong("freeze-seconds"), help: "Seconds over which each freeze client sends them.")
    var freezeSeconds: Double = 6

    @Option(name: .customLong("freeze-hold-ms"), help: "How long a freeze client stays half-closed before closing, milliseconds.")
    var freezeHoldMillis = 1000

    @Option(name: .customLong("freeze-rcvbuf"), help: "SO_RCVBUF of the freeze clients, bytes (set before connecting).")
    var freezeReceiveBuffer = 4096

    @Option(name: .customLong("freeze-ref-bytes"), help: "Length of the ref each freeze message carries; the server echoes it in every error (≤ 200).")
    var freezeRefBytes = 190

    @Option(name: .customLong("freeze-stagger-ms"), help: "Milliseconds between one freeze client's start and the next one's.")
    var freezeStaggerMillis = 1000

    @Option(name: .customLong("no-hello"), help: "Sockets that upgrade and never say hello.")
    var noHello = 3000

    @Option(help: "HTTP POSTs that send their 64 KiB body one byte at a time.")
    var dribblers = 500

    @Option(name: .customLong("dribble-interval-ms"), help: "Milliseconds between a dribbler's bytes.")
    var dribbleIntervalMillis = 2000

    @Option(name: .customLong("max-p99-ratio"), help: "Fail when the attacked p99 exceeds this multiple of the quiet p99 (0: do not check).")
    var maxP99Ratio: Double = 2

    func run() throws {
        guard rate > 0, duration > 0 else { throw ValidationError("--rate and --duration must be positive") }
        guard freezeClients >= 0, freezeMessages >= 0, noHello >= 0, dribblers >= 0, (0...1000).contains(freezeRefBytes) else {
            throw ValidationError("attacker counts must not be negative, --freeze-ref-bytes 0…1000")
        }
        guard freezeSeconds >= 0, freezeHoldMillis >= 0, freezeStaggerMillis >= 0, dribbleIntervalMillis >= 1, maxP99Ratio >= 0 else {
            throw ValidationError("--freeze-seconds, --freeze-hold-ms, --freeze-stagger-ms and --max-p99-ratio must not be negative, --dribble-interval-ms positive")
        }
        // Viewers, attackers, the host, the probes, epoll, the timer and stdio, all in this process.
        let limit = try OpenFileLimit.raiseToHardLimit()
        let needed = common.viewers + freezeClients + noHello + dribblers + 32
        guard needed <= limit else {
            throw ValidationError("viewers and attackers need \(needed) descriptors; RLIMIT_NOFILE allows \(limit)")
        }
        let scenario = AbuseScenario(
            rate: rate, duration: duration, drainMillis: drainMillis,
            freezeClients: freezeClients, freezeMessages: freezeMessages, freezeSeconds: freezeSeconds,
            freezeHoldMillis: freezeHoldMillis, freezeReceiveBufferBytes: freezeReceiveBuffer, freezeRefBytes: freezeRefBytes,
            freezeStaggerMillis: freezeStaggerMillis,
            noHelloSockets: noHello, dribblers: dribblers, dribbleIntervalMillis: dribbleIntervalMillis,
            p99RatioLimit: maxP99Ratio > 0 ? maxP99Ratio : nil
        )
        try ScenarioRunner.run([scenario], options: common)
    }
}
