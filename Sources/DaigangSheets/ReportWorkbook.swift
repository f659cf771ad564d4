public import DaigangCore
public import Foundation

/// The campaign report as the .xlsx the bureau files and forwards (`GET /api/report.xlsx`):
/// 汇总 (the headline row), 场次, 企业, 岗位, 行业, 区县 and 来源.
///
/// Figures are number cells (they sum and sort in Excel), ids are text cells, every header is
/// Chinese and frozen, columns are sized to their content. Nothing in it names a person; 来源
/// shows hometowns only as the province and prefecture `OriginTable`s, small ones as "<5"
/// (docs/REPORTS.md).
public enum ReportWorkbook {
    static let headlineHeader = ["场次数", "参会企业", "招聘人数", "求职人数", "报名人次", "达成意向", "录用", "最高同时在线", "观看人数"]
    /// The `Tally` columns every sheet but 汇总 and 来源 ends with, then the colour word.
    static let tallyHeader = ["招聘人数", "报名", "已联系", "面试", "达成意向", "录用", "在岗7天", "已到岗", "跟进中", "提问", "用工状态"]
    /// Shown for a slice without stated openings, which has no colour.
    static let noOpeningsText = "未填人数"

    public static func render(_ report: CampaignReport) -> Data {
        XLSXWriter(sheets: sheets(report)).data()
    }

    static func sheets(_ report: CampaignReport) -> [Worksheet] {
        let names = Dictionary(report.employers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let h = report.headline
        return [
            sheet("汇总", header: headlineHeader, rows: [
                [h.fairs, h.employers, h.openings, h.applicants, h.applications, h.agreements, h.hires, h.peakViewers, h.uniqueViewers].map { .integer($0) },
            ]),
            sheet("场次", header: ["场次编号", "场次", "最高同时在线", "观看人数"] + tallyHeader, rows: (report.sessions + [report.campaign]).map { row in
                [row.id == report.campaign.id ? .text("合计") : .forcedText(row.id), .text(row.name),
                 .integer(row.peakViewers ?? 0), .integer(row.uniqueViewers ?? 0)] + figures(row.tally, row.colour)
            }),
            sheet("企业", header: ["企业编号", "企业", "行业", "区县"] + tallyHeader, rows: report.employers.map { row in
                [.forcedText(row.id), .text(row.name), .text(row.industry ?? ReportBuilder.unstatedText),
                 .text(row.district ?? ReportBuilder.unstatedText)] + figures(row.tally, row.colour)
            }),
            sheet("岗位", header: ["场次编号", "岗位编号", "岗位", "企业"] + tallyHeader, rows: (report.jobs ?? []).map { row in
                [.forcedText(row.session), .forcedText(row.id), .text(row.title), .text(names[row.employerId] ?? row.employerId)]
                    + figures(row.tally, row.colour)
            }),
            sheet("行业", header: ["行业"] + tallyHeader, rows: report.industries.map { [.text($0.name)] + figures($0.tally, $0.colour) }),
            sheet("区县", header: ["区县"] + tallyHeader, rows: report.districts.map { [.text($0.name)] + figures($0.tally, $0.colour) }),
            sheet("来源", header: ["场次", "来源地", "人数", "层级"], rows: origins(report)),
        ]
    }

    private static func figures(_ tally: Tally, _ colour: ShortageColour?) -> [Worksheet.Cell] {
        [tally.openings, tally.applications, tally.contacted, tally.interviews, tally.agreed, tally.hired, tally.retained,
         tally.filled, tally.inProgress, tally.questions].map { .integer($0) } + [.text(colour?.label ?? noOpeningsText)]
    }

    /// The campaign's tables, then each session's: by province (层级 省), then by prefecture (层级
    /// 地市, named with its province); a count where the rule shows one, else its text ("<5", "*").
    /// Places are divisions only ("未能识别" for a text that names none), never a text as written.
    private static func origins(_ report: CampaignReport) -> [[Worksheet.Cell]] {
        var tables: [(scope: String, level: String, table: OriginTable)] = []
        func add(_ scope: String, _ provinces: OriginTable?, _ prefectures: OriginTable?) {
            if let provinces { tables.append((scope, "省", provinces)) }
            if let prefectures { tables.append((scope, "地市", prefectures)) }
        }
        add(report.campaign.name, report.originProvinces, report.originPrefectures)
        let titles = Dictionary(report.sessions.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        for session in report.sessionOrigins ?? [] { add(titles[session.session] ?? session.session, session.provinces, session.prefectures) }
        var rows: [[Worksheet.Cell]] = []
        for (scope, level, table) in tables {
            for cell in table.cells {
                let name = cell.province.map { $0 == cell.place ? cell.place : $0 + cell.place } ?? cell.place
                rows.append([.text(scope), .text(name), cell.count.map { .integer($0) } ?? .text(cell.shown), .text(level)])
            }
            if let other = table.other { rows.append([.text(scope), .text("其他"), .integer(other), .text(level)]) }
            rows.append([.text(scope), .text("合计"), table.total.map { .integer($0) } ?? .text(table.totalShown ?? OriginTable.hiddenText), .text(level)])
            rows.append([.text(scope), .text(ReportBuilder.unstatedText), .integer(table.unstated), .text(level)])
        }
        return rows
    }

    /// A sheet with its header frozen and each column as wide as its widest cell (a Chinese
    /// character counts two), between 6 and 40 characters.
    private static func sheet(_ name: String, header: [String], rows: [[Worksheet.Cell]]) -> Worksheet {
        let all = [header.map { Worksheet.Cell.text($0) }] + rows
        let widths = header.indices.map { column in
            let widest = all.reduce(0) { widest, row in column < row.count ? max(widest, width(of: row[column])) : widest }
            return Double(min(40, max(6, widest + 2)))
        }
        return Worksheet(name: name, rows: all, columnWidths: widths)
    }

    private static func width(of cell: Worksheet.Cell) -> Int {
        switch cell {
        case .text(let text), .forcedText(let text): text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
        case .integer(let value): String(value).count
        case .number(let value): String(value).count
        case .dateTime: 16
        case .bool: 5
        case .empty: 0
        }
    }
}
