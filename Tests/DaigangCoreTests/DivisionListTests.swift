@testable import DaigangCore
import Foundation
import Testing

/// The shipped division list (web-static/data/divisions.json) and what the hub and the report make of it.
struct DivisionListTests {
    static let shipped: DivisionList = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("web-static/data/divisions.json")
        // A missing or broken file fails every test here, by name.
        return (try? DivisionList(json: (try? Data(contentsOf: url)) ?? Data())) ?? .empty
    }()

    @Test func theShippedListHas34ProvincesAndTheNationsPrefectures() {
        let list = Self.shipped
        #expect(list.provinces.count == 34)
        let prefectureLevel = list.provinces.flatMap(\.prefectures).filter { !$0.isCountyLevel }
        #expect((330...340).contains(prefectureLevel.count))
        #expect(list.provinces.flatMap(\.prefectures).filter(\.isCountyLevel).count < 40)
        for name in ["北京市", "河南省", "台湾省", "香港特别行政区", "澳门特别行政区", "新疆维吾尔自治区"] {
            #expect(list.provinces.contains { $0.name == name }, "\(name) missing")
        }
    }

    @Test func codesAreSixDigitsUniqueAndUnderTheirProvince() {
        var seen = Set<String>()
        for province in Self.shipped.provinces {
            #expect(province.code.count == 6 && province.code.hasSuffix("0000"))
            #expect(seen.insert(province.code).inserted)
            for prefecture in province.prefectures {
                #expect(prefecture.code.count == 6 && prefecture.code.allSatisfy(\.isASCII) && Int(prefecture.code) != nil)
                #expect(prefecture.code.prefix(2) == province.code.prefix(2), "\(prefecture.name) \(prefecture.code) not under \(province.name)")
                #expect(seen.insert(prefecture.code).inserted, "\(prefecture.code) twice")
            }
        }
        #expect(seen.count > 360)
    }

    @Test func aCodeResolvesToItsProvinceAndPrefecture() throws {
        let zhoukou = try #require(Self.shipped.division(code: "411600"))
        #expect(zhoukou.province.name == "河南省" && zhoukou.prefecture?.name == "周口市")
        let henan = try #require(Self.shipped.division(code: "410000"))
        #expect(henan.prefecture == nil && henan.code == "410000")
        #expect(Self.shipped.division(code: "411699") == nil)
        #expect(Self.shipped.division(code: "") == nil)
        #expect(Self.shipped.division(code: "周口") == nil)
    }

    @Test(arguments: [
        ("河南周口", "411600"), ("河南省周口市", "411600"), (" 河南省 ", "410000"), ("四川南充", "511300"),
        ("北京", "110000"), ("内蒙古呼和浩特", "150100"), ("湖北仙桃", "429004"),
        ("河南 周口", "411600"), ("吉林市", "220200"), ("吉林省吉林市", "220200"), ("吉林长春", "220100"),
    ])
    func oldFreeTextMatchesADivision(text: String, code: String) {
        #expect(Self.shipped.division(matching: text)?.code == code)
    }

    @Test(arguments: ["周口", "老家", "", "Henan"])
    func freeTextNamingNoProvinceFirstIsNotGuessed(text: String) {
        #expect(Self.shipped.division(matching: text) == nil)
    }

    @Test(arguments: [
        #"{"provinces":[{"code":"410000","name":"河南省","short":"河南","prefectures":[["421600","周口市","地级"]]}]}"#,
        #"{"provinces":[{"code":"410000","name":"河南省","short":"河南","prefectures":[["411600","周口市","地级"],["411600","周口市","地级"]]}]}"#,
        #"{"provinces":[{"code":"41000","name":"河南省","short":"河南","prefectures":[]}]}"#,
        #"{"provinces":[{"code":"410000","name":"河南省","short":"河南","prefectures":[["411600","周口市"]]}]}"#,
        #"not json"#,
    ])
    func aBrokenListIsRefused(json: String) {
        #expect(throws: ValidationError.self) { try DivisionList(json: Data(json.utf8)) }
    }

    @Test func anApplicationNamesAKnownCodeOrIsRefusedNamingTheField() throws {
        let base = ApplyRequest(jobId: "j1", name: "张三", phone: "13812345678", hometown: nil, note: nil, consent: true)
        var picked = base
        picked.hometownCode = "411600"
        #expect(try picked.validated(divisions: Self.shipped).hometownCode == "411600")
        picked.hometownCode = ""
        #expect(try picked.validated(divisions: Self.shipped).hometownCode == nil)
        picked.hometownCode = "419999"
        #expect(throws: ValidationError(field: "hometownCode", reason: "must be a province or prefecture code from /data/divisions.json (got '419999')")) {
            try picked.validated(divisions: Self.shipped)
        }
        picked.hometownCode = "411600"
        #expect(throws: ValidationError.self) { try picked.validated(divisions: .empty) }
    }

    @Test func theReportCountsCodesAndOldTextsByProvinceAndPrefectureWithTheSmallCellRule() throws {
        let book = LeadBook()
        book.apply(.session(id: "s1", .created(SessionDefinition(id: "s1", title: "第一场", status: .live, jobs: [ReportBuilderTests.job("j1", employer: "acme", headcount: 10)], policies: []))))
        // 7 from 周口 by code, 2 from 周口 as old text, 5 from 南充, 2 from 毕节, 1 province-only 河南, 4 unrecognised, 1 unstated.
        let places: [(String?, String?)] = Array(repeating: ("411600", nil), count: 7) + [(nil, "河南周口"), (nil, "河南省周口市")]
            + Array(repeating: ("511300", nil), count: 5) + [("520500", nil), ("520500", nil), ("410000", nil)]
            + [(nil, "老家"), (nil, "村里"), (nil, "村里"), (nil, "山里"), (nil, nil)]
        for (n, place) in places.enumerated() {
            var lead = Lead(id: LeadBook.leadID(number: n + 1), session: "s1", jobId: "j1", jobTitle: "j1", employerId: "acme", name: "张三",
                            phone: "138000000\(String(format: "%02d", n))", hometown: place.1, note: nil, createdAt: Int64(n), viewerId: "v\(n)")
            lead.hometownCode = place.0
            book.apply(.lead(lead))
        }
        let report = ReportBuilder(employers: [], thresholds: .standard, divisions: Self.shipped).build(book.state, includeOrigins: true)
        let provinces = try #require(report.originProvinces)
        #expect(provinces.cells.first == OriginTable.Cell(place: "河南省", count: 10, shown: "10", code: "410000"))
        #expect(provinces.cells.contains(OriginTable.Cell(place: "四川省", count: 5, shown: "5", code: "510000")))
        #expect(provinces.cells.contains { $0.place == OriginCounter.unrecognisedText && $0.shown == "<5" })
        #expect(provinces.unstated == 1)
        let prefectures = try #require(report.originPrefectures)
        // 河南 10 − 周口 9 would give the one province-only 河南 away: 周口 is hidden too ("*").
        #expect(prefectures.cells.first == OriginTable.Cell(place: "南充市", count: 5, shown: "5", province: "四川省", code: "511300"))
        let small = prefectures.cells.filter { $0.count == nil }
        #expect(small.contains(OriginTable.Cell(place: "周口市", count: nil, shown: "*", province: "河南省", code: "411600")))
        #expect(small.contains { $0.place == OriginCounter.provinceOnlyText && $0.province == "河南省" && $0.shown == "<5" })
        #expect(small.contains { $0.place == OriginCounter.unrecognisedText && $0.province == nil })
        #expect(prefectures.total == 21)
        #expect(prefectures.other == 16)
        // Per session too; the board shows none of it.
        #expect(report.sessionOrigins?.first?.prefectures == prefectures)
        #expect(report.sessionOrigins?.first?.provinces == provinces)
        #expect(report.board.originProvinces == nil && report.board.originPrefectures == nil)
        // `origins` names divisions in full, never a text as written.
        let origins = try #require(report.origins)
        #expect(Set(origins.cells.map(\.place)) == ["河南省周口市", "四川省南充市", "贵州省毕节市", "河南省", OriginCounter.unrecognisedText])
        #expect(origins.cells.first == OriginTable.Cell(place: "四川省南充市", count: 5, shown: "5"))
    }
}
