internal import ArgumentParser

/// `daigang-bench queue`: see `QueueScenario`.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "N viewers take tickets; the host calls at --rate; time until every viewer's position is final.",
        discussion: """
        Needs "queue": {"maxLength": ≥ N} and "limits": {"appliesPerMinutePerAddress": ≥ N} in the config.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Tickets the host calls and finishes.")
    var calls = 20

    @Option(help: "Calls per second.")
    var rate: Double = 10

    @Option(help: "Job the viewers apply to.")
    var job = "job-xh-assembler"

    func run() throws {
        guard rate > 0, calls >= 0 else { throw ValidationError("--rate must be positive and --calls not negative") }
        try ScenarioRunner.run([QueueScenario(calls: calls, rate: rate, job: job)], options: common)
    }
}
