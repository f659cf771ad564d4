import ArgumentParser
import DaigangBuildInfo

/// `daigang`: the live hub for official-led livestream recruiting.
@main
struct Daigang: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daigang",
        abstract: "Daigang (直播带岗): the live hub beside a recruiting livestream.",
        version: BuildInfo.json,  // the same JSON as /version
        subcommands: [Serve.self, ConfigCommand.self, StoreCommand.self, LeadsCommand.self, AuditCommand.self, SheetCommand.self]
    )
}
