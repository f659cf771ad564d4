import Foundation

/// One running session: its durable state (what its events made it), the events still on their
/// way to the disk, who is connected, the broadcast sequence.
final class LiveSession {
    let id: String
    /// What the session's durable events made it; what viewers see.
    private(set) var durable: SessionState
    /// Events handed to the store and not yet durable, by write token, in order. Commands are
    /// judged against `projected` (durable plus these), so a host may pin a job it just added.
    private(set) var pendingEvents: [(token: UInt64, event: SessionEvent)] = []
    /// Grows by one per broadcast so clients can tell they missed one; continues after a restart
    /// from the number of session events.
    private(set) var seq: Int64
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
    /// Applications per job that were not withdrawn, for the hosts' per-job counts.
    var appliedByJob: [String: Int] = [:]
    /// The per-job counts last sent to hosts; nil when a host joined since (it needs them).
    var lastSentJobCounts: [JobCount]?
    /// Grows with every durable Q&A event; `questionsSentVersion` is what was last broadcast.
    var questionsVersion = 0
    var questionsSentVersion = 0
    /// Hosts need the whole board again (a host joined, or the questions changed).
    var isQuestionBoardStale = false
    /// How a viewer's ticket ended while it was away, told in its next `welcome` (`ticketEnded`)
    /// instead of leaving it to guess. In memory; an entry is taken by that welcome.
    var endedWhileAway: [String: QueueEnding] = [:]
    /// Who asked each question and voted on it, by client address (in memory: the per-network
    /// shares of `Hub+Questions`; a restart forgets them like every other budget).
    var questionAddresses: [Int: String] = [:]
    var upvotesByAddress: [Int: [String: Int]] = [:]
    /// The viewers' Q&A view as JSON, for `welcome`, encoded once per version.
    private var cachedQuestions: (version: Int, bytes: [UInt8])?

    /// Each employer's name as the config has it now: a job shows its employer's current name,
    /// not the one it was journaled with (a renamed employer has one name everywhere).
    private(set) var employerNames: [String: String]
    /// Employers whose jobs viewers do not see (suspended in the directory).
    private(set) var hiddenEmployers: Set<String> = []
    /// The HTTP job list and the durable jobs it was made from (equal arrays compare by identity first).
    var cachedCatalog: (jobs: [Job], catalog: JobCatalog)?
    /// The compact welcome snapshot without counters, encoded once per state (as `cachedSnapshot`).
    var cachedCompactSnapshot: (seq: Int64, paused: Bool, bytes: [UInt8])?
    /// Peak concurrent and unique viewers, counted live and journaled now and then (`Hub+Audience`).
    var audience: AudienceCount

    init(_ state: SessionState, queue: QueueState = QueueState(), employerNames: [String: String] = [:]) {
        self.queue = SessionQueue(durable: queue)
        id = state.id
        durable = state
        seq = state.eventCount
        self.employerNames = employerNames
        audience = AudienceCount(durable: state.audience, carried: Set(queue.entries.map(\.viewerId)))
    }

    /// Takes the directory's current names and suspensions; every cached answer is made again.
    func directoryChanged(names: [String: String], hidden: Set<String>) {
        guard names != employerNames || hidden != hiddenEmployers else { return }
        employerNames = names
        hiddenEmployers = hidden
        cachedSnapshot = nil
        cachedCatalog = nil
        cachedCompactSnapshot = nil
    }

    /// The durable jobs viewers may see (not those of suspended employers), unnamed.
    var shownJobs: [Job] {
        hiddenEmployers.isEmpty ? durable.definition.jobs : durable.definition.jobs.filter { !hiddenEmployers.contains($0.employerId) }
    }

    /// The job with its employer's current name.
    func named(_ job: Job) -> Job {
        guard let name = employerNames[job.employerId] else { return job }
        var job = job
        job.employerName = name
        return job
    }

    var status: SessionStatus { durable.definition.status }

    /// How long a called viewer has to confirm: the host's setting, else the config's.
    func callWindowSeconds(default millis: Int64) -> Int {
        durable.callWindowSeconds ?? Int(millis / 1000)
    }

    /// The viewers' Q&A view as JSON, encoded once per change.
    func questionsJSON(with encoder: JSONEncoder) -> [UInt8] {
        if cachedQuestions?.version != questionsVersion {
            guard let bytes = try? encoder.encode(durable.questions.view(forHosts: false)) else { preconditionFailure("questions always encode") }
            cachedQuestions = (questionsVersion, Array(bytes))
        }
        return cachedQuestions!.bytes
    }

    /// The state once every pending event is durable too: what new commands are judged against.
    var projected: SessionState {
        pendingEvents.reduce(into: durable) { $0.apply($1.event) }
    }

    var counters: Counters { Counters(online: onlineViewers, applications: applications, queue: queue.live.waitingCount) }

    /// A job viewers can see and apply to now.
    func job(withID id: String) -> Job? { shownJobs.first { $0.id == id }.map(named) }
    func policy(withID id: String) -> Policy? { durable.definition.policies.first { $0.id == id } }

    /// An event is on its way to the disk.
    func submitted(_ event: SessionEvent, token: UInt64) {
        pendingEvents.append((token, event))
    }

    /// The event with this token is durable: `state` is the book's state after applying it.
    func confirmed(token: UInt64, state: SessionState) {
        pendingEvents.removeAll { $0.token == token }
        durable = state
    }

    /// The store refused the event: it never happened.
    func refused(token: UInt64) {
        pendingEvents.removeAll { $0.token == token }
    }

    /// The state changed without a broadcast (a large import): the cached snapshot is stale.
    func forgetSnapshot() {
        cachedSnapshot = nil
        cachedCompactSnapshot = nil
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
        let definition = durable.definition
        var snapshot = SessionSnapshot(
            id: id, title: definition.title, host: definition.host, description: definition.description, status: definition.status,
            jobs: shownJobs.map(named), policies: definition.policies, pinnedJobId: definition.pinnedJobId.flatMap { job(withID: $0) != nil ? $0 : nil },
            shownPolicyId: definition.shownPolicyId,
            announcements: durable.announcements, counters: counters, seq: seq, queuePaused: queue.live.paused
        )
        snapshot.startsAt = definition.startsAt
        snapshot.campaign = definition.campaign
        return snapshot
    }
}
