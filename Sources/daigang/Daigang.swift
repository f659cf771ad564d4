import ArgumentParser

/// `daigang`: the live hub for official-led livestream recruiting.
@main
struct Daigang: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "daigang",
        abstract: "Daigang (直播带岗): the live hub beside a recruiting livestream.",
        version: version,
        subcommands: [Serve.self, ConfigCommand.self, StoreCommand.self, LeadsCommand.self, AuditCommand.self, SheetCommand.self]
    )
}
