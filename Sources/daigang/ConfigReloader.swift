import DaigangCore
import DaigangServer
import Logging

/// Re-reads the config file on SIGHUP and works out what the running server takes from it.
///
/// Lives on the signal thread: reading and checking the file is I/O, kept off the service
/// thread, which only applies the finished `ServerReload`. It remembers what is running, so a
/// second SIGHUP compares against the first one's result.
struct ConfigReloader: Sendable {
    let path: String
    /// The config the server runs on (the file at start, then each accepted reload).
    private var running: DaigangConfig
    /// The options the server runs on.
    private var options: ServerOptions
    /// WebSocket connections the open-file limit leaves room for.
    let connectionCeiling: Int
    let logger: Logger

    init(path: String, running: DaigangConfig, options: ServerOptions, connectionCeiling: Int, logger: Logger) {
        self.path = path
        self.running = running
        self.options = options
        self.connectionCeiling = connectionCeiling
        self.logger = logger
    }

    /// The file's live keys applied to what runs, or why the file was refused.
    mutating func reload() -> ServerReload {
        let file: DaigangConfig
        do {
            file = try LoadedConfig(path: path).config
        } catch {
            return ServerReload(problem: error.description)
        }
        let reload = ConfigReload(running: running, file: file)
        running = reload.config
        let server = reload.config.server
        options.allowedOrigins = server.allowedOrigins
        options.trustedProxies = Set(server.trustedProxies)
        options.pingIntervalSeconds = server.pingIntervalSeconds
        options.idleTimeoutSeconds = server.idleTimeoutSeconds
        options.helloTimeoutSeconds = server.helloTimeoutSeconds
        options.closeTimeoutSeconds = server.closeTimeoutSeconds
        options.connectionsPerAddress = server.connectionsPerAddress
        options.unwelcomedPerAddress = server.unwelcomedPerAddress
        options.bodiesPerAddress = server.bodiesPerAddress
        options.outboundQueueFrames = reload.config.limits.outboundQueueFrames
        options.maxConnections = Serve.fitToOpenFiles(server.maxConnections, ceiling: connectionCeiling, logger: logger)
        return ServerReload(options: options, hubSettings: reload.config.hubSettings, changed: reload.changed, needsRestart: reload.needsRestart)
    }
}
