/// How far a lead got with its employer, for the report's funnel: the highest stage any of its follow-ups reached.
///
/// Read from status strings, not `LeadStatus`, so `agreed` (初步达成意向) and `retained_7d` count as soon as
/// the follow-up API records them (they arrive on another branch). A lead counts in every stage up to its
/// highest: a hire counts as contacted, interviewed and agreed even if HR skipped a step.
public enum LeadStage: Int, Comparable, Sendable, CaseIterable {
    case applied, contacted, interview, agreed, hired, retained

    public static func < (lhs: LeadStage, rhs: LeadStage) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The stage a follow-up status stands for; `nil` for statuses that are no step forward
    /// (`new`, `rejected`, `unreachable`, `line_no_show`, `withdrawn`).
    public init?(status: String) {
        switch status {
        case "contacted": self = .contacted
        case "interview_scheduled": self = .interview
        case "agreed": self = .agreed
        case "hired": self = .hired
        case "retained_7d": self = .retained
        default: return nil
        }
    }

    /// The stage of a status, by case for the common ones (no string made), by name for the rest.
    init?(_ status: LeadStatus) {
        // Comparisons, not a switch: the statuses another branch adds (`agreed`, `retained_7d`) go by name.
        if status == .new { return nil }
        if status == .contacted { self = .contacted; return }
        if status == .interviewScheduled { self = .interview; return }
        if status == .hired { self = .hired; return }
        guard let stage = LeadStage(status: status.rawValue) else { return nil }
        self = stage
    }

    /// The highest stage of a lead's history.
    public static func reached(by lead: Lead) -> LeadStage { reached(through: lead.followups) }

    static func reached(through followups: [FollowUp]?) -> LeadStage {
        var best = LeadStage.applied
        for followup in followups ?? [] {
            if let stage = LeadStage(followup.status), stage > best { best = stage }
        }
        return best
    }

    /// Where the lead stands now for the board: filled (hired, retained), in progress (contacted,
    /// interview scheduled, agreed) or neither (new, rejected, unreachable, no-show, withdrawn).
    public static func standing(of lead: Lead) -> Standing { standing(status: lead.status) }

    static func standing(status: LeadStatus) -> Standing {
        switch LeadStage(status) {
        case .hired?, .retained?: return .filled
        case .contacted?, .interview?, .agreed?: return .inProgress
        case .applied?, nil: return .none
        }
    }

    public enum Standing: Sendable { case filled, inProgress, none }
}

/// A lead as the figures see it: the stage it reached and where it stands, worked out once per lead.
struct LeadProgress {
    let reached: LeadStage
    let standing: LeadStage.Standing

    /// From the two fields it needs, so that a loop over stored leads reads them in place instead
    /// of copying each `Lead` (BENCHMARKS.md "Board and report").
    init(followups: [FollowUp]?, status: LeadStatus) {
        reached = LeadStage.reached(through: followups)
        standing = LeadStage.standing(status: status)
    }
}
