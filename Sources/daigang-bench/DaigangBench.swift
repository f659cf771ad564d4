internal import ArgumentParser

/// `daigang-bench`: a single-threaded epoll load generator for Daigang (and nginx+nchan, for
/// comparison). Connects only to 127.0.0.1; every run is bounded by `--timeout`.
@main
struct DaigangBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daigang-bench",
        abstract: "Load generator for the Daigang server (and nginx+nchan as a yardstick).",
        discussion: """
        Each scenario prints a summary and one line `RESULT {json}`; the exit status is non-zero \
        when a check failed (lost messages, missing leads, viewers that could not join).
        """,
        subcommands: [
            JoinCommand.self, BurstCommand.self, FanoutCommand.self, IdleCommand.self,
            ApplyCommand.self, QueueCommand.self, AbuseCommand.self, SmokeCommand.self, FiguresCommand.self,
        ]
    )
}
