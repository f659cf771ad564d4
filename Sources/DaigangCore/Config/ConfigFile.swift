/// The config file as written, before validation; mirrors CONFIG.md key for key.
struct ConfigFile: Decodable {
    var server: ServerSection?
    var limits: LimitsSection?
    var store: StoreSection?
    var queue: QueueSection?
    var board: BoardSection?
    var retention: RetentionSection?
    var resumeGraceSeconds: Int?
    var dataDir: String?
    /// Optional in the file when `DAIGANG_HOST_TOKEN` gives it (tokens kept out of the file).
    var hostToken: String?
    var organizerToken: String?
    var employers: [EmployerEntry]
    var sessions: [SessionEntry]
    var metrics: MetricsSection?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case server, limits, store, queue, board, retention, resumeGraceSeconds, dataDir, hostToken, organizerToken, employers, sessions
        case metrics
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        server = try c.decodeIfPresent(ServerSection.self, forKey: .server)
        limits = try c.decodeIfPresent(LimitsSection.self, forKey: .limits)
        store = try c.decodeIfPresent(StoreSection.self, forKey: .store)
        queue = try c.decodeIfPresent(QueueSection.self, forKey: .queue)
        board = try c.decodeIfPresent(BoardSection.self, forKey: .board)
        retention = try c.decodeIfPresent(RetentionSection.self, forKey: .retention)
        resumeGraceSeconds = try c.decodeIfPresent(Int.self, forKey: .resumeGraceSeconds)
        dataDir = try c.decodeIfPresent(String.self, forKey: .dataDir)
        hostToken = try c.decodeIfPresent(String.self, forKey: .hostToken)
        organizerToken = try c.decodeIfPresent(String.self, forKey: .organizerToken)
        employers = try c.decode([EmployerEntry].self, forKey: .employers)
        sessions = try c.decode([SessionEntry].self, forKey: .sessions)
        metrics = try c.decodeIfPresent(MetricsSection.self, forKey: .metrics)
    }

    struct ServerSection: Decodable {
        var host: String?
        var port: Int?
        var allowedOrigins: [String]?
        var tls: TLSSection?
        var pingIntervalSeconds: Int?
        var idleTimeoutSeconds: Int?
        var webRoot: String?
        var maxConnections: Int?
        var helloTimeoutSeconds: Int?
        var requestTimeoutSeconds: Int?
        var closeTimeoutSeconds: Int?
        var connectionsPerAddress: Int?
        var unwelcomedPerAddress: Int?
        var bodiesPerAddress: Int?
        var trustedProxies: [String]?
        var publicURL: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case host, port, allowedOrigins, tls, pingIntervalSeconds, idleTimeoutSeconds, webRoot, maxConnections
            case helloTimeoutSeconds, requestTimeoutSeconds, closeTimeoutSeconds
            case connectionsPerAddress, unwelcomedPerAddress, bodiesPerAddress, trustedProxies, publicURL
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            host = try c.decodeIfPresent(String.self, forKey: .host)
            port = try c.decodeIfPresent(Int.self, forKey: .port)
            allowedOrigins = try c.decodeIfPresent([String].self, forKey: .allowedOrigins)
            tls = try c.decodeIfPresent(TLSSection.self, forKey: .tls)
            pingIntervalSeconds = try c.decodeIfPresent(Int.self, forKey: .pingIntervalSeconds)
            idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds)
            webRoot = try c.decodeIfPresent(String.self, forKey: .webRoot)
            maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections)
            helloTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .helloTimeoutSeconds)
            requestTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .requestTimeoutSeconds)
            closeTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .closeTimeoutSeconds)
            connectionsPerAddress = try c.decodeIfPresent(Int.self, forKey: .connectionsPerAddress)
            unwelcomedPerAddress = try c.decodeIfPresent(Int.self, forKey: .unwelcomedPerAddress)
            bodiesPerAddress = try c.decodeIfPresent(Int.self, forKey: .bodiesPerAddress)
            trustedProxies = try c.decodeIfPresent([String].self, forKey: .trustedProxies)
            publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL)
        }
    }

    struct TLSSection: Decodable {
        var certificate: String
        var privateKey: String

        enum CodingKeys: String, CodingKey, CaseIterable { case certificate, privateKey }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            certificate = try c.decode(String.self, forKey: .certificate)
            privateKey = try c.decode(String.self, forKey: .privateKey)
        }
    }

    struct LimitsSection: Decodable {
        var messagesPerSecond: Int?
        var outboundQueueFrames: Int?
        var appliesPerMinute: Int?
        var appliesPerMinutePerAddress: Int?
        var queueJoinsPerMinutePerAddress: Int?
        var ticketsPerAddress: Int?
        var authFailuresPerMinutePerAddress: Int?
        var askIntervalSeconds: Int?
        var asksPerMinutePerAddress: Int?
        var upvotesPerMinutePerAddress: Int?
        var maxOpenQuestions: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case messagesPerSecond, outboundQueueFrames, appliesPerMinute, appliesPerMinutePerAddress
            case queueJoinsPerMinutePerAddress, ticketsPerAddress, authFailuresPerMinutePerAddress
            case askIntervalSeconds, asksPerMinutePerAddress, upvotesPerMinutePerAddress, maxOpenQuestions
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            messagesPerSecond = try c.decodeIfPresent(Int.self, forKey: .messagesPerSecond)
            outboundQueueFrames = try c.decodeIfPresent(Int.self, forKey: .outboundQueueFrames)
            appliesPerMinute = try c.decodeIfPresent(Int.self, forKey: .appliesPerMinute)
            appliesPerMinutePerAddress = try c.decodeIfPresent(Int.self, forKey: .appliesPerMinutePerAddress)
            queueJoinsPerMinutePerAddress = try c.decodeIfPresent(Int.self, forKey: .queueJoinsPerMinutePerAddress)
            ticketsPerAddress = try c.decodeIfPresent(Int.self, forKey: .ticketsPerAddress)
            authFailuresPerMinutePerAddress = try c.decodeIfPresent(Int.self, forKey: .authFailuresPerMinutePerAddress)
            askIntervalSeconds = try c.decodeIfPresent(Int.self, forKey: .askIntervalSeconds)
            asksPerMinutePerAddress = try c.decodeIfPresent(Int.self, forKey: .asksPerMinutePerAddress)
            upvotesPerMinutePerAddress = try c.decodeIfPresent(Int.self, forKey: .upvotesPerMinutePerAddress)
            maxOpenQuestions = try c.decodeIfPresent(Int.self, forKey: .maxOpenQuestions)
        }
    }

    struct QueueSection: Decodable {
        var maxLength: Int?
        var callTimeoutSeconds: Int?

        enum CodingKeys: String, CodingKey, CaseIterable { case maxLength, callTimeoutSeconds }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
            callTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .callTimeoutSeconds)
        }
    }

    struct BoardSection: Decodable {
        var thresholds: ThresholdsSection?

        enum CodingKeys: String, CodingKey, CaseIterable { case thresholds }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            thresholds = try c.decodeIfPresent(ThresholdsSection.self, forKey: .thresholds)
        }
    }

    struct ThresholdsSection: Decodable {
        var redBelowPercent: Int?
        var greenFromPercent: Int?

        enum CodingKeys: String, CodingKey, CaseIterable { case redBelowPercent, greenFromPercent }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            redBelowPercent = try c.decodeIfPresent(Int.self, forKey: .redBelowPercent)
            greenFromPercent = try c.decodeIfPresent(Int.self, forKey: .greenFromPercent)
        }
    }

    struct RetentionSection: Decodable {
        var days: Int?
        var sessions: [String: Int]?

        enum CodingKeys: String, CodingKey, CaseIterable { case days, sessions }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            days = try c.decodeIfPresent(Int.self, forKey: .days)
            sessions = try c.decodeIfPresent([String: Int].self, forKey: .sessions)
        }
    }

    struct StoreSection: Decodable {
        var compactAfterBytes: Int?

        enum CodingKeys: String, CodingKey, CaseIterable { case compactAfterBytes }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            compactAfterBytes = try c.decodeIfPresent(Int.self, forKey: .compactAfterBytes)
        }
    }

    struct EmployerEntry: Decodable {
        var id: String
        var name: String
        /// Optional in the file when `DAIGANG_HR_TOKEN_<ID>` gives it.
        var hrToken: String?
        var industry: String?
        var district: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case id, name, hrToken, industry, district }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            name = try c.decode(String.self, forKey: .name)
            hrToken = try c.decodeIfPresent(String.self, forKey: .hrToken)
            industry = try c.decodeIfPresent(String.self, forKey: .industry)
            district = try c.decodeIfPresent(String.self, forKey: .district)
        }
    }

    struct SessionEntry: Decodable {
        var id: String
        var title: String
        var host: String?
        var description: String?
        var status: SessionStatus
        var jobs: [Job]
        var policies: [Policy]
        var pinnedJobId: String?
        var shownPolicyId: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, title, host, description, status, jobs, policies, pinnedJobId, shownPolicyId
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            title = try c.decode(String.self, forKey: .title)
            host = try c.decodeIfPresent(String.self, forKey: .host)
            description = try c.decodeIfPresent(String.self, forKey: .description)
            status = try c.decodeIfPresent(SessionStatus.self, forKey: .status) ?? .scheduled
            jobs = try c.decodeIfPresent([Job].self, forKey: .jobs) ?? []
            policies = try c.decodeIfPresent([Policy].self, forKey: .policies) ?? []
            pinnedJobId = try c.decodeIfPresent(String.self, forKey: .pinnedJobId)
            shownPolicyId = try c.decodeIfPresent(String.self, forKey: .shownPolicyId)
        }
    }
}
