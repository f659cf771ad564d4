internal import ArgumentParser

/// `daigang-bench apply`: see `ApplyScenario`.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "C clients apply at a total rate; apply → applied latency, leads/s, and a check through the HR API.",
        discussion: """
        Needs a config with raised limits, e.g. "limits": {"appliesPerMinute": 1000, \
        "appliesPerMinutePerAddress": 100000, "messagesPerSecond": 1000}; per connection at most \
        1000 applies a minute, so use --clients ≥ 60 × rate / 1000 for long runs.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Viewer connections that apply.")
    var clients = 50

    @Option(help: "Total applies per second, or max (each client waits for its answer).")
    var rate = ApplyRate.perSecond(1000)

    @Option(help: "Seconds of applying.")
    var duration: Double = 10

    @Option(help: "Applies each client keeps outstanding with --rate max.")
    var pipeline = 1

    @Option(help: "Job to apply to (a job of the session).")
    var job = "job-xh-assembler"

    @Option(name: .customLong("hr-token"), help: "HR token of the job's employer, to read the leads back.")
    var hrToken = "demo-hr-xinghe-electronics"

    func run() throws {
        guard clients >= 1, duration > 0, pipeline >= 1 else { throw ValidationError("--clients, --duration and --pipeline must be positive") }
        let scenario = ApplyScenario(clients: clients, rate: rate, duration: duration, pipeline: pipeline, job: job, hrToken: hrToken)
        try ScenarioRunner.run([scenario], options: common)
    }
}
