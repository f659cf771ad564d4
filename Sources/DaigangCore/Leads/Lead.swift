/// One application: who applied to which job, and what HR has done about it since.
public struct Lead: Codable, Sendable, Equatable {
    public var id: String
    public var session: String
    public var jobId: String
    public var jobTitle: String
    public var employerId: String
    public var name: String
    /// Normalised to 11 digits; personal information, never broadcast.
    public var phone: String
    public var hometown: String?
    /// The picker's choice (`DivisionList` code), kept for the aggregates only: no HR or host view shows it.
    public var hometownCode: String? = nil
    public var note: String?
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64
    public var viewerId: String
    /// Oldest first; the last one's status is the lead's status.
    public var followups: [FollowUp]? = nil
    /// When the applicant withdrew it (`lead_withdrawn`); its contact data is erased from then on.
    public var withdrawnAt: Int64? = nil
    /// When the retention period erased its personal data (`leads_erased`, docs/PRIVACY.md).
    public var erasedAt: Int64? = nil

    public init(id: String, session: String, jobId: String, jobTitle: String, employerId: String, name: String, phone: String, hometown: String?, note: String?, createdAt: Int64, viewerId: String, followups: [FollowUp]? = nil, hometownCode: String? = nil) {
        self.id = id
        self.session = session
        self.jobId = jobId
        self.jobTitle = jobTitle
        self.employerId = employerId
        self.name = name
        self.phone = phone
        self.hometown = hometown
        self.hometownCode = hometownCode
        self.note = note
        self.createdAt = createdAt
        self.viewerId = viewerId
        self.followups = followups
    }

    public var status: LeadStatus { withdrawnAt != nil ? .withdrawn : followups?.last?.status ?? .new }
    public var updatedAt: Int64 { max(withdrawnAt ?? 0, followups?.last?.at ?? createdAt) }
    public var isWithdrawn: Bool { withdrawnAt != nil }

    /// The lead as it stays once its applicant withdrew: what it was for, without who.
    func withdrawn(at: Int64) -> Lead {
        var copy = self
        copy.withdrawnAt = at
        copy.name = ""
        copy.phone = ""
        copy.hometown = nil
        copy.hometownCode = nil
        copy.note = nil
        return copy
    }
    /// The lead once its retention period is over: name, phone, hometown, the applicant's and
    /// HR's notes and the viewer identity go; what the reports count (status, job, employer,
    /// session, times, start date, retention answer) stays.
    func erased(at: Int64) -> Lead {
        var copy = self
        copy.erasedAt = at
        copy.name = ""
        copy.phone = ""
        copy.hometown = nil
        copy.hometownCode = nil
        copy.note = nil
        copy.viewerId = ""
        copy.followups = followups?.map { followup in
            var kept = followup
            kept.note = nil
            return kept
        }
        return copy
    }
    public var isErased: Bool { erasedAt != nil }
    /// Whether name and phone may be shown: not once withdrawn or erased.
    public var hasContactData: Bool { withdrawnAt == nil && erasedAt == nil }

    /// The start date of the latest `hired` follow-up that gave one.
    public var startDate: CalendarDate? { followups?.last { $0.status == .hired && $0.startDate != nil }?.startDate }
    /// The latest answer to 还在岗吗？, if HR gave one.
    public var retained7d: Bool? { followups?.last { $0.retained7d != nil }?.retained7d }
    /// The day the HR page starts asking 还在岗吗？: seven days after the start date.
    public var retentionAskDate: CalendarDate? { startDate?.adding(days: 7) }
    /// Whether the HR page asks 还在岗吗？ on `today`: hired with a start date at least seven
    /// days back and not answered yet.
    public func asksRetention(on today: CalendarDate) -> Bool {
        guard status == .hired, retained7d == nil, let ask = retentionAskDate else { return false }
        return today >= ask
    }
    /// The latest note: HR's last follow-up note, else the applicant's own.
    public var latestNote: String? { followups?.last { $0.note != nil }?.note ?? note }

    public var phoneMasked: String { PhoneNumber.mask(phone) }

    /// The record without its history, as the journal stores a new lead.
    var withoutHistory: Lead {
        var copy = self
        copy.followups = nil
        return copy
    }
}

/// An HR access to personal data, kept for accountability.
public struct AuditEntry: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable {
        case viewLead = "view_lead"
        case export
        /// The retention period erased these leads' personal data (`before`: created before that day).
        case retentionErase = "retention_erase"
    }

    public var employerId: String
    public var action: Action
    public var leadIds: [String]
    public var at: Int64
    /// The account that did it; absent in records from before accounts.
    public var by: String?
    /// With `retention_erase`: the leads erased were created before this Beijing day.
    public var before: CalendarDate?

    public init(employerId: String, action: Action, leadIds: [String], at: Int64, by: String? = nil, before: CalendarDate? = nil) {
        self.by = by
        self.employerId = employerId
        self.action = action
        self.leadIds = leadIds
        self.at = at
        self.before = before
    }
}
