/// The counts the report and the board show for any slice (campaign, session, employer, industry, district, job).
public struct Tally: Codable, Sendable, Equatable {
    /// Sum of the jobs' `headcount` (招聘人数); jobs without one add nothing.
    public var openings = 0
    /// Applications (leads), withdrawn ones included: they were made.
    public var applications = 0
    /// Leads that reached each stage at least once (see `LeadStage`).
    public var contacted = 0
    public var interviews = 0
    public var agreed = 0
    public var hired = 0
    public var retained = 0
    /// Leads whose current status is hired or retained: the openings taken.
    public var filled = 0
    /// Leads whose current status is contacted, interview scheduled or agreed.
    public var inProgress = 0
    /// Questions asked in the slice (sessions and jobs only; employers get their jobs' questions).
    public var questions = 0

    public init() {}

    /// Adds one lead: its application, the stages it reached and where it stands now.
    mutating func count(_ lead: LeadProgress) {
        applications += 1
        let stage = lead.reached
        if stage >= .contacted { contacted += 1 }
        if stage >= .interview { interviews += 1 }
        if stage >= .agreed { agreed += 1 }
        if stage >= .hired { hired += 1 }
        if stage >= .retained { retained += 1 }
        switch lead.standing {
        case .filled: filled += 1
        case .inProgress: inProgress += 1
        case .none: break
        }
    }

    mutating func add(_ other: Tally) {
        openings += other.openings
        applications += other.applications
        contacted += other.contacted
        interviews += other.interviews
        agreed += other.agreed
        hired += other.hired
        retained += other.retained
        filled += other.filled
        inProgress += other.inProgress
        questions += other.questions
    }

    /// Filled plus in progress: what the board's colour compares with the openings.
    public var covered: Int { filled + inProgress }
}
