public import Foundation

/// The whole configuration file, decoded strictly (unknown keys are errors) and validated.
///
/// Core only parses bytes; reading the file and resolving paths is the caller's job.
public struct DaigangConfig: Sendable, Equatable {
    public var server: ServerSettings
    public var limits: Limits
    public var store: StoreSettings
    public var queue: QueueSettings
    public var resumeGraceSeconds: Int
    public var dataDir: String
    public var hostToken: String
    /// The bootstrap organizer's token (`organizerToken`, env `DAIGANG_ORGANIZER_TOKEN`); `nil` for none.
    public var organizerToken: String?
    public var employers: [Employer]
    public var sessions: [SessionDefinition]
    /// Where the shortage board turns red and green (`board.thresholds`).
    public var boardThresholds = BoardThresholds.standard
    /// Who may read `/metrics`.
    public var metrics = MetricsSettings()
    /// How long leads keep their personal data (`retention.days`, `retention.sessions`).
    public var retention = RetentionPolicy()

    /// Listener settings.
    public struct ServerSettings: Sendable, Equatable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var allowedOrigins: [String] = []
        public var tls: TLSFiles?
        public var pingIntervalSeconds = 30
        public var idleTimeoutSeconds = 75
        public var webRoot = "../web-static"
        public var maxConnections = 15_000
        /// A WebSocket that has not sent `hello` this long after the upgrade is hard-closed.
        public var helloTimeoutSeconds = 10
        /// An HTTP request's headers and body must arrive within this.
        public var requestTimeoutSeconds = 10
        /// A closing connection (close handshake, too-slow viewer) is hard-closed after this.
        public var closeTimeoutSeconds = 5
        /// Open sockets from one client address at most (carrier-grade NAT: hundreds of phones).
        public var connectionsPerAddress = 2_000
        /// WebSockets from one address that have not said `hello` yet, at most.
        public var unwelcomedPerAddress = 500
        /// HTTP requests from one address whose body is still arriving, at most.
        public var bodiesPerAddress = 32
        /// Reverse proxies whose `X-Forwarded-For` names the real client (exact IP addresses).
        public var trustedProxies: [String] = []
        /// The address viewers reach us at (`https://host[:port]`), for share links, QR codes and
        /// posters; nil: each request's Host header.
        public var publicURL: String?
    }

    /// Certificate and key, PEM files.
    public struct TLSFiles: Sendable, Equatable {
        public var certificate: String
        public var privateKey: String
    }

    /// Per-connection protections.
    public struct Limits: Sendable, Equatable {
        public var messagesPerSecond = 20
        public var outboundQueueFrames = 512
        public var appliesPerMinute = 10
        public var appliesPerMinutePerAddress = 60
        /// New tickets per client address per minute (bursts of `HubSettings.queueJoinBurstPerAddress`).
        public var queueJoinsPerMinutePerAddress = 20
        /// Tickets one client address may hold at once; by default derived from `queue.maxLength`.
        public var ticketsPerAddress = 25
        /// Failed host/HR sign-ins per client address per minute.
        public var authFailuresPerMinutePerAddress = 10
        /// One question per viewer per this many seconds.
        public var askIntervalSeconds = 20
        /// Questions and upvotes per client address per minute (carrier-grade NAT: generous).
        public var asksPerMinutePerAddress = 60
        public var upvotesPerMinutePerAddress = 600
        /// Open questions a session holds at most.
        public var maxOpenQuestions = 100

        /// A quarter of the line, at most 25 and at least 1: enough for a dormitory or a job-fair
        /// hall behind one carrier-NAT address, never enough for one address to fill the line.
        public static func defaultTicketsPerAddress(queueMaxLength: Int) -> Int {
            min(25, max(1, queueMaxLength / 4))
        }
    }

    /// The interview line.
    public struct QueueSettings: Sendable, Equatable {
        public var maxLength = 500
        public var callTimeoutSeconds = 60
    }

    /// The lead store's tuning.
    public struct StoreSettings: Sendable, Equatable {
        public var compactAfterBytes = 64 * 1024 * 1024
    }

    /// The settings the hub runs on.
    public var hubSettings: HubSettings {
        var settings = HubSettings(
            hostToken: hostToken, employers: employers, sessions: sessions,
            resumeGraceMillis: Int64(resumeGraceSeconds) * 1000, messagesPerSecond: limits.messagesPerSecond
        )
        settings.organizerToken = organizerToken
        settings.appliesPerMinute = limits.appliesPerMinute
        settings.appliesPerMinutePerAddress = limits.appliesPerMinutePerAddress
        settings.queueJoinsPerMinutePerAddress = limits.queueJoinsPerMinutePerAddress
        settings.queueJoinBurstPerAddress = max(5, limits.queueJoinsPerMinutePerAddress / 12)
        settings.ticketsPerAddress = limits.ticketsPerAddress
        settings.authFailuresPerMinutePerAddress = limits.authFailuresPerMinutePerAddress
        settings.askIntervalSeconds = limits.askIntervalSeconds
        settings.asksPerMinutePerAddress = limits.asksPerMinutePerAddress
        settings.upvotesPerMinutePerAddress = limits.upvotesPerMinutePerAddress
        settings.maxOpenQuestions = limits.maxOpenQuestions
        settings.queueMaxLength = queue.maxLength
        settings.callTimeoutMillis = Int64(queue.callTimeoutSeconds) * 1000
        settings.boardThresholds = boardThresholds
        settings.retention = retention
        return settings
    }

    /// Parses and validates a config file's bytes; `environment` supplies token overrides.
    public static func parse(_ data: Data, environment: [String: String] = [:]) throws(ConfigError) -> DaigangConfig {
        let decoder = JSONDecoder()
        decoder.userInfo[.rejectsUnknownKeys] = true
        let file: ConfigFile
        do {
            file = try decoder.decode(ConfigFile.self, from: data)
        } catch let error as DecodingError {
            let path = error.fieldPath
            if path.isEmpty {
                if case .typeMismatch = error { throw ConfigError("the config must be a JSON object") }
                throw ConfigError("the config is not valid JSON")
            }
            throw ConfigError("\(path): \(error.readableReason)")
        } catch {
            throw ConfigError("the config could not be read: \(error)")
        }
        do {
            return try file.validated(environment: environment)
        } catch {
            throw ConfigError(error.description)
        }
    }

    /// The environment variable that overrides an employer's HR token.
    public static func hrTokenVariable(forEmployer id: String) -> String {
        "DAIGANG_HR_TOKEN_" + id.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }
}

/// A config that cannot be used, with a one-line reason naming the key.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
