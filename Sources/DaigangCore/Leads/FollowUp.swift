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
    /// The first working day, with `hired` only (Beijing calendar date).
    public var startDate: CalendarDate?
    /// The answer to 还在岗吗？ seven days after the start date (`retained_7d` on the wire), with
    /// `hired` only: true still at work, false left. Nil on every other follow-up.
    public var retained7d: Bool?

    enum CodingKeys: String, CodingKey {
        case status, note, at, by, byName, startDate
        case retained7d = "retained_7d"
    }

    public init(status: LeadStatus, note: String?, at: Int64, by: String, byName: String? = nil, startDate: CalendarDate? = nil, retained7d: Bool? = nil) {
        self.status = status
        self.note = note
        self.at = at
        self.by = by
        self.byName = byName
        self.startDate = startDate
        self.retained7d = retained7d
    }
}
