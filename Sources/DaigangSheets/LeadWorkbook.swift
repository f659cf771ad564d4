public import DaigangCore
public import Foundation

/// An employer's leads as the .xlsx HR opens in Excel or WPS (`GET /api/leads.xlsx`): sheet
/// 「报名」 one row per lead, sheet 「跟进记录」 every follow-up.
///
/// Phone numbers and ids are text cells (never 1.39E+10), times are real date cells shown in
/// Beijing time, statuses are `LeadStatus.chineseLabel`. Withdrawn and erased leads have no
/// contact data: their name, phone and notes are empty, as in the CSV.
public enum LeadWorkbook {
    static let leadHeader = ["线索编号", "报名时间", "姓名", "手机", "岗位", "岗位编号", "状态", "到岗日期", "在岗7天", "最新备注", "更新时间", "场次"]
    static let leadWidths: [Double] = [11, 17, 10, 14, 22, 12, 13, 11, 9, 40, 17, 14]
    static let historyHeader = ["线索编号", "时间", "状态", "备注", "操作人", "到岗日期", "在岗7天"]
    static let historyWidths: [Double] = [11, 17, 13, 40, 14, 11, 9]

    public static func render(_ leads: [Lead]) -> Data {
        var leadRows: [[Worksheet.Cell]] = [leadHeader.map { .text($0) }]
        var historyRows: [[Worksheet.Cell]] = [historyHeader.map { .text($0) }]
        for lead in leads {
            let contact = lead.hasContactData
            leadRows.append([
                .forcedText(lead.id), time(lead.createdAt), contact ? .text(lead.name) : .empty,
                contact ? .forcedText(lead.phone) : .empty, .text(lead.jobTitle), .forcedText(lead.jobId),
                .text(lead.status.chineseLabel), date(lead.startDate), retained(lead.retained7d),
                lead.latestNote.map { .text($0) } ?? .empty, time(lead.updatedAt), .forcedText(lead.session),
            ])
            for followup in lead.followups ?? [] {
                historyRows.append([
                    .forcedText(lead.id), time(followup.at), .text(followup.status.chineseLabel),
                    followup.note.map { .text($0) } ?? .empty, .text(followup.by), date(followup.startDate), retained(followup.retained7d),
                ])
            }
        }
        return XLSXWriter(sheets: [
            Worksheet(name: "报名", rows: leadRows, columnWidths: leadWidths),
            Worksheet(name: "跟进记录", rows: historyRows, columnWidths: historyWidths),
        ]).data()
    }

    private static func time(_ millis: Int64) -> Worksheet.Cell {
        .dateTime(Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// A calendar date as text `2026-12-01`: a date without a time of day, sortable as text.
    private static func date(_ date: CalendarDate?) -> Worksheet.Cell {
        date.map { .forcedText($0.description) } ?? .empty
    }

    private static func retained(_ answer: Bool?) -> Worksheet.Cell {
        answer.map { .text($0 ? "是" : "否") } ?? .empty
    }
}
