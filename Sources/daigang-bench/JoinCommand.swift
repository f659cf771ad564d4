internal import ArgumentParser

/// `daigang-bench join`: see `JoinScenario`.
struct JoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join", abstract: "N viewers connect and say hello as fast as possible; time until all are welcomed."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        try ScenarioRunner.run([JoinScenario()], options: common)
    }
}
