internal import ArgumentParser

/// `daigang-bench idle`: see `IdleScenario`.
struct IdleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle", abstract: "N idle viewers; the server's memory per connection (needs --server-pid)."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("settle-ms"), help: "Pause after the last welcome before reading the server's RSS, milliseconds.")
    var settleMillis = 1500

    func run() throws {
        try ScenarioRunner.run([IdleScenario(settleMillis: settleMillis)], options: common)
    }
}
