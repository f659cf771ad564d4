/// Everything the store keeps, rebuilt from its records: leads with their follow-ups, the audit
/// log, each session's interview line and the lead id reservation. No I/O.
///
/// The loop keeps the only one: it applies every durable record to it, in the order the store
/// reports them, and hands the store a copy of `state` when a journal is complete so that the
/// store can write a snapshot off the loop (docs/STORE.md, "Snapshots and compaction").
public final class LeadBook {
    /// The part a snapshot holds, as a value: capturing it is O(1).
    public private(set) var state = State()
    private var indexByID: [String: Int] = [:]
    /// Lead id by (session, job, phone, viewer identity): an application belongs to the identity that made it.
    private var indexByApplication: [ApplicationKey: String] = [:]
    /// Positions in `leads` of each employer's leads, ascending (so also by lead number).
    private var indicesByEmployer: [String: [Int]] = [:]
    /// The highest number of a recorded lead.
    private var highestRecordedLeadNumber = 0

    public init() {}

    public var audit: ChunkedArray<AuditEntry> { state.audit }
    /// Each session's line as durably recorded.
    public var queues: [String: QueueState] { state.queues }

    /// The highest lead number that may have been handed out: the highest recorded lead or id
    /// reservation (`ids_reserved`). A run starts above it, so an id acknowledged before a power
    /// cut that lost its lead is still never given to anyone else.
    public var highestLeadNumber: Int { max(highestRecordedLeadNumber, state.reservedUpTo) }

    /// The first lead number a run that starts from this book may hand out.
    public var nextLeadNumber: Int { highestLeadNumber + 1 }

    public var count: Int { state.leads.count }

    /// Makes room in the indexes for about `leads` leads, so that a start-up applying them does
    /// not grow and rehash every index a dozen times (a sixth of a restart with 200,000 leads).
    public func reserveCapacity(leads: Int) {
        indexByID.reserveCapacity(leads)
        indexByApplication.reserveCapacity(leads)
    }

    /// Applies one record; records arrive in journal order.
    public func apply(_ record: StoreRecord) {
        switch record {
        case .lead(let lead):
            // One hash lookup for the check and the insertion (start-up applies every lead).
            if let earlier = indexByID.updateValue(state.leads.count, forKey: lead.id) {
                indexByID[lead.id] = earlier
                return
            }
            indicesByEmployer[lead.employerId, default: []].append(state.leads.count)
            state.leads.append(lead)
            if !lead.isWithdrawn {
                indexByApplication[ApplicationKey(session: lead.session, jobId: lead.jobId, phone: lead.phone, viewerId: lead.viewerId)] = lead.id
            }
            if let number = Self.number(ofLeadID: lead.id) { highestRecordedLeadNumber = max(highestRecordedLeadNumber, number) }
        case .followup(let leadId, let followup):
            guard let index = indexByID[leadId] else { return }
            state.leads[index].followups = (state.leads[index].followups ?? []) + [followup]
        case .audit(let entry):
            state.audit.append(entry)
        case .queue(let session, let event, _):
            state.queues[session, default: QueueState()].apply(event)
        case .queueState(let session, let queue):
            state.queues[session] = queue
        case .idsReserved(let upTo):
            state.noteReservation(upTo: upTo)
        case .session(let id, let event, _):
            state.applySession(id, event)
        case .sessionState(let session):
            state.setSession(session)
        case .employer(let profile, _):
            state.setEmployer(profile)
        case .libraryPolicy(let policy, _):
            state.setLibraryPolicy(policy)
        case .leadWithdrawn(let leadId, let at):
            guard let index = indexByID[leadId], !state.leads[index].isWithdrawn else { return }
            let lead = state.leads[index]
            // A withdrawn application is no longer a duplicate: the identity may apply again.
            indexByApplication[ApplicationKey(session: lead.session, jobId: lead.jobId, phone: lead.phone, viewerId: lead.viewerId)] = nil
            state.leads[index] = lead.withdrawn(at: at)
        case .account(let event):
            state.accounts.apply(event)
        case .leadsErased(let leadIds, let at):
            for leadId in leadIds {
                guard let index = indexByID[leadId], !state.leads[index].isErased else { continue }
                let lead = state.leads[index]
                if indexByApplication[ApplicationKey(session: lead.session, jobId: lead.jobId, phone: lead.phone, viewerId: lead.viewerId)] == leadId {
                    indexByApplication[ApplicationKey(session: lead.session, jobId: lead.jobId, phone: lead.phone, viewerId: lead.viewerId)] = nil
                }
                state.leads[index] = lead.erased(at: at)
            }
        }
    }

    public func lead(withID id: String) -> Lead? {
        indexByID[id].map { state.leads[$0] }
    }

    /// The lead this viewer identity made for this phone, job and session, if one was recorded.
    ///
    /// Another identity's application with the same phone is not returned: knowing a phone number
    /// must not hand over someone else's lead.
    public func existingLeadID(session: String, jobId: String, phone: String, viewerId: String) -> String? {
        indexByApplication[ApplicationKey(session: session, jobId: jobId, phone: phone, viewerId: viewerId)]
    }

    /// Leads of a session, for the applications counter.
    public func count(inSession session: String) -> Int {
        state.leads.reduce(0) { $0 + ($1.session == session ? 1 : 0) }
    }

    /// Applications per job of a session that were not withdrawn, for the hosts' per-job counts.
    public func activeCountsByJob(inSession session: String) -> [String: Int] {
        state.leads.reduce(into: [:]) { counts, lead in
            if lead.session == session, !lead.isWithdrawn { counts[lead.jobId, default: 0] += 1 }
        }
    }

    /// Leads matching `filter`, newest first.
    public func leads(matching filter: LeadFilter) -> [Lead] {
        page(matching: filter, before: nil, limit: Int.max).leads
    }

    /// Up to `limit` leads matching `filter`, newest first, older than lead number `before`;
    /// `hasMore` tells whether more match. Walks only the employer's leads when the filter names one.
    public func page(matching filter: LeadFilter, before: Int?, limit: Int) -> (leads: [Lead], hasMore: Bool) {
        var result: [Lead] = []
        func visit(_ index: Int) -> Bool {
            let lead = state.leads[index]
            if let before, (Self.number(ofLeadID: lead.id) ?? 0) >= before { return true }
            guard filter.matches(lead) else { return true }
            if result.count == limit { return false }
            result.append(lead)
            return true
        }
        if let employerId = filter.employerId {
            for index in (indicesByEmployer[employerId] ?? []).reversed() where !visit(index) { return (result, true) }
        } else {
            for index in state.leads.indices.reversed() where !visit(index) { return (result, true) }
        }
        return (result, false)
    }

    /// The whole state as records, as a snapshot stores them (see `State.forEachCompactedRecord`).
    public var compactedRecords: [StoreRecord] {
        var records: [StoreRecord] = []
        state.forEachCompactedRecord { records.append($0) }
        return records
    }

    /// The index key of an application: four strings hashed in place, no string built per lead.
    private struct ApplicationKey: Hashable {
        let session: String
        let jobId: String
        let phone: String
        let viewerId: String
    }

    static func applicationKey(session: String, jobId: String, phone: String, viewerId: String) -> String {
        "\(session)\u{1}\(jobId)\u{1}\(phone)\u{1}\(viewerId)"
    }

    public static func leadID(number: Int) -> String {
        let digits = String(number)
        return "L" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// 42 for `L000042`; nil for an id of another shape.
    public static func number(ofLeadID id: String) -> Int? {
        guard id.hasPrefix("L") else { return nil }
        return Int(id.dropFirst())
    }
}

/// Which leads an HR query wants.
public struct LeadFilter: Sendable, Equatable {
    public var employerId: String?
    public var session: String?
    public var jobId: String?
    public var status: LeadStatus?
    /// Created at or after, in milliseconds.
    public var since: Int64?
    /// Name or phone digits the lead must contain (`q=`); never matches a withdrawn lead, whose
    /// name and phone HR no longer sees.
    public var search: LeadSearch?

    public init(employerId: String? = nil, session: String? = nil, jobId: String? = nil, status: LeadStatus? = nil, since: Int64? = nil) {
        self.employerId = employerId
        self.session = session
        self.jobId = jobId
        self.status = status
        self.since = since
    }

    func matches(_ lead: Lead) -> Bool {
        if let employerId, lead.employerId != employerId { return false }
        if let session, lead.session != session { return false }
        if let jobId, lead.jobId != jobId { return false }
        if let status, lead.status != status { return false }
        if let since, lead.createdAt < since { return false }
        if let search, !search.matches(lead) { return false }
        return true
    }
}
