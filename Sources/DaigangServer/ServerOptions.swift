public import DaigangCore

/// How the listener runs; built by the CLI from the config with paths already resolved.
public struct ServerOptions: Sendable, Equatable {
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
    /// A WebSocket must send `hello` this soon after the upgrade, or it is hard-closed.
    public var helloTimeoutSeconds = 10
    /// An HTTP request's headers and body must arrive this soon (and its answer be taken within
    /// three times this), or the socket is hard-closed.
    public var requestTimeoutSeconds = 10
    /// A connection being closed (close handshake, too-slow viewer) is hard-closed after this.
    public var closeTimeoutSeconds = 5
    /// Open sockets from one client address at most; a trusted proxy's own address is exempt.
    public var connectionsPerAddress = 2_000
    /// WebSockets from one address that have not said `hello`, at most.
    public var unwelcomedPerAddress = 500
    /// HTTP requests from one address whose body is still arriving, at most.
    public var bodiesPerAddress = 32
    /// Proxies whose `X-Forwarded-For` is believed.
    public var trustedProxies: Set<String> = []
    /// `server.publicURL`: the base of every link we hand out; nil uses the request's Host.
    public var publicURL: String?
    /// Who may read `/metrics`.
    public var metrics = MetricsSettings()

    /// Sockets kept beyond `maxConnections` WebSockets for HTTP, so that at the WebSocket cap the
    /// pages, `/healthz` and the APIs still answer: 5 %, at least 16.
    public var httpHeadroom: Int { Self.httpHeadroom(forConnections: maxConnections) }

    /// The HTTP headroom kept beside `maxConnections` WebSockets.
    public static func httpHeadroom(forConnections maxConnections: Int) -> Int { max(16, maxConnections / 20) }

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
