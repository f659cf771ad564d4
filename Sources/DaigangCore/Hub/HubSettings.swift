/// What the hub needs from the config; plain values so Core stays free of files.
public struct HubSettings: Sendable, Equatable {
    public var hostToken: String
    /// The bootstrap organizer's token, if the config or the environment gives one.
    public var organizerToken: String?
    public var employers: [Employer]
    public var sessions: [SessionDefinition]
    /// How long a dropped identity can be resumed, in milliseconds.
    public var resumeGraceMillis: Int64
    public var messagesPerSecond: Int
    public var appliesPerMinute = 10
    public var appliesPerMinutePerAddress = 60
    /// New tickets (`queue_join`s that take a place) per client address per minute, on average.
    public var queueJoinsPerMinutePerAddress = 20
    /// Tickets taken at once from one address, before the rate refills; small, so filling a line
    /// takes time. The config sets a twelfth of the minute's budget (5 s worth), at least 5.
    public var queueJoinBurstPerAddress = 5
    /// Tickets one client address may hold in a session's line at once.
    public var ticketsPerAddress = 25
    /// Failed host/HR sign-ins per client address per minute before every sign-in from it is refused for a while.
    public var authFailuresPerMinutePerAddress = 10
    public var queueMaxLength = 500
    /// How long a called viewer has to confirm before counting as a no-show.
    public var callTimeoutMillis: Int64 = 60_000
    /// One question per viewer identity per this many seconds (`limits.askIntervalSeconds`).
    public var askIntervalSeconds = 20
    /// Questions per client address per minute, in bursts of a quarter of it: generous, as a
    /// carrier-grade NAT puts hundreds of phones behind one address (`limits.asksPerMinutePerAddress`).
    public var asksPerMinutePerAddress = 60
    /// Upvotes per client address per minute, likewise (`limits.upvotesPerMinutePerAddress`).
    public var upvotesPerMinutePerAddress = 600
    /// Open (unanswered, visible) questions a session holds at most (`qa.maxOpenQuestions`).
    public var maxOpenQuestions = 100
    /// Questions a session takes in all, hidden and answered ones included (`qa.maxQuestions`).
    public var maxQuestions = 2_000
    /// Where the shortage board turns red and green (`board.thresholds`).
    public var boardThresholds = BoardThresholds.standard
    /// When leads' personal data is erased (`retention` in the config).
    public var retention = RetentionPolicy()

    public init(hostToken: String, employers: [Employer], sessions: [SessionDefinition], resumeGraceMillis: Int64 = 120_000, messagesPerSecond: Int = 20) {
        self.hostToken = hostToken
        self.employers = employers
        self.sessions = sessions
        self.resumeGraceMillis = resumeGraceMillis
        self.messagesPerSecond = messagesPerSecond
    }
}

/// A session as configured before it goes live.
public struct SessionDefinition: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var host: String?
    public var description: String?
    public var status: SessionStatus
    public var jobs: [Job]
    public var policies: [Policy]
    public var pinnedJobId: String?
    public var shownPolicyId: String?
    /// When the stream is planned to start (wall-clock ms); set over the admin API (issue 11).
    public var startsAt: Int64?
    /// The campaign (a season of fairs, e.g. 春风行动2027) the session belongs to.
    public var campaign: String?

    public init(id: String, title: String, host: String? = nil, description: String? = nil, status: SessionStatus, jobs: [Job], policies: [Policy], pinnedJobId: String? = nil, shownPolicyId: String? = nil) {
        self.id = id
        self.title = title
        self.host = host
        self.description = description
        self.status = status
        self.jobs = jobs
        self.policies = policies
        self.pinnedJobId = pinnedJobId
        self.shownPolicyId = shownPolicyId
    }
}
