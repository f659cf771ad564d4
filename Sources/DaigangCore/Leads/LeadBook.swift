/// Everything the store keeps, rebuilt from its records: leads with their follow-ups, the audit
/// log, and each session's interview line. No I/O.
///
/// The loop keeps one for queries; the store thread keeps another to write snapshots from.
public final class LeadBook {
    private(set) var leads: [Lead] = []
    private var indexByID: [String: Int] = [:]
    /// Lead id by (session, job, phone, viewer identity): an application belongs to the identity that made it.
    private var indexByApplication: [String: String] = [:]
    /// Positions in `leads` of each employer's leads, ascending (so also by lead number).
    private var indicesByEmployer: [String: [Int]] = [:]
    public private(set) var audit: [AuditEntry] = []
    /// Each session's line as durably recorded.
    public private(set) var queues: [String: QueueState] = [:]
    /// The highest lead number seen, so new ids never repeat across restarts.
    public private(set) var highestLeadNumber = 0

    public init() {}

    public var count: Int { leads.count }

    /// Applies one record; records arrive in journal order.
    public func apply(_ record: StoreRecord) {
        switch record {
        case .lead(let lead):
            guard indexByID[lead.id] == nil else { return }
            indexByID[lead.id] = leads.count
            indicesByEmployer[lead.employerId, default: []].append(leads.count)
            leads.append(lead)
            indexByApplication[Self.applicationKey(session: lead.session, jobId: lead.jobId, phone: lead.phone, viewerId: lead.viewerId)] = lead.id
            if let number = Self.number(ofLeadID: lead.id) { highestLeadNumber = max(highestLeadNumber, number) }
        case .followup(let leadId, let followup):
            guard let index = indexByID[leadId] else { return }
            leads[index].followups = (leads[index].followups ?? []) + [followup]
        case .audit(let entry):
            audit.append(entry)
        case .queue(let session, let event):
            queues[session, default: QueueState()].apply(event)
        case .queueState(let session, let state):
            queues[session] = state
        }
    }

    public func lead(withID id: String) -> Lead? {
        indexByID[id].map { leads[$0] }
    }

    /// The lead this viewer identity made for this phone, job and session, if one was recorded.
    ///
    /// Another identity's application with the same phone is not returned: knowing a phone number
    /// must not hand over someone else's lead.
    public func existingLeadID(session: String, jobId: String, phone: String, viewerId: String) -> String? {
        indexByApplication[Self.applicationKey(session: session, jobId: jobId, phone: phone, viewerId: viewerId)]
    }

    /// Leads of a session, for the applications counter.
    public func count(inSession session: String) -> Int {
        leads.reduce(0) { $0 + ($1.session == session ? 1 : 0) }
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
            let lead = leads[index]
            if let before, (Self.number(ofLeadID: lead.id) ?? 0) >= before { return true }
            guard filter.matches(lead) else { return true }
            if result.count == limit { return false }
            result.append(lead)
            return true
        }
        if let employerId = filter.employerId {
            for index in (indicesByEmployer[employerId] ?? []).reversed() where !visit(index) { return (result, true) }
        } else {
            for index in leads.indices.reversed() where !visit(index) { return (result, true) }
        }
        return (result, false)
    }

    /// The whole state as records, for a snapshot: each lead with its history embedded, then the audit log.
    public var compactedRecords: [StoreRecord] {
        leads.map { .lead($0) } + audit.map { .audit($0) }
            + queues.keys.sorted().map { .queueState(session: $0, queues[$0]!) }
    }

    static func applicationKey(session: String, jobId: String, phone: String, viewerId: String) -> String {
        "\(session)\u{1}\(jobId)\u{1}\(phone)\u{1}\(viewerId)"
    }

    public static func leadID(number: Int) -> String {
        let digits = String(number)
        return "L" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    static func number(ofLeadID id: String) -> Int? {
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
        return true
    }
}
