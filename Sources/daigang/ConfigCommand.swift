import ArgumentParser
import DaigangCore

/// `daigang config …`: work with config files without starting anything.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check configuration files.",
        subcommands: [Check.self]
    )

    /// `daigang config check [PATH]`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a config file and report the first problem, naming the key.")

        @Argument(help: "The config file.")
        var path = "config/daigang.json"

        func run() throws {
            do {
                let loaded = try LoadedConfig(path: path)
                let jobs = loaded.config.sessions.reduce(0) { $0 + $1.jobs.count }
                printLine("config ok: \(loaded.config.sessions.count) session(s), \(jobs) job(s), \(loaded.config.employers.count) employer(s)")
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
    }
}
