import DaigangCore
import DaigangSheets
import Foundation
import Testing

struct XLSXWriterTests {
    @Test func whatIsWrittenReadsBackAsShown() throws {
        let sheet = Worksheet(name: "线索", rows: [
            [.text("姓名"), .text("手机"), .text("工资"), .text("到岗"), .text("报名时间")],
            [.text("张三 <&>"), .forcedText("13800138000"), .integer(6500), .bool(true), .dateTime(Date(timeIntervalSince1970: 0))],
            [.text("李四"), .forcedText("00123"), .number(6500.5), .empty, .text("tab\there")],
        ], columnWidths: [10, 16])
        let rows = try SheetReader.rows(fromXLSX: XLSXWriter(sheets: [sheet]).data())
        #expect(rows[0] == ["姓名", "手机", "工资", "到岗", "报名时间"])
        #expect(rows[1] == ["张三 <&>", "13800138000", "6500", "TRUE", "25569.3333333333"])
        #expect(rows[2] == ["李四", "00123", "6500.5", "", "tab\there"])
    }

    @Test func dateTimesAreExcelSerialsInTheWritersTimeZone() throws {
        // 2026-12-02 00:00 UTC is 08:00 in Beijing: serial 46358 + 8/24.
        let date = Date(timeIntervalSince1970: 1_796_169_600)
        let beijing = try SheetReader.rows(fromXLSX: XLSXWriter(sheets: [Worksheet(name: "a", rows: [[.dateTime(date)]])]).data())
        let utc = try SheetReader.rows(fromXLSX: XLSXWriter(sheets: [Worksheet(name: "a", rows: [[.dateTime(date)]])], timeZone: .gmt).data())
        #expect(beijing == [["46358.3333333333"]])
        #expect(utc == [["46358"]])
    }

    @Test func controlCharactersAreDroppedAndTextIsEscaped() throws {
        let data = XLSXWriter(sheets: [Worksheet(name: "a/b", rows: [[.text("x\u{1}y & <z> \"q\"")]])]).data()
        #expect(try SheetReader.rows(fromXLSX: data) == [["xy & <z> \"q\""]])
    }

    @Test func theWriterIsDeterministic() {
        let writer = XLSXWriter(sheets: [Worksheet(name: "a", rows: [[.text("x")]]), Worksheet(name: "a", rows: [])])
        #expect(writer.data() == writer.data())
    }

    @Test func theTemplateReadsBackAndItsExampleRowImports() throws {
        let rows = try SheetReader.rows(fromXLSX: JobSheetTemplate.workbook())
        #expect(rows[0].first == "岗位名称*")
        #expect(rows[0].count == JobColumn.all.count)
        let jobs = try JobSheet.parse(rows: rows, context: JobSheet.Context(employers: Employers.all)).get()
        #expect(jobs.count == 1)
        #expect(jobs[0].employerId == "huaqiang")
        #expect(jobs[0].pay == Pay(min: 5000, max: 7000, unit: .month, note: "含加班费，每月10号发"))
        #expect(jobs[0].housing?.dorm == true)
    }
}
