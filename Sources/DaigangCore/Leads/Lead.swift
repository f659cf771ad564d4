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
    public var note: String?
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64
    public var viewerId: String
    /// Oldest first; the last one's status is the lead's status.
    public var followups: [FollowUp]? = nil
    /// When the applicant withdrew it (`lead_withdrawn`); its contact data is erased from then on.
    public var withdrawnAt: Int64? = nil

    public init(id: String, session: String, jobId: String, jobTitle: String, employerId: String, name: String, phone: String, hometown: String?, note: String?, createdAt: Int64, viewerId: String, followups: [FollowUp]? = nil) {
        self.id = id
        self.session = session
        self.jobId = jobId
        self.jobTitle = jobTitle
        self.employerId = employerId
        self.name = name
        self.phone = phone
        self.hometown = hometown
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
        copy.note = nil
        return copy
    }
    public var phoneMasked: String { PhoneNumber.mask(phone) }

    /// The record without its history, as the journal stores a new lead.
    var withoutHistory: Lead {
        var copy = self
        copy.followups = nil
        return copy
    }
}

/// An HR action on a lead.
public struct FollowUp: Codable, Sendable, Equatable {
    public var status: LeadStatus
    public var note: String?
    public var at: Int64
    /// Who did it: the account id (`bootstrap-hr-acme` for an employer's config token; `hr:acme`
    /// in records from before accounts).
    public var by: String
    /// The account's name when it did it; absent in records from before accounts.
    public var byName: String?

    public init(status: LeadStatus, note: String?, at: Int64, by: String, byName: String? = nil) {
        self.status = status
        self.note = note
        self.at = at
        self.by = by
        self.byName = byName
    }
}

/// Where a lead is in HR's follow-up.
public enum LeadStatus: String, WireEnum {
    case new, contacted
    case interviewScheduled = "interview_scheduled"
    case hired, rejected, unreachable
    /// Called in the live interview line and did not confirm within the call window.
    case lineNoShow = "line_no_show"
    /// The applicant took the application back; only the applicant sets it.
    case withdrawn

    /// What HR may set by a follow-up: not the statuses only the line or the applicant set.
    public var isSetByHR: Bool { self != .withdrawn && self != .lineNoShow }
}

/// An HR access to personal data, kept for accountability.
public struct AuditEntry: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable {
        case viewLead = "view_lead"
        case export
    }

    public var employerId: String
    public var action: Action
    public var leadIds: [String]
    public var at: Int64
    /// The account that did it; absent in records from before accounts.
    public var by: String?

    public init(employerId: String, action: Action, leadIds: [String], at: Int64, by: String? = nil) {
        self.by = by
        self.employerId = employerId
        self.action = action
        self.leadIds = leadIds
        self.at = at
    }
}
