import DaigangCore

/// A value in a scenario's `RESULT` JSON line (members keep their order).
enum ReportValue {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case null
    case object([(String, ReportValue)])
    case array([ReportValue])

    /// Compact JSON; doubles rounded to 3 decimals, non-finite ones as null.
    var json: String {
        switch self {
        case let .int(value): return String(value)
        case let .double(value):
            guard value.isFinite else { return "null" }
            let rounded = (value * 1000).rounded() / 1000
            return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
        case let .string(value): return JSONQuoting.quoted(value)
        case let .bool(value): return value ? "true" : "false"
        case .null: return "null"
        case let .object(members):
            return "{" + members.map { "\(JSONQuoting.quoted($0.0)):\($0.1.json)" }.joined(separator: ",") + "}"
        case let .array(items):
            return "[" + items.map(\.json).joined(separator: ",") + "]"
        }
    }

    static func optional(_ value: Int?) -> ReportValue { value.map { .int($0) } ?? .null }
    static func optional(_ value: Double?) -> ReportValue { value.map { .double($0) } ?? .null }
}
