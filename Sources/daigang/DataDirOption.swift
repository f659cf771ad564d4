import ArgumentParser
import DaigangCore
import Foundation

/// `--data-dir` and `--config` for the offline commands: the same directory `serve` would use.
struct DataDirOptions: ParsableArguments {
    @Option(help: "The config file (its dataDir is used unless --data-dir is given).")
    var config = "config/daigang.json"

    @Option(help: "The store's directory.")
    var dataDir: String?

    func resolve() throws -> String {
        if let dataDir { return URL(fileURLWithPath: dataDir).standardizedFileURL.path }
        do {
            let loaded = try LoadedConfig(path: config)
            return loaded.resolve(loaded.config.dataDir)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}
