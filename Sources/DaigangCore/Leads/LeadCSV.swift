/// Leads as a spreadsheet Excel opens correctly: UTF-8 with BOM, CRLF, formula-safe cells.
public enum LeadCSV {
    static let header = [
        "线索编号 Lead ID", "报名时间 Applied (UTC+8)", "姓名 Name", "手机 Phone", "岗位 Job", "岗位编号 Job ID",
        "家乡 Hometown", "备注 Note", "状态 Status", "更新时间 Updated (UTC+8)", "场次 Session",
        "到岗日期 Start date", "在岗7天 Retained 7d", "最新跟进 Latest note",
    ]

    /// - Parameter chineseLabels: statuses as `LeadStatus.chineseLabel` (`labels=zh`) instead of
    ///   the wire codes tools match on; the retention answer as 是/否 instead of yes/no.
    /// The 家乡 column stays for the tools that read columns by position, always empty: hometown
    /// is shown only as aggregates (docs/PRIVACY.md).
    public static func render(_ leads: [Lead], chineseLabels: Bool = false) -> [UInt8] {
        var text = "\u{FEFF}" + row(header)
        for lead in leads {
            let retained = lead.retained7d.map { chineseLabels ? ($0 ? "是" : "否") : ($0 ? "yes" : "no") } ?? ""
            text += row([
                lead.id, beijingTime(lead.createdAt), lead.name, lead.phone, lead.jobTitle, lead.jobId,
                "", lead.note ?? "", chineseLabels ? lead.status.chineseLabel : lead.status.rawValue,
                beijingTime(lead.updatedAt), lead.session,
                lead.startDate?.description ?? "", retained, lead.followups?.last { $0.note != nil }?.note ?? "",
            ])
        }
        return Array(text.utf8)
    }

    static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// Neutralises formulas (see `looksLikeFormula`) with a leading `'` and quotes where CSV needs it.
    ///
    /// Works on Unicode scalars: a `Character` such as `"` + U+0301 or CR LF would not compare
    /// equal to `"` or LF and so would slip through unquoted.
    static func cell(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        if looksLikeFormula(value) { scalars.append("'") }
        var needsQuotes = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"":
                needsQuotes = true
                scalars.append("\"")
            case ",", "\n", "\r":
                needsQuotes = true
            default:
                break
            }
            scalars.append(scalar)
        }
        let text = String(scalars)
        return needsQuotes ? "\"" + text + "\"" : text
    }

    /// Whether a spreadsheet could read the cell as a formula: its first scalar after leading
    /// white space and invisible formatting is = + - @ (or their full-width forms), or the cell
    /// starts with a tab, CR or LF.
    ///
    /// Scalars, not `Character`s: `=` followed by U+200D, U+0301 or U+FE0F is one `Character`
    /// that is not `=`, yet spreadsheets still see the `=`.
    static func looksLikeFormula(_ value: String) -> Bool {
        for scalar in value.unicodeScalars {
            switch scalar {
            case "=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}", "\t", "\r", "\n":
                return true
            default:
                let properties = scalar.properties
                guard properties.isWhitespace || properties.generalCategory == .format || properties.generalCategory == .control else {
                    return false
                }
            }
        }
        return false
    }

    /// `2026-11-24 21:05` in China Standard Time (UTC+8, no daylight saving).
    static func beijingTime(_ millis: Int64) -> String {
        let secondOfDay = (millis / 1000 + 8 * 3600) - CalendarDate(beijingDayOf: millis).daysSinceEpoch * 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(CalendarDate(beijingDayOf: millis)) \(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60))"
    }
}
