@testable import DaigangCore
@testable import DaigangSheets
import Foundation
import Testing

struct ReportWorkbookTests {
    static func report() -> CampaignReport {
        let book = LeadBook()
        var job = Job(id: "007", title: "普工", employerId: "acme", pay: Pay(min: 5000, max: 7000, unit: .month), location: Location(city: "苏州"))
        job.headcount = 10
        book.apply(.session(id: "s1", .created(SessionDefinition(id: "s1", title: "春风行动", status: .live, jobs: [job], policies: []))))
        book.apply(.session(id: "s1", .audience(SessionAudience(peak: 40, unique: 95))))
        for n in 1...6 {
            book.apply(.lead(Lead(id: LeadBook.leadID(number: n), session: "s1", jobId: "007", jobTitle: "普工", employerId: "acme", name: "张三",
                                  phone: "1380000000\(n)", hometown: n <= 5 ? "河南省" : "四川省", note: nil, createdAt: Int64(n), viewerId: "v\(n)")))
        }
        let divisions = try? DivisionList(json: Data("""
            {"provinces": [{"code": "410000", "name": "河南省", "short": "河南", "prefectures": [["411600", "周口市", "地级"]]},
                           {"code": "510000", "name": "四川省", "short": "四川", "prefectures": []}]}
            """.utf8))
        let builder = ReportBuilder(employers: [EmployerProfile(id: "acme", name: "Acme 电子", industry: "制造业", district: "吴中区")],
                                    thresholds: .standard, divisions: divisions ?? .empty)
        return ReportJob(state: book.state, builder: builder, includeOrigins: true, format: .workbook).report()
    }

    @Test func theSheetsAreNamedInChineseWithAFrozenHeaderEach() {
        let sheets = ReportWorkbook.sheets(Self.report())
        #expect(sheets.map(\.name) == ["汇总", "场次", "企业", "岗位", "行业", "区县", "来源"])
        #expect(sheets.allSatisfy { $0.hasHeader && $0.columnWidths.count == $0.rows[0].count })
    }

    @Test func figuresAreNumbersIdsAreTextAndColoursAreWords() throws {
        let sheets = ReportWorkbook.sheets(Self.report())
        let headline = sheets[0].rows[1]
        #expect(headline == [1, 1, 10, 6, 6, 0, 0, 40, 95].map { .integer($0) })
        let session = sheets[1].rows[1]
        #expect(session[0] == .forcedText("s1") && session[2] == .integer(40) && session[3] == .integer(95))
        let job = sheets[3].rows[1]
        #expect(job[1] == .forcedText("007"), "a job id with leading zeros stays text")
        #expect(job[3] == .text("Acme 电子"))
        #expect(job.last == .text("缺工"), "no one in progress out of 10 openings")
        #expect(sheets[2].rows[1][2] == .text("制造业"))
    }

    @Test func originsShowSmallCellsAsTextNeverTheirCount() {
        let rows = ReportWorkbook.sheets(Self.report())[6].rows
        let campaign = rows.dropFirst().filter { $0[0] == .text("全部场次") }
        #expect(!campaign.contains { $0[1] == .text("四川省") && $0[2] == .integer(1) })
        #expect(campaign.contains { $0[1] == .text("四川省") && $0[2] == .text("<5") } || campaign.contains { $0[2] == .text("*") })
        #expect(campaign.first?[3] == .text("省") && campaign.last?[3] == .text("地市"), "the province table, then the prefecture table")
        #expect(!campaign.contains { $0[1] == .text("河南省") && $0[2] == .integer(5) }, "河南 5 of 6: total − 河南 = 四川")
    }

    @Test func theWorkbookReadsBack() throws {
        let rows = try SheetReader.rows(fromXLSX: ReportWorkbook.render(Self.report()))
        #expect(rows[0] == ReportWorkbook.headlineHeader)
    }
}
