internal import ArgumentParser

/// `daigang-bench fanout`: see `FanoutScenario`.
struct FanoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout", abstract: "N viewers; events at --rate per second for --duration seconds; latency and loss."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Events per second (Daigang: at most limits.messagesPerSecond of the host).")
    var rate: Double = 50

    @Option(help: "Seconds of sending.")
    var duration: Double = 10

    @Option(name: .customLong("drain-ms"), help: "How long to wait for stragglers after the last send, milliseconds.")
    var drainMillis = 5000

    func run() throws {
        guard rate > 0, duration > 0 else { throw ValidationError("--rate and --duration must be positive") }
        try ScenarioRunner.run([FanoutScenario(rate: rate, duration: duration, drainMillis: drainMillis)], options: common)
    }
}
