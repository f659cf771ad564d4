import DaigangCore
import DaigangSheets
import Foundation
import Testing

struct JobSheetTests {
    static let header = ["岗位名称*", "企业名称*", "工资下限*", "工资上限", "计薪方式*", "城市*", "包住宿", "岗位要求", "标签", "最低年龄", "最高年龄"]
    let context = JobSheet.Context(employers: Employers.all, idPrefix: "s1-")

    func parse(_ rows: [[String]], context: JobSheet.Context? = nil) -> Result<[Job], SheetRejection> {
        JobSheet.parse(rows: rows, context: context ?? self.context)
    }

    func errors(_ rows: [[String]]) -> [RowError] {
        guard case .failure(let rejection) = parse(rows) else { return [] }
        return rejection.errors
    }

    @Test func validRowsBecomeValidatedJobs() throws {
        let rows = [
            ["华强电子招聘岗位表"],
            Self.header,
            ["普工", "华强电子有限公司", "6,500元", "7000", "月", "东莞", "是", "能站立；视力好", "包吃住、长白班", "18", "45"],
            [],
            ["仓管", "shunda", "200", "", "日薪", "深圳"],
            ["", " ", ""],
        ]
        let jobs = try parse(rows).get()
        #expect(jobs.count == 2)
        #expect(jobs[0].id == "s1-3")
        #expect(jobs[0].employerName == "华强电子有限公司")
        #expect(jobs[0].pay == Pay(min: 6500, max: 7000, unit: .month))
        #expect(jobs[0].housing?.dorm == true)
        #expect(jobs[0].requirements == ["能站立", "视力好"])
        #expect(jobs[0].tags == ["包吃住", "长白班"])
        #expect(jobs[0].ageRange == AgeRange(min: 18, max: 45))
        #expect(jobs[1].id == "s1-5")
        #expect(jobs[1].employerId == "shunda")
        #expect(jobs[1].pay == Pay(min: 200, max: 200, unit: .day))
    }

    @Test func englishFieldNamesWorkAsHeaders() throws {
        let rows = [["title", "employerId", "payMin", "payUnit", "city"], ["Welder", "shunda", "300", "day", "Dongguan"]]
        #expect(try parse(rows).get().first?.pay.unit == .day)
    }

    @Test func everyBadCellIsReportedWithRowHeaderAndChineseReason() {
        let rows = [
            Self.header,
            ["", "不存在的公司", "六千", "", "周", "东莞", "也许", "", "", "15", ""],
            ["焊工", "顺达物流", "8000", "6000", "月", "东莞"],
        ]
        let found = errors(rows)
        #expect(found.contains(RowError(row: 2, column: "岗位名称*", reason: "必填，不能空着")))
        #expect(found.contains { $0.row == 2 && $0.column == "企业名称*" && $0.reason.contains("没有这家企业") })
        #expect(found.contains { $0.row == 2 && $0.column == "工资下限*" && $0.reason.contains("整数") })
        #expect(found.contains { $0.row == 2 && $0.column == "计薪方式*" })
        #expect(found.contains { $0.row == 2 && $0.column == "包住宿" && $0.reason.contains("是 或 否") })
        #expect(found.contains { $0.row == 2 && $0.column == "最高年龄" })
        #expect(found.contains(RowError(row: 3, column: "工资下限*", reason: "不能高于工资上限")))
        for error in found {
            #expect(error.reason.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(error)")
        }
    }

    @Test func oneBadRowRejectsTheWholeSheet() {
        let rows = [Self.header, ["普工", "顺达物流", "5000", "", "月", "东莞"], ["普工2", "顺达物流", "5000", "", "月", ""]]
        guard case .failure(let rejection) = parse(rows) else {
            Issue.record("a sheet with a bad row was accepted")
            return
        }
        #expect(rejection.errors == [RowError(row: 3, column: "城市*", reason: "必填，不能空着")])
    }

    @Test func duplicateIDsAndTitlesWithinTheSheetAreReported() {
        let rows = [
            ["岗位编号", "岗位名称", "企业名称", "工资下限", "计薪方式", "城市"],
            ["a1", "普工", "顺达物流", "5000", "月", "东莞"],
            ["a1", "叉车工", "顺达物流", "5000", "月", "东莞"],
            ["a2", "普工", "顺达物流", "5200", "月", "东莞"],
            ["a3", "普工", "华强电子有限公司", "5200", "月", "东莞"],
        ]
        #expect(errors(rows) == [
            RowError(row: 3, column: "岗位编号", reason: "岗位编号与第2行重复"),
            RowError(row: 4, column: "岗位名称", reason: "与第2行重复（同一企业的同名岗位）"),
        ])
    }

    @Test func unknownDuplicateAndMissingColumnsAreReportedOnTheHeader() {
        let rows = [["岗位名称", "岗位", "备注", "企业名称", "工资下限", "城市"], ["普工", "", "", "顺达物流", "1", "东莞"]]
        #expect(errors(rows) == [
            RowError(row: 1, column: "岗位", reason: "与“岗位名称”是同一列，只能留一个"),
            RowError(row: 1, column: "备注", reason: "不认识这个列名，请用导入模板里的列名（多余的列请删去）"),
            RowError(row: 1, column: "计薪方式", reason: "缺少这一列（必填）"),
        ])
    }

    @Test func aSheetWithoutHeaderOrJobsSaysSo() {
        #expect(errors([["普工", "5000"]]).first?.reason.contains("找不到表头") == true)
        #expect(errors([Self.header]).first?.reason.contains("没有岗位") == true)
    }

    @Test func creditCodesAreCheckedAndMatchedToTheRegisteredOne() throws {
        let registered = try CreditCode("91330100716105852F")
        let context = JobSheet.Context(employers: Employers.all, creditCodes: ["shunda": registered])
        let header = ["岗位名称", "企业名称", "统一社会信用代码", "工资下限", "计薪方式", "城市"]
        let good = [header, ["普工", "顺达物流", "91330100716105852f", "5000", "月", "东莞"]]
        #expect((try? parse(good, context: context).get())?.count == 1)
        let typo = [header, ["普工", "顺达物流", "91330100716105853F", "5000", "月", "东莞"]]
        let other = [header, ["普工", "顺达物流", "914403001922038216", "5000", "月", "东莞"]]
        guard case .failure(let a) = parse(typo, context: context), case .failure(let b) = parse(other, context: context) else {
            Issue.record("a wrong credit code was accepted")
            return
        }
        #expect(a.errors.map(\.column) == ["统一社会信用代码"])
        #expect(b.errors.map(\.reason) == ["与这家企业登记的信用代码不一致"])
    }

    @Test func catalogRulesComeBackInChineseOnTheirColumn() {
        let rows = [
            ["岗位名称", "企业名称", "工资下限", "计薪方式", "城市", "招聘人数", "岗位编号", "标签"],
            [String(repeating: "长", count: 101), "顺达物流", "1", "月", "东莞", "", "", ""],
            ["普工", "顺达物流", "1", "月", "东莞", "0", "", ""],
            ["普工3", "顺达物流", "1", "月", "东莞", "", "编号 1", ""],
            ["普工4", "顺达物流", "1", "月", "东\u{202E}莞", "", "", ""],
            ["普工5", "顺达物流", "1", "月", "东莞", "", "", String(repeating: "标签、", count: 11)],
            ["普工6", "顺达物流", "-5", "月", "东莞", "", "", ""],
        ]
        #expect(errors(rows) == [
            RowError(row: 2, column: "岗位名称", reason: "太长了，最多 100 个字"),
            RowError(row: 3, column: "招聘人数", reason: "应在 1 到 100000 之间"),
            RowError(row: 4, column: "岗位编号", reason: "只能用 1 到 64 个英文字母、数字、_ 或 -"),
            RowError(row: 5, column: "城市", reason: "含有看不见的控制字符（U+202E），请删去后重新输入"),
            RowError(row: 6, column: "标签", reason: "太多了，最多 10 项"),
            RowError(row: 7, column: "工资下限", reason: "不能是负数"),
        ])
    }

    @Test func errorsBeyondTheCapAreCounted() {
        let context = JobSheet.Context(employers: Employers.all, maxErrors: 3)
        let rows = [["岗位名称", "企业名称", "工资下限", "计薪方式", "城市"]] + Array(repeating: ["普工", "无此企业", "1", "月", "东莞"], count: 5)
        guard case .failure(let rejection) = parse(rows, context: context) else {
            Issue.record("a sheet with bad rows was accepted")
            return
        }
        #expect(rejection.errors.count == 3)
        #expect(rejection.omitted == 2)
    }
}
