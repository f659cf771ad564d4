internal import ArgumentParser

/// `daigang-bench smoke`: every scenario once, small and quick (for `make test`).
struct SmokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Runs every scenario with small sizes (default 20 viewers) in a few seconds.",
        discussion: """
        idle runs only with --server-pid; apply and queue only against Daigang (they need the raised limits). \
        abuse is not part of it: it attacks the server, so bench/run.py --smoke runs it on a server of its own.
        """
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        var scenarios: [any Scenario] = [
            JoinScenario(),
            BurstScenario(rounds: 3, gapMillis: 100),
            FanoutScenario(rate: 50, duration: 1, drainMillis: 3000),
        ]
        if common.serverPID != nil { scenarios.append(IdleScenario(settleMillis: 300)) }
        if common.target == .daigang {
            scenarios.append(ApplyScenario(clients: 5, rate: .perSecond(100), duration: 1))
            scenarios.append(QueueScenario(calls: 3, rate: 20))
        }
        try ScenarioRunner.run(scenarios, options: common)
    }
}
