import DaigangCore
import Foundation
import Testing

struct BoardThresholdTests {
    /// (covered, openings, colour) at and around the default edges: red below 30 %, green from 70 %.
    @Test(arguments: [
        (2, 10, ShortageColour.red), (3, 10, .yellow), (6, 10, .yellow), (7, 10, .green), (10, 10, .green), (15, 10, .green),
        (0, 1, .red), (1, 1, .green), (29, 100, .red), (30, 100, .yellow), (69, 100, .yellow), (70, 100, .green),
        (0, 3, .red), (1, 3, .yellow), (2, 3, .yellow), (3, 3, .green),
    ])
    func defaultThresholdsColourAtTheEdges(covered: Int, openings: Int, expected: ShortageColour) {
        #expect(BoardThresholds.standard.colour(covered: covered, openings: openings) == expected)
    }

    @Test func noStatedOpeningsHaveNoColour() {
        #expect(BoardThresholds.standard.colour(covered: 5, openings: 0) == nil)
    }

    @Test func theBureausOwnThresholdsApply() {
        let strict = BoardThresholds(redBelowPercent: 50, greenFromPercent: 100)
        #expect(strict.colour(covered: 4, openings: 10) == .red)
        #expect(strict.colour(covered: 5, openings: 10) == .yellow)
        #expect(strict.colour(covered: 9, openings: 10) == .yellow)
        #expect(strict.colour(covered: 10, openings: 10) == .green)
    }

    @Test func configReadsAndChecksThresholds() throws {
        let config = try DaigangConfig.parse(Self.config(board: #"{"thresholds":{"redBelowPercent":20,"greenFromPercent":80}}"#))
        #expect(config.hubSettings.boardThresholds == BoardThresholds(redBelowPercent: 20, greenFromPercent: 80))
        #expect(try DaigangConfig.parse(Self.config(board: nil)).hubSettings.boardThresholds == .standard)
        #expect(throws: ConfigError.self) { try DaigangConfig.parse(Self.config(board: #"{"thresholds":{"redBelowPercent":80,"greenFromPercent":20}}"#)) }
        #expect(throws: ConfigError.self) { try DaigangConfig.parse(Self.config(board: #"{"thresholds":{"redBelowPercent":101}}"#)) }
        #expect(throws: ConfigError.self) { try DaigangConfig.parse(Self.config(board: #"{"colours":{}}"#)) }
    }

    @Test func employersMayNameIndustryAndDistrict() throws {
        let config = try DaigangConfig.parse(Self.config(board: nil, employerExtra: #","industry":"制造业","district":"吴中区""#))
        #expect(config.employers.first?.industry == "制造业")
        #expect(config.employers.first?.district == "吴中区")
    }

    static func config(board: String?, employerExtra: String = "") -> Data {
        let boardPart = board.map { #","board":\#($0)"# } ?? ""
        return Data(#"""
        {"hostToken":"host-token-123","employers":[{"id":"acme","name":"Acme","hrToken":"hr-token-acme"\#(employerExtra)}],
         "sessions":[{"id":"s1","title":"直播","status":"live","jobs":[],"policies":[]}]\#(boardPart)}
        """#.utf8)
    }
}

struct OriginTableTests {
    @Test func cellsOfFiveOrMoreAreShownAsCounted() {
        let table = OriginTable(counts: ["河南省": 12, "四川省": 5], unstated: 2)
        #expect(table.cells.map(\.shown) == ["12", "5"])
        #expect(table.other == nil)
        #expect(table.total == 17)
        #expect(table.unstated == 2)
    }

    @Test func aSmallCellIsHiddenAndTheTotalCannotGiveItAway() {
        let table = OriginTable(counts: ["河南省": 12, "四川省": 8, "贵州省": 3], unstated: 0)
        #expect(table.cells.map(\.shown) == ["12", "*", "<5"])
        #expect(table.cells.filter { $0.count != nil }.map(\.place) == ["河南省"])
        // Total − shown = the hidden group (two places), never one place's count.
        #expect(table.other == 11)
        #expect(table.total == 23)
    }

    @Test func severalSmallCellsTogetherFiveOrMoreNeedNoSecondHiding() {
        let table = OriginTable(counts: ["河南省": 20, "四川省": 3, "贵州省": 4], unstated: 0)
        #expect(table.cells.map(\.shown) == ["20", "<5", "<5"])
        #expect(table.other == 7)
    }

    @Test func fewApplicantsInAllShowNoNumbersAtAll() {
        let table = OriginTable(counts: ["河南省": 2, "四川省": 1], unstated: 0)
        #expect(table.cells.allSatisfy { $0.count == nil && $0.shown == OriginTable.hiddenText })
        #expect(table.other == nil)
        #expect(table.total == nil)
    }

    @Test(arguments: [1, 2, 3, 4])
    func aLonePlaceUnderFiveIsNeverCounted(count: Int) {
        let table = OriginTable(counts: ["甘肃省": count], unstated: 0)
        #expect(table.cells.first?.count == nil)
        #expect(table.total == nil)
        #expect(table.other == nil)
    }
}

struct ReportBuilderTests {
    static func job(_ id: String, employer: String, headcount: Int?) -> Job {
        var job = Fixtures.job(id, employer: employer)
        job.headcount = headcount
        return job
    }

    static func lead(_ number: Int, session: String, job: String, employer: String, phone: String, hometown: String? = nil, statuses: [LeadStatus] = []) -> [StoreRecord] {
        let id = LeadBook.leadID(number: number)
        let lead = Lead(id: id, session: session, jobId: job, jobTitle: job, employerId: employer, name: "张三", phone: phone,
                        hometown: hometown, note: nil, createdAt: Int64(number), viewerId: "v\(number)")
        return [.lead(lead)] + statuses.enumerated().map { .followup(leadId: id, FollowUp(status: $1, note: nil, at: Int64(number * 10 + $0), by: "hr:\(employer)")) }
    }

    static func book() -> LeadBook {
        let book = LeadBook()
        let s1 = SessionDefinition(id: "s1", title: "第一场", status: .ended,
                                   jobs: [job("j1", employer: "acme", headcount: 10), job("j2", employer: "swift-logistics", headcount: 4)], policies: [])
        let s2 = SessionDefinition(id: "s2", title: "第二场", status: .live,
                                   jobs: [job("j1", employer: "acme", headcount: 10), job("j9", employer: "swift-logistics", headcount: nil)], policies: [])
        book.apply(.session(id: "s1", .created(s1)))
        book.apply(.session(id: "s2", .created(s2)))
        var records: [StoreRecord] = []
        records += lead(1, session: "s1", job: "j1", employer: "acme", phone: "13800000001", hometown: "河南省", statuses: [.contacted, .interviewScheduled, .hired])
        records += lead(2, session: "s1", job: "j1", employer: "acme", phone: "13800000002", hometown: "河南省", statuses: [.contacted])
        records += lead(3, session: "s1", job: "j2", employer: "swift-logistics", phone: "13800000003", statuses: [.contacted, .rejected])
        records += lead(4, session: "s2", job: "j1", employer: "acme", phone: "13800000001", hometown: "河南省", statuses: [.hired])
        records += lead(5, session: "s2", job: "j9", employer: "swift-logistics", phone: "13800000005")
        records += lead(6, session: "s2", job: "j9", employer: "swift-logistics", phone: "13800000006", statuses: [.interviewScheduled])
        records.forEach(book.apply)
        book.apply(.leadWithdrawn(leadId: LeadBook.leadID(number: 5), at: 99))
        return book
    }

    let report = ReportBuilder(employers: [
        EmployerProfile(id: "acme", name: "Acme 电子", industry: "制造业", district: "吴中区"),
        EmployerProfile(id: "swift-logistics", name: "迅达物流"),
    ], thresholds: .standard).build(Self.book().state, includeOrigins: true)

    @Test func theHeadlineCountsFairsEmployersOpeningsApplicantsAgreementsHires() {
        #expect(report.headline == CampaignReport.Headline(fairs: 2, employers: 2, openings: 24, applicants: 4, applications: 6, agreements: 2, hires: 2))
    }

    @Test func stagesCountEveryLeadUpToTheHighestItReached() {
        let tally = report.campaign.tally
        #expect(tally.contacted == 5)  // 1, 2, 3, 4 (a hire counts as contacted), 6
        #expect(tally.interviews == 3)  // 1, 4, 6
        #expect(tally.hired == 2)
        #expect(tally.filled == 2)
        #expect(tally.inProgress == 2)  // 2 (contacted), 6 (interview); 3 was rejected, 5 withdrew
    }

    @Test func employersRollUpAcrossSessionsWithTheirTrend() throws {
        let acme = try #require(report.employers.first { $0.id == "acme" })
        #expect(acme.tally.openings == 20)
        #expect(acme.tally.filled == 2)
        #expect(acme.tally.inProgress == 1)
        #expect(acme.colour == .red)  // 3 of 20 = 15 %
        #expect(acme.trend.map(\.session) == ["s1", "s2"])
        #expect(acme.trend.map(\.filled) == [1, 1])
        #expect(acme.trend.map(\.inProgress) == [1, 0])
    }

    @Test func theBoardPutsRedFirstAndLeavesOutHometowns() {
        // Both red; Acme (3 of 20) is shorter than 迅达 (1 of 4).
        #expect(report.employers.map(\.id) == ["acme", "swift-logistics"])
        #expect(report.employers.map(\.colour) == [.red, .red])
        #expect(report.board.origins == nil)
        #expect(report.board.sessionOrigins == nil)
    }

    @Test func aBoardOfOneSessionHoldsNothingOfTheOthers() throws {
        let only = ReportBuilder(employers: [EmployerProfile(id: "acme", name: "Acme 电子")], thresholds: .standard)
            .build(Self.book().state, includeOrigins: false, jobsOf: .session("s2"), only: ["s2"])
        #expect(only.sessions.map(\.id) == ["s2"])
        #expect(only.headline == CampaignReport.Headline(fairs: 1, employers: 2, openings: 10, applicants: 2, applications: 3, agreements: 1, hires: 1))
        let acme = try #require(only.employers.first { $0.id == "acme" })
        #expect(acme.trend.map(\.session) == ["s2"], "no trend point of a session the host is not given")
        #expect(acme.tally.openings == 10 && acme.tally.applications == 1)
    }

    @Test func industryAndDistrictRollUpsNameTheUnstated() {
        #expect(Set(report.industries.map(\.name)) == ["制造业", ReportBuilder.unstatedText])
        #expect(report.districts.first { $0.name == "吴中区" }?.tally.openings == 20)
    }

    @Test func originsCountOnlyApplicationsNotWithdrawnAndHideSmallCells() throws {
        let origins = try #require(report.origins)
        // 河南省 ×3 by two people (13800000001 applied twice), and no division list here: "未能识别", never the text.
        #expect(origins.cells.map(\.place) == ["未能识别"])
        #expect(origins.cells.map(\.shown) == ["<5"])
        #expect(origins.total == nil)
        #expect(origins.unstated == 2)  // leads 3 and 6; 5 withdrew
    }
}
