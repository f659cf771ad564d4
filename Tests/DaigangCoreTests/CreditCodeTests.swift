import DaigangCore
import Testing

struct CreditCodeTests {
    /// Codes published on the national enterprise credit system for well-known companies.
    static let published = [
        "91330100716105852F", // 阿里巴巴（中国）有限公司
        "9144030071526726XG", // 深圳市腾讯计算机系统有限公司
        "914403001922038216", // 华为技术有限公司
        "91110000802100433B", // 北京百度网讯科技有限公司
    ]

    @Test(arguments: published)
    func publishedCodesAreValid(code: String) throws {
        #expect(try CreditCode(code).value == code)
    }

    @Test func inputIsTrimmedAndUpperCased() throws {
        #expect(try CreditCode(" 9144030071526726xg\u{3000}").value == "9144030071526726XG")
    }

    /// Every single-character change of a valid code is refused: both check characters see it.
    @Test(arguments: published)
    func everySingleCharacterCorruptionIsRefused(code: String) {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        for position in 0..<18 {
            for replacement in alphabet where replacement != Array(code)[position] {
                var chars = Array(code)
                chars[position] = replacement
                #expect(throws: CreditCode.Problem.self, "\(String(chars))") { try CreditCode(String(chars)) }
            }
        }
    }

    @Test(arguments: [
        ("9133010071610585", CreditCode.Problem.length(16)),
        ("91330100716105852I", .character(position: 18)),
        ("B1330100716105852F", .registrationAuthority),
        ("97330100716105852F", .organizationType),
        ("9133A100716105852F", .divisionCode),
        ("91330100716105862F", .organizationCheck),
        ("91330100716105852G", .checkCharacter(expected: "F")),
    ])
    func eachRuleHasItsOwnProblem(code: String, problem: CreditCode.Problem) {
        #expect(throws: problem) { try CreditCode(code) }
    }

    @Test func problemsReadInChinese() {
        #expect(CreditCode.Problem.length(16).description.contains("18位"))
    }
}
