/// The `snapshot` of a compact `welcome` (for a `hello` with `"catalog": "http"`): what a viewer
/// draws first, without the job list, which it fetches (or revalidates) from `catalogURL`.
///
/// Its size does not grow with the catalog: the pinned job and the shown policy in full, the
/// last few announcements, the counters and where the rest is. Field names are the full
/// snapshot's where they mean the same, so a page reads either.
struct CompactSnapshot: Encodable {
    /// Announcements a compact welcome carries at most, newest last.
    static let maxAnnouncements = 5

    var id: String
    var title: String
    var host: String?
    var description: String?
    var status: SessionStatus
    var pinnedJobId: String?
    var pinnedJob: Job?
    var shownPolicyId: String?
    var shownPolicy: Policy?
    var announcements: [Announcement]
    var seq: Int64
    var queuePaused: Bool
    var jobCount: Int
    var catalogETag: String
    var catalogURL: String
    var startsAt: Int64?
    var campaign: String?

    enum CodingKeys: String, CodingKey {
        case id, title, host, description, status, pinnedJobId, pinnedJob, shownPolicyId, shownPolicy, announcements
        case seq, queuePaused, jobCount, catalogETag, catalogURL, startsAt, campaign
    }

    init(_ snapshot: SessionSnapshot, pinnedJob: Job?, catalog: JobCatalog) {
        id = snapshot.id
        title = snapshot.title
        host = snapshot.host
        description = snapshot.description
        status = snapshot.status
        pinnedJobId = snapshot.pinnedJobId
        self.pinnedJob = pinnedJob
        shownPolicyId = snapshot.shownPolicyId
        shownPolicy = snapshot.shownPolicyId.flatMap { id in snapshot.policies.first { $0.id == id } }
        announcements = Array(snapshot.announcements.suffix(Self.maxAnnouncements))
        seq = snapshot.seq
        queuePaused = snapshot.queuePaused
        jobCount = catalog.jobCount
        catalogETag = catalog.etag
        catalogURL = JobCatalog.url(forSession: snapshot.id)
        startsAt = snapshot.startsAt
        campaign = snapshot.campaign
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(host, forKey: .host)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(status, forKey: .status)
        // Explicit nulls, as in the full snapshot: "nothing pinned" is information.
        try c.encode(pinnedJobId, forKey: .pinnedJobId)
        try c.encode(pinnedJob, forKey: .pinnedJob)
        try c.encode(shownPolicyId, forKey: .shownPolicyId)
        try c.encode(shownPolicy, forKey: .shownPolicy)
        try c.encode(announcements, forKey: .announcements)
        try c.encode(seq, forKey: .seq)
        try c.encode(queuePaused, forKey: .queuePaused)
        try c.encode(jobCount, forKey: .jobCount)
        try c.encode(catalogETag, forKey: .catalogETag)
        try c.encode(catalogURL, forKey: .catalogURL)
        try c.encodeIfPresent(startsAt, forKey: .startsAt)
        try c.encodeIfPresent(campaign, forKey: .campaign)
    }
}
