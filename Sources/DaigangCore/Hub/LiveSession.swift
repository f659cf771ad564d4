import Foundation
import DequeModule

/// One running session's state: catalog, what is on screen, who is connected, the broadcast sequence.
final class LiveSession {
    static let announcementsKept = 20

    let id: String
    let title: String
    let host: String?
    let description: String?
    var status: SessionStatus
    private(set) var jobs: [Job]
    private(set) var policies: [Policy]
    var pinnedJobId: String?
    var shownPolicyId: String?
    private(set) var announcements: Deque<Announcement> = []
    /// Grows by one per broadcast so clients can tell they missed one.
    private(set) var seq: Int64 = 0
    private(set) var members: Set<ConnectionID> = []
    private(set) var onlineViewers = 0
    /// Host connections, for the queue panel and notices.
    private(set) var hosts: Set<ConnectionID> = []
    var applications = 0
    let queue: SessionQueue
    /// The client address that took each ticket, for the per-address ticket cap. Kept in memory
    /// only (addresses are not written to disk), so tickets recovered after a restart count for nobody.
    var ticketAddresses: [Int: String] = [:]
    /// The counters last broadcast, to send only changes.
    var lastBroadcastCounters = Counters()

    init(_ definition: SessionDefinition, queue: QueueState = QueueState()) {
        self.queue = SessionQueue(durable: queue)
        id = definition.id
        title = definition.title
        host = definition.host
        description = definition.description
        status = definition.status
        jobs = definition.jobs
        policies = definition.policies
        pinnedJobId = definition.pinnedJobId
        shownPolicyId = definition.shownPolicyId
    }

    var counters: Counters { Counters(online: onlineViewers, applications: applications, queue: queue.live.waitingCount) }

    func job(withID id: String) -> Job? { jobs.first { $0.id == id } }
    func policy(withID id: String) -> Policy? { policies.first { $0.id == id } }

    func upsert(_ job: Job) {
        if let index = jobs.firstIndex(where: { $0.id == job.id }) { jobs[index] = job } else { jobs.append(job) }
    }

    func upsert(_ policy: Policy) {
        if let index = policies.firstIndex(where: { $0.id == policy.id }) { policies[index] = policy } else { policies.append(policy) }
    }

    func add(_ announcement: Announcement) {
        announcements.append(announcement)
        if announcements.count > Self.announcementsKept { announcements.removeFirst() }
    }

    func nextSeq() -> Int64 {
        seq += 1
        return seq
    }

    func join(_ connection: ConnectionID, role: ClientRole) {
        // Only viewers count as online: hosts and HR staff are not the audience.
        members.insert(connection)
        if role == .viewer { onlineViewers += 1 }
        if role == .host {
            hosts.insert(connection)
            queue.isHostViewStale = true
        }
    }

    func leave(_ connection: ConnectionID, role: ClientRole) {
        guard members.remove(connection) != nil else { return }
        if role == .viewer { onlineViewers -= 1 }
        if role == .host { hosts.remove(connection) }
    }

    /// The snapshot without counters, encoded once per state: every change bumps `seq` or flips the pause.
    private var cachedSnapshot: (seq: Int64, paused: Bool, bytes: [UInt8])?

    /// The snapshot as JSON, the expensive part cached, the live counters spliced in.
    func snapshotJSON(with encoder: JSONEncoder) -> [UInt8] {
        let paused = queue.live.paused
        if cachedSnapshot?.seq != seq || cachedSnapshot?.paused != paused {
            var withoutCounters = snapshot
            withoutCounters.includesCounters = false
            guard let bytes = try? encoder.encode(withoutCounters) else { preconditionFailure("snapshots always encode") }
            cachedSnapshot = (seq, paused, Array(bytes))
        }
        return RawJSON.adding("counters", RawJSON.counters(counters), to: cachedSnapshot!.bytes)
    }

    var snapshot: SessionSnapshot {
        SessionSnapshot(
            id: id, title: title, host: host, description: description, status: status,
            jobs: jobs, policies: policies, pinnedJobId: pinnedJobId, shownPolicyId: shownPolicyId,
            announcements: Array(announcements), counters: counters, seq: seq, queuePaused: queue.live.paused
        )
    }
}
