/// How the listener runs; built by the CLI from the config with paths already resolved.
public struct ServerOptions: Sendable {
    public var host: String
    public var port: Int
    /// Extra origins allowed to open the WebSocket; the page's own origin always is.
    public var allowedOrigins: [String]
    public var certificatePath: String?
    public var privateKeyPath: String?
    public var pingIntervalSeconds: Int
    public var idleTimeoutSeconds: Int
    /// Absolute path of the pages directory.
    public var webRoot: String
    public var maxConnections: Int
    /// Frames queued for one connection before it is judged too slow and closed.
    public var outboundQueueFrames: Int
    /// Largest WebSocket message accepted; larger closes with 1009.
    public var maxMessageBytes = 64 * 1024
    /// How long a graceful shutdown waits for clients to take their close frames.
    public var shutdownGraceMillis: Int64 = 3000

    public init(host: String, port: Int, allowedOrigins: [String], certificatePath: String?, privateKeyPath: String?, pingIntervalSeconds: Int, idleTimeoutSeconds: Int, webRoot: String, maxConnections: Int, outboundQueueFrames: Int) {
        self.host = host
        self.port = port
        self.allowedOrigins = allowedOrigins
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.pingIntervalSeconds = pingIntervalSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.webRoot = webRoot
        self.maxConnections = maxConnections
        self.outboundQueueFrames = outboundQueueFrames
    }

    public var usesTLS: Bool { certificatePath != nil && privateKeyPath != nil }
}
