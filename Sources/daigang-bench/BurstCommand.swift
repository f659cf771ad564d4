internal import ArgumentParser

/// `daigang-bench burst`: see `BurstScenario`.
struct BurstCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "burst", abstract: "N viewers; one event; time until the last viewer has it, over several rounds."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of events (rounds).")
    var rounds = 5

    @Option(name: .customLong("gap-ms"), help: "Pause before each round, milliseconds.")
    var gapMillis = 500

    func run() throws {
        try ScenarioRunner.run([BurstScenario(rounds: rounds, gapMillis: gapMillis)], options: common)
    }
}
