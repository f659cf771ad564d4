/// Where a lead is in HR's follow-up.
///
/// The outcomes follow how the bureaus count a fair: 初步达成意向 (`agreed`) is the tally the
/// season reports, 已录用 (`hired`) carries the start date, and whether the worker is still there
/// seven days later is a follow-up field (`FollowUp.retained7d`), not a status of its own.
public enum LeadStatus: String, WireEnum {
    case new, contacted
    case interviewScheduled = "interview_scheduled"
    /// An initial agreement with the employer (初步达成意向), before a start date is fixed.
    case agreed
    case hired, rejected, unreachable
    /// Called in the live interview line and did not confirm within the call window.
    case lineNoShow = "line_no_show"
    /// The applicant took the application back; only the applicant sets it.
    case withdrawn

    /// What HR may set by a follow-up: not the statuses only the line or the applicant set.
    public var isSetByHR: Bool { self != .withdrawn && self != .lineNoShow }

    /// The one Chinese name of the status, used by the HR page (served as `statusLabel`), the
    /// .xlsx export and the CSV with `labels=zh`.
    public var chineseLabel: String {
        switch self {
        case .new: "新线索"
        case .contacted: "已联系"
        case .interviewScheduled: "已约面试"
        case .agreed: "初步达成意向"
        case .hired: "已录用"
        case .rejected: "不合适"
        case .unreachable: "联系不上"
        case .lineNoShow: "叫号未到"
        case .withdrawn: "本人已撤回"
        }
    }
}
