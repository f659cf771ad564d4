/// One line of the journal: everything the lead store keeps is a sequence of these.
public enum StoreRecord: Codable, Sendable, Equatable {
    case lead(Lead)
    case followup(leadId: String, FollowUp)
    case audit(AuditEntry)
    /// `by`: the account that made the change (a host's call, requeue, pause…); nil for a viewer's
    /// own join or leave, a timer, and records from before issue 11.
    case queue(session: String, QueueEvent, by: String? = nil)
    /// A whole line, as snapshots store it.
    case queueState(session: String, QueueState)
    /// Lead numbers up to `upTo` may be handed out: a run starts above the highest one, so an id
    /// is never reused even when the lead that had it was lost (docs/STORE.md, "Lead ids").
    /// Written by the store, in blocks ahead of use.
    case idsReserved(upTo: Int)
    /// One change to a session (docs/STORE.md, "Sessions").
    /// `by`: the account that made the change (host console or admin API); nil for the config's
    /// seed, a viewer's question or upvote, and records from before issue 11.
    case session(id: String, SessionEvent, by: String? = nil)
    /// A whole session as its events made it, as snapshots store it.
    case sessionState(SessionState)
    /// The applicant withdrew the lead: its contact data is erased and it counts as `withdrawn`.
    case leadWithdrawn(leadId: String, at: Int64)
    /// A change to the accounts (docs/STORE.md, "Accounts").
    case account(AccountEvent)
    /// The retention period is over for these leads: their personal data is erased
    /// (`Lead.erased(at:)`), their counts stay (docs/STORE.md, "Erasure").
    case leadsErased(leadIds: [String], at: Int64)
    /// An employer's directory entry, whole, after it was created or changed (docs/STORE.md, "Employers").
    /// `by`: the organizer account that made the change (nil in snapshots and older records).
    case employer(EmployerProfile, by: String? = nil)
    /// A policy of the library shared across sessions, whole, after it was created or replaced.
    /// `by`: the organizer account that made the change (nil in snapshots and older records).
    case libraryPolicy(Policy, by: String? = nil)

    enum CodingKeys: String, CodingKey { case kind, lead, leadId, leadIds, followup, entry, session, change, state, upTo, at, employer, policy, by }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "lead": self = .lead(try c.decode(Lead.self, forKey: .lead))
        case "followup": self = .followup(leadId: try c.decode(String.self, forKey: .leadId), try c.decode(FollowUp.self, forKey: .followup))
        case "audit": self = .audit(try c.decode(AuditEntry.self, forKey: .entry))
        case "queue": self = .queue(session: try c.decode(String.self, forKey: .session), try c.decode(QueueEvent.self, forKey: .change), by: try c.decodeIfPresent(String.self, forKey: .by))
        case "queue_state": self = .queueState(session: try c.decode(String.self, forKey: .session), try c.decode(QueueState.self, forKey: .state))
        case "ids_reserved": self = .idsReserved(upTo: try c.decode(Int.self, forKey: .upTo))
        case "session": self = .session(id: try c.decode(String.self, forKey: .session), try c.decode(SessionEvent.self, forKey: .change), by: try c.decodeIfPresent(String.self, forKey: .by))
        case "session_state": self = .sessionState(try c.decode(SessionState.self, forKey: .state))
        case "account": self = .account(try c.decode(AccountEvent.self, forKey: .change))
        case "lead_withdrawn": self = .leadWithdrawn(leadId: try c.decode(String.self, forKey: .leadId), at: try c.decode(Int64.self, forKey: .at))
        case "leads_erased": self = .leadsErased(leadIds: try c.decode([String].self, forKey: .leadIds), at: try c.decode(Int64.self, forKey: .at))
        case "employer": self = .employer(try c.decode(EmployerProfile.self, forKey: .employer), by: try c.decodeIfPresent(String.self, forKey: .by))
        case "library_policy": self = .libraryPolicy(try c.decode(Policy.self, forKey: .policy), by: try c.decodeIfPresent(String.self, forKey: .by))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown record kind '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .lead(let lead):
            try c.encode("lead", forKey: .kind)
            try c.encode(lead, forKey: .lead)
        case .followup(let leadId, let followup):
            try c.encode("followup", forKey: .kind)
            try c.encode(leadId, forKey: .leadId)
            try c.encode(followup, forKey: .followup)
        case .audit(let entry):
            try c.encode("audit", forKey: .kind)
            try c.encode(entry, forKey: .entry)
        case .queue(let session, let change, let by):
            try c.encode("queue", forKey: .kind)
            try c.encode(session, forKey: .session)
            try c.encode(change, forKey: .change)
            try c.encodeIfPresent(by, forKey: .by)
        case .queueState(let session, let state):
            try c.encode("queue_state", forKey: .kind)
            try c.encode(session, forKey: .session)
            try c.encode(state, forKey: .state)
        case .idsReserved(let upTo):
            try c.encode("ids_reserved", forKey: .kind)
            try c.encode(upTo, forKey: .upTo)
        case .session(let id, let event, let by):
            try c.encode("session", forKey: .kind)
            try c.encode(id, forKey: .session)
            try c.encode(event, forKey: .change)
            try c.encodeIfPresent(by, forKey: .by)
        case .sessionState(let state):
            try c.encode("session_state", forKey: .kind)
            try c.encode(state, forKey: .state)
        case .leadWithdrawn(let leadId, let at):
            try c.encode("lead_withdrawn", forKey: .kind)
            try c.encode(leadId, forKey: .leadId)
            try c.encode(at, forKey: .at)
        case .account(let event):
            try c.encode("account", forKey: .kind)
            try c.encode(event, forKey: .change)
        case .leadsErased(let leadIds, let at):
            try c.encode("leads_erased", forKey: .kind)
            try c.encode(leadIds, forKey: .leadIds)
            try c.encode(at, forKey: .at)
        case .employer(let profile, let by):
            try c.encode("employer", forKey: .kind)
            try c.encode(profile, forKey: .employer)
            try c.encodeIfPresent(by, forKey: .by)
        case .libraryPolicy(let policy, let by):
            try c.encode("library_policy", forKey: .kind)
            try c.encode(policy, forKey: .policy)
            try c.encodeIfPresent(by, forKey: .by)
        }
    }
}
