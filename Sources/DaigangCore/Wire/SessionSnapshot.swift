/// Everything a client needs to draw a session from scratch; sent in `welcome` and over HTTP.
public struct SessionSnapshot: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var host: String?
    public var description: String?
    public var status: SessionStatus
    public var jobs: [Job]
    public var policies: [Policy]
    public var pinnedJobId: String?
    public var shownPolicyId: String?
    public var announcements: [Announcement]
    public var counters: Counters
    public var seq: Int64
    /// Whether the interview line takes new joins.
    public var queuePaused: Bool
    /// Added with issue 11: the planned start (ms) and the campaign, when the organizer set them.
    public var startsAt: Int64? = nil
    public var campaign: String? = nil
    /// Left out of the cached encoding, which is reused until the next broadcast; spliced in per use.
    var includesCounters = true

    enum CodingKeys: String, CodingKey {
        case id, title, host, description, status, jobs, policies, pinnedJobId, shownPolicyId, announcements, counters, seq, queuePaused
        case startsAt, campaign
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(host, forKey: .host)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(status, forKey: .status)
        try c.encode(jobs, forKey: .jobs)
        try c.encode(policies, forKey: .policies)
        // Explicit nulls: "nothing pinned" is information, not an absent field.
        try c.encode(pinnedJobId, forKey: .pinnedJobId)
        try c.encode(shownPolicyId, forKey: .shownPolicyId)
        try c.encode(announcements, forKey: .announcements)
        if includesCounters { try c.encode(counters, forKey: .counters) }
        try c.encode(seq, forKey: .seq)
        try c.encode(queuePaused, forKey: .queuePaused)
        try c.encodeIfPresent(startsAt, forKey: .startsAt)
        try c.encodeIfPresent(campaign, forKey: .campaign)
    }
}
