/// `CatalogValidation`'s English errors, told in Chinese and pointed at the sheet column.
///
/// The catalog rules stay in one place (Core) and speak English to the config file and the logs;
/// the sheet layer translates their fixed phrases here. A reason without a translation is passed on
/// as is; `ValidationReasonTests` makes every rule a job can break come out in Chinese.
enum ValidationReason {
    /// The sheet column for a dotted `Job` field (`job.location.city` → 城市, `job.tags[3]` → 标签).
    static func field(_ path: String) -> JobColumn.Field {
        var name = path.hasPrefix("job.") ? String(path.dropFirst(4)) : path
        if let bracket = name.firstIndex(of: "[") { name = String(name[..<bracket]) }
        switch name {
        case "employerId": return .employer
        case "pay.min": return .payMin
        case "pay.max": return .payMax
        case "pay.unit": return .payUnit
        case "pay.note": return .payNote
        case "location.city": return .city
        case "location.district": return .district
        case "location.address": return .address
        case "housing.note": return .housingNote
        case "ageRange": return .ageMin
        default: return JobColumn.Field(rawValue: name) ?? .title
        }
    }

    static func chinese(_ reason: String) -> String {
        let number = reason.split(separator: " ").compactMap { Int($0) }.first.map(String.init) ?? ""
        switch reason {
        case "must not be empty": return "不能为空"
        case "must not be negative": return "不能是负数"
        case "must not exceed pay.max": return "不能高于工资上限"
        case "is implausibly large": return "数额太大，请核对"
        case "must be between 1 and 100000": return "应在 1 到 100000 之间"
        case "must satisfy 16 ≤ min ≤ max ≤ 70": return "年龄应在 16 到 70 岁之间，最低不高于最高"
        case "must be a single line (no line breaks or tabs)": return "只能写一行（不能换行）"
        case "must be 1–64 characters of A-Z a-z 0-9 _ -": return "只能用 1 到 64 个英文字母、数字、_ 或 -"
        case _ where reason.hasPrefix("must be at most") && reason.hasSuffix("characters"): return "太长了，最多 \(number) 个字"
        case _ where reason.hasPrefix("must have at most"): return "太多了，最多 \(number) 项"
        case _ where reason.hasPrefix("must not contain control"):
            let code = reason.split(separator: " ").last.map { "（\($0.dropLast())）" } ?? ""
            return "含有看不见的控制字符\(code)，请删去后重新输入"
        default: return reason
        }
    }
}
