import DaigangCore
import Foundation

/// A config file read from disk, with its relative paths resolved against the file's directory.
struct LoadedConfig {
    var config: DaigangConfig
    let directory: URL

    init(path: String) throws(ConfigError) {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ConfigError("config file \(path) not found")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigError("config file \(path) cannot be read")
        }
        config = try DaigangConfig.parse(data, environment: ProcessInfo.processInfo.environment)
        directory = url.deletingLastPathComponent().standardizedFileURL
    }

    /// An absolute path for a path written in the config.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return directory.appendingPathComponent(path).standardizedFileURL.path
    }
}

/// Prints a one-line error in the CLI's style.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("daigang: error: \(message)\n".utf8))
}

/// Writes a line to stdout unbuffered, so a parent process reading a pipe sees it at once.
func printLine(_ message: String) {
    FileHandle.standardOutput.write(Data((message + "\n").utf8))
}
