/// One change to a session, as it is journaled: everything a host (and later an organizer) does to
/// a session is one of these, written to disk before it is acknowledged or broadcast, and applied
/// by `SessionState.apply(_:)` — live, and again at every start.
///
/// Queue changes have their own events (`QueueEvent`); leads are their own records.
public enum SessionEvent: Codable, Sendable, Equatable {
    /// The session exists (imported from the config on an empty data dir, or created later).
    case created(SessionDefinition)
    case statusChanged(SessionStatus, at: Int64)
    /// A job added or replaced whole (every field).
    case jobUpserted(Job)
    /// A job taken off the session; its leads keep their job title.
    case jobWithdrawn(jobId: String, at: Int64)
    case policyUpserted(Policy)
    /// A policy taken off the session (and off the screen if it was shown).
    case policyWithdrawn(policyId: String, at: Int64)
    case jobPinned(jobId: String?)
    case policyShown(policyId: String?)
    case announced(Announcement)
    /// A change to the session's questions (asked, upvoted, hidden, being answered, answered).
    case question(QuestionEvent)
    /// How long a called viewer has to confirm, in seconds; `nil` goes back to the config's `queue.callTimeoutSeconds`.
    case callWindowSet(seconds: Int?)
    /// Title, host name, description, start time and campaign, as the admin API set them (issue 11).
    case detailsChanged(SessionDetails)
    /// The session's peak concurrent and unique viewers so far, journaled by the hub at most every
    /// `AudienceCount.recordEveryMillis` while they change, at the session's end and at shutdown.
    case audience(SessionAudience)

    enum CodingKeys: String, CodingKey { case event, session, status, at, job, jobId, policy, policyId, announcement, question, questionId, viewerId, seconds, details, peak, unique }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .event) {
        case "created": self = .created(try c.decode(SessionDefinition.self, forKey: .session))
        case "status_changed": self = .statusChanged(try c.decode(SessionStatus.self, forKey: .status), at: try c.decode(Int64.self, forKey: .at))
        case "job_upserted": self = .jobUpserted(try c.decode(Job.self, forKey: .job))
        case "job_withdrawn": self = .jobWithdrawn(jobId: try c.decode(String.self, forKey: .jobId), at: try c.decode(Int64.self, forKey: .at))
        case "policy_upserted": self = .policyUpserted(try c.decode(Policy.self, forKey: .policy))
        case "policy_withdrawn": self = .policyWithdrawn(policyId: try c.decode(String.self, forKey: .policyId), at: try c.decode(Int64.self, forKey: .at))
        case "job_pinned": self = .jobPinned(jobId: try c.decodeIfPresent(String.self, forKey: .jobId))
        case "policy_shown": self = .policyShown(policyId: try c.decodeIfPresent(String.self, forKey: .policyId))
        case "announced": self = .announced(try c.decode(Announcement.self, forKey: .announcement))
        case "question_asked": self = .question(.asked(try c.decode(Question.self, forKey: .question)))
        case "question_upvoted": self = .question(.upvoted(questionId: try c.decode(Int.self, forKey: .questionId), viewerId: try c.decode(String.self, forKey: .viewerId)))
        case "question_hidden": self = .question(.hidden(questionId: try c.decode(Int.self, forKey: .questionId), at: try c.decode(Int64.self, forKey: .at)))
        case "question_answering": self = .question(.answering(questionId: try c.decodeIfPresent(Int.self, forKey: .questionId), at: try c.decode(Int64.self, forKey: .at)))
        case "question_answered": self = .question(.answered(questionId: try c.decode(Int.self, forKey: .questionId), at: try c.decode(Int64.self, forKey: .at)))
        case "call_window_set": self = .callWindowSet(seconds: try c.decodeIfPresent(Int.self, forKey: .seconds))
        case "details_changed": self = .detailsChanged(try c.decode(SessionDetails.self, forKey: .details))
        case "audience": self = .audience(SessionAudience(peak: try c.decode(Int.self, forKey: .peak), unique: try c.decode(Int.self, forKey: .unique)))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .event, in: c, debugDescription: "unknown session event '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .created(let definition):
            try c.encode("created", forKey: .event)
            try c.encode(definition, forKey: .session)
        case .statusChanged(let status, let at):
            try c.encode("status_changed", forKey: .event)
            try c.encode(status, forKey: .status)
            try c.encode(at, forKey: .at)
        case .jobUpserted(let job):
            try c.encode("job_upserted", forKey: .event)
            try c.encode(job, forKey: .job)
        case .jobWithdrawn(let jobId, let at):
            try c.encode("job_withdrawn", forKey: .event)
            try c.encode(jobId, forKey: .jobId)
            try c.encode(at, forKey: .at)
        case .policyUpserted(let policy):
            try c.encode("policy_upserted", forKey: .event)
            try c.encode(policy, forKey: .policy)
        case .policyWithdrawn(let policyId, let at):
            try c.encode("policy_withdrawn", forKey: .event)
            try c.encode(policyId, forKey: .policyId)
            try c.encode(at, forKey: .at)
        case .jobPinned(let jobId):
            try c.encode("job_pinned", forKey: .event)
            try c.encode(jobId, forKey: .jobId)
        case .policyShown(let policyId):
            try c.encode("policy_shown", forKey: .event)
            try c.encode(policyId, forKey: .policyId)
        case .announced(let announcement):
            try c.encode("announced", forKey: .event)
            try c.encode(announcement, forKey: .announcement)
        case .question(let change):
            try encode(change, into: &c)
        case .callWindowSet(let seconds):
            try c.encode("call_window_set", forKey: .event)
            try c.encode(seconds, forKey: .seconds)
        case .detailsChanged(let details):
            try c.encode("details_changed", forKey: .event)
            try c.encode(details, forKey: .details)
        case .audience(let audience):
            try c.encode("audience", forKey: .event)
            try c.encode(audience.peak, forKey: .peak)
            try c.encode(audience.unique, forKey: .unique)
        }
    }

    private func encode(_ change: QuestionEvent, into c: inout KeyedEncodingContainer<CodingKeys>) throws {
        switch change {
        case .asked(let question):
            try c.encode("question_asked", forKey: .event)
            try c.encode(question, forKey: .question)
        case .upvoted(let questionId, let viewerId):
            try c.encode("question_upvoted", forKey: .event)
            try c.encode(questionId, forKey: .questionId)
            try c.encode(viewerId, forKey: .viewerId)
        case .hidden(let questionId, let at):
            try c.encode("question_hidden", forKey: .event)
            try c.encode(questionId, forKey: .questionId)
            try c.encode(at, forKey: .at)
        case .answering(let questionId, let at):
            try c.encode("question_answering", forKey: .event)
            try c.encode(questionId, forKey: .questionId)
            try c.encode(at, forKey: .at)
        case .answered(let questionId, let at):
            try c.encode("question_answered", forKey: .event)
            try c.encode(questionId, forKey: .questionId)
            try c.encode(at, forKey: .at)
        }
    }
}
