@testable import DaigangCore
import Testing

/// The origin tables published together (campaign and sessions, provinces and prefectures) read by
/// an attacker who subtracts: no hidden cell may be pinned to one value, nor a hidden group under 5.
struct OriginSuppressionTests {
    /// One scope's published tables.
    typealias Published = (provinces: OriginTable, prefectures: OriginTable)

    /// What subtraction gives away in `scopes` (the campaign's first), from the published tables
    /// only: one finding per shown cell under 5, per group with a shown total and exactly one
    /// hidden member, and per group within a table whose hidden members sum (total − shown) under 5.
    static func attack(_ scopes: [Published]) -> [String] {
        var findings: [String] = []
        func check(_ name: String, total: Int?, members: [OriginTable.Cell], exact: Bool) {
            guard let total else { return }
            let hidden = members.filter { $0.count == nil }
            let residual = total - members.compactMap(\.count).reduce(0, +)
            if hidden.count == 1 { findings.append("\(name): \(hidden[0].province ?? "")\(hidden[0].place) = \(residual)") }
            if exact, hidden.count > 1, residual < OriginTable.minimumCell { findings.append("\(name): hidden sum \(residual)") }
        }
        func key(_ cell: OriginTable.Cell) -> String { cell.code ?? cell.place }
        for (s, scope) in scopes.enumerated() {
            for cell in scope.provinces.cells + scope.prefectures.cells where (cell.count ?? 5) < OriginTable.minimumCell {
                findings.append("scope \(s): \(cell.place) shown as \(cell.count!)")
            }
            for province in scope.provinces.cells {
                let members = scope.prefectures.cells.filter { ($0.province ?? $0.place) == province.place }
                check("scope \(s) \(province.place)", total: province.count, members: members, exact: true)
            }
            check("scope \(s) provinces", total: scope.provinces.total, members: scope.provinces.cells, exact: true)
            check("scope \(s) prefectures", total: scope.prefectures.total, members: scope.prefectures.cells, exact: true)
        }
        // Across sessions: the campaign's cell bounds the sessions' sum (an applicant counts once in
        // the campaign), so one hidden member is the finding; a place a session lacks is a shown 0.
        let sessions = scopes.dropFirst()
        for table in [\Published.provinces, \Published.prefectures] {
            for cell in scopes[0][keyPath: table].cells {
                let members = sessions.compactMap { $0[keyPath: table].cells.first { key($0) == key(cell) } }
                check("campaign \(key(cell)) across sessions", total: cell.count, members: members, exact: false)
            }
        }
        let totals = sessions.map { OriginTable.Cell(place: "total", count: $0.provinces.total, shown: "") }
        check("campaign total across sessions", total: scopes[0].provinces.total, members: totals, exact: false)
        return findings
    }

    /// The campaign's and each session's tables from applicants per division code, one person each
    /// (so the campaign is the sessions' sum).
    static func published(_ sessions: [[String: Int]]) -> [Published] {
        var resolver = OriginCounter.Resolver(divisions: DivisionListTests.shipped)
        var campaign = OriginCounter()
        let counters = sessions.map { counts in
            var counter = OriginCounter()
            for (code, count) in counts.sorted(by: { $0.key < $1.key }) {
                for _ in 0..<count {
                    let place = resolver.number(code: code, text: nil)
                    counter.count(place)
                    campaign.count(place)
                }
            }
            return counter
        }
        return OriginCounter.tables(campaign: campaign, sessions: counters, resolver).map { ($0.provinces, $0.prefectures) }
    }

    @Test func theCampaignMinusOneSessionNoLongerGivesAnotherSessionsCellAway() {
        // 周口: A 6, B 1, campaign 7; 南充 big everywhere.
        let scopes = Self.published([["411600": 6, "511300": 12], ["411600": 1, "511300": 9]])
        #expect(Self.attack(scopes) == [])
        let zhoukou = { (scope: Published) in scope.prefectures.cells.first { $0.code == "411600" } }
        #expect(zhoukou(scopes[2])?.shown == "<5")
        #expect(zhoukou(scopes[1])?.count == nil, "A's 6 is hidden too (*), or campaign − A = B")
        #expect(zhoukou(scopes[1])?.shown == "*")
    }

    @Test func theProvinceMinusAPrefectureNoLongerGivesTheOtherPrefectureAway() {
        // 河南 8 = 周口 7 + 济源 1; 四川 big.
        let scopes = Self.published([["411600": 7, "419001": 1, "511300": 12]])
        #expect(Self.attack(scopes) == [])
        let campaign = scopes[0]
        #expect(campaign.prefectures.cells.first { $0.code == "419001" }?.shown == "<5")
        #expect(campaign.prefectures.cells.first { $0.code == "411600" }?.shown == "*")
        #expect(campaign.provinces.cells.first { $0.code == "410000" }?.count == 8, "the province stays shown")
    }

    @Test func theAttackFindsWhatPerTableSuppressionLeaves() {
        // Each table suppressed on its own, as before: 河南 8 − 周口 7 = 济源 1. The check can fail.
        let provinces = OriginTable(counts: ["河南省": 8, "四川省": 26], unstated: 0)
        var prefectures = OriginTable(counts: ["周口市": 7, "济源市": 1, "南充市": 6, "成都市": 20], unstated: 0)
        for i in prefectures.cells.indices {
            prefectures.cells[i].province = ["南充市", "成都市"].contains(prefectures.cells[i].place) ? "四川省" : "河南省"
        }
        #expect(Self.attack([(provinces, prefectures)]).contains("scope 0 河南省: 河南省济源市 = 1"))
    }

    @Test func aTotalHiddenToProtectACellIsShownAsAStar() {
        // Session A's only place (周口 6) is hidden so campaign 7 − A cannot give B's 1 away; A's
        // total 6 would give it back, so it is hidden too, as "*" (it is 5 or more), not "<5".
        let scopes = Self.published([["411600": 6], ["411600": 1]])
        #expect(Self.attack(scopes) == [])
        #expect(scopes[1].prefectures.total == nil && scopes[1].prefectures.totalShown == "*")
        #expect(scopes[2].prefectures.totalShown == "<5")
        #expect(scopes[0].prefectures.total == 7 && scopes[0].prefectures.totalShown == "7")
    }

    @Test func aSingleTableKeepsItsOwnRule() {
        var suppression = OriginSuppression()
        let members = [20, 3, 4].map { suppression.addCell(count: $0) }
        let total = suppression.addCell(count: 27)
        suppression.addGroup(total: total, members: members)
        #expect(suppression.hidden() == [false, true, true, false])
        var lone = OriginSuppression()
        let one = [20, 3].map { lone.addCell(count: $0) }
        let loneTotal = lone.addCell(count: 23)
        lone.addGroup(total: loneTotal, members: one)
        #expect(lone.hidden() == [true, true, false], "one hidden cell: the smallest shown is hidden with it")
    }

    @Test func aGroupWithNoShownMemberLeftHidesItsTotal() {
        // A session's only place is hidden to protect another session: its province and total follow.
        var suppression = OriginSuppression()
        let place = suppression.addCell(count: 6)
        let province = suppression.addCell(count: 6)
        suppression.addGroup(total: province, members: [place])
        var hidden = suppression.hidden()
        #expect(hidden == [false, false])
        let campaign = suppression.addCell(count: 7)
        let otherSession = suppression.addCell(count: 1)
        suppression.addGroup(total: campaign, members: [place, otherSession])
        hidden = suppression.hidden()
        #expect(hidden == [true, true, false, true])
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func aRandomSeasonGivesNothingAwayBySubtraction(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        let book = LeadBook()
        let sessions = (0..<Int.random(in: 2...5, using: &random)).map { "s\($0)" }
        for id in sessions {
            book.apply(.session(id: id, .created(SessionDefinition(
                id: id, title: id, status: .ended, jobs: [ReportBuilderTests.job("j1", employer: "acme", headcount: 10)], policies: []))))
        }
        // Codes of two provinces, a province alone, a municipality, an unrecognised text, none.
        let places: [(String?, String?)] = [("411600", nil), ("411600", nil), ("410200", nil), ("419001", nil), ("410000", nil),
                                             ("511300", nil), ("510100", nil), ("110000", nil), (nil, "王庄村张三 13833334444"), (nil, nil)]
        for n in 0..<Int.random(in: 20...160, using: &random) {
            let place = places.randomElement(using: &random)!
            var lead = Lead(id: LeadBook.leadID(number: n + 1), session: sessions.randomElement(using: &random)!, jobId: "j1", jobTitle: "j1",
                            employerId: "acme", name: "某", phone: "138\(10_000_000 + Int.random(in: 0..<90, using: &random))",
                            hometown: place.1, note: nil, createdAt: Int64(n), viewerId: "v\(n)")
            lead.hometownCode = place.0
            book.apply(.lead(lead))
        }
        let report = ReportBuilder(employers: [], thresholds: .standard, divisions: DivisionListTests.shipped).build(book.state, includeOrigins: true)
        let campaign: Published = (try #require(report.originProvinces), try #require(report.originPrefectures))
        let scopes = try [campaign] + (report.sessionOrigins ?? []).map { (try #require($0.provinces), try #require($0.prefectures)) }
        #expect(Self.attack(scopes) == [])
        for table in [report.origins] + (report.sessionOrigins ?? []).map(\.origins) {
            #expect(table?.cells.allSatisfy { !$0.place.contains("王庄村") } == true, "a free text never goes out")
        }
    }

    @Test func anApplicantCountsOncePerSessionAndOnceInTheCampaign() throws {
        let book = LeadBook()
        for id in ["s1", "s2"] {
            book.apply(.session(id: id, .created(SessionDefinition(
                id: id, title: id, status: .ended, jobs: [ReportBuilderTests.job("j1", employer: "acme", headcount: 10)], policies: []))))
        }
        // One person applies 5 times in s1 (周口) and once in s2 (南充 this time); 6 others from 周口 in s2.
        var n = 0
        func apply(_ session: String, _ phone: String, _ code: String) {
            n += 1
            var lead = Lead(id: LeadBook.leadID(number: n), session: session, jobId: "j1", jobTitle: "j1", employerId: "acme", name: "某",
                            phone: phone, hometown: nil, note: nil, createdAt: Int64(n), viewerId: "v\(n)")
            lead.hometownCode = code
            book.apply(.lead(lead))
        }
        for _ in 0..<5 { apply("s1", "13800000001", "411600") }
        apply("s2", "13800000001", "511300")
        for k in 0..<6 { apply("s2", "1380000010\(k)", "411600") }
        let report = ReportBuilder(employers: [], thresholds: .standard, divisions: DivisionListTests.shipped).build(book.state, includeOrigins: true)
        let s1 = try #require(report.sessionOrigins?.first?.prefectures)
        #expect(s1.cells.map(\.shown) == ["<5"], "five applications of one person are one applicant")
        #expect(s1.total == nil)
        // The campaign: 7 from 周口 (the person at their first place), none from 南充.
        let campaign = try #require(report.originPrefectures)
        #expect(campaign.cells.map(\.code) == ["411600"])
        #expect(campaign.total == 7)
        #expect(report.headline.applicants == 7)
    }
}
