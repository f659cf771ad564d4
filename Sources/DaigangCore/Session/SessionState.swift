/// A session as its events made it: what is durable about it. Pure value; `apply` is the one
/// function that changes it, the same live and at recovery.
///
/// Who is connected, counters and the interview line live elsewhere (`LiveSession`, `QueueState`).
public struct SessionState: Codable, Sendable, Equatable {
    public static let announcementsKept = 20

    public var definition: SessionDefinition
    public var announcements: [Announcement] = []
    /// Broadcast events applied so far: the snapshot's `seq` continues from here after a restart.
    public var eventCount: Int64 = 0
    /// The session's questions (Q&A).
    public var questions = QuestionBoard()
    /// The host's call window for the interview line, in seconds; `nil`: the config's default.
    public var callWindowSeconds: Int?
    /// Peak concurrent and unique viewers as last journaled (`SessionEvent.audience`).
    public var audience = SessionAudience()

    public init(_ definition: SessionDefinition) {
        self.definition = definition
    }

    enum CodingKeys: String, CodingKey { case definition, announcements, eventCount, questions, callWindowSeconds, audience }

    /// Snapshots written before Q&A have no `questions`: they load as an empty board.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        definition = try c.decode(SessionDefinition.self, forKey: .definition)
        announcements = try c.decodeIfPresent([Announcement].self, forKey: .announcements) ?? []
        eventCount = try c.decodeIfPresent(Int64.self, forKey: .eventCount) ?? 0
        questions = try c.decodeIfPresent(QuestionBoard.self, forKey: .questions) ?? QuestionBoard()
        callWindowSeconds = try c.decodeIfPresent(Int.self, forKey: .callWindowSeconds)
        audience = try c.decodeIfPresent(SessionAudience.self, forKey: .audience) ?? SessionAudience()
    }

    public var id: String { definition.id }

    /// Applies one event. Total: an event that no longer fits (a pin of a withdrawn job) changes
    /// what it can and nothing else, so replay never fails; the hub validates before journaling.
    public mutating func apply(_ event: SessionEvent) {
        switch event {
        case .created(let definition):
            self = SessionState(definition)
            return
        case .statusChanged(let status, _):
            definition.status = status
        case .jobUpserted(let job):
            if let index = definition.jobs.firstIndex(where: { $0.id == job.id }) {
                definition.jobs[index] = job
            } else {
                definition.jobs.append(job)
            }
        case .jobWithdrawn(let jobId, _):
            definition.jobs.removeAll { $0.id == jobId }
            if definition.pinnedJobId == jobId { definition.pinnedJobId = nil }
        case .policyUpserted(let policy):
            if let index = definition.policies.firstIndex(where: { $0.id == policy.id }) {
                definition.policies[index] = policy
            } else {
                definition.policies.append(policy)
            }
        case .policyWithdrawn(let policyId, _):
            definition.policies.removeAll { $0.id == policyId }
            if definition.shownPolicyId == policyId { definition.shownPolicyId = nil }
        case .jobPinned(let jobId):
            definition.pinnedJobId = jobId.flatMap { id in definition.jobs.contains { $0.id == id } ? id : nil }
        case .policyShown(let policyId):
            definition.shownPolicyId = policyId.flatMap { id in definition.policies.contains { $0.id == id } ? id : nil }
        case .announced(let announcement):
            announcements.append(announcement)
            if announcements.count > Self.announcementsKept { announcements.removeFirst(announcements.count - Self.announcementsKept) }
        case .question(let change):
            questions.apply(change)
        case .callWindowSet(let seconds):
            callWindowSeconds = seconds
        case .detailsChanged(let details):
            details.apply(to: &definition)
        case .audience(let figures):
            // Not a broadcast: `eventCount` (where `seq` resumes) is left alone.
            audience = audience.merged(with: figures)
            return
        }
        eventCount += 1
    }
}
