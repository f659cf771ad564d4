/// A 统一社会信用代码 (unified social credit code) that passed every check of GB 32100-2015.
///
/// Employers are identified by it; a typo in one character is caught by the two check characters
/// (position 9 for the organisation code, GB 11714; position 18 for the whole code, mod 31).
/// Input is trimmed and upper-cased first: clerks paste codes with spaces and in lower case.
public struct CreditCode: Sendable, Hashable, CustomStringConvertible {
    /// The 18 characters, upper-case.
    public let value: String

    public var description: String { value }

    /// Checks `text` and keeps its canonical form; throws the first rule it breaks.
    public init(_ text: String) throws(Problem) {
        let code = text.trimmingWhitespace().uppercased()
        let scalars = Array(code.unicodeScalars)
        guard scalars.count == 18 else { throw .length(scalars.count) }
        var values: [Int] = []
        for (index, scalar) in scalars.enumerated() {
            guard let value = Self.alphabetValue[scalar] else { throw .character(position: index + 1) }
            values.append(value)
        }
        let authority = scalars[0]
        guard let types = Self.typesByAuthority[authority] else { throw .registrationAuthority }
        guard types.contains(scalars[1]) else { throw .organizationType }
        guard scalars[2..<8].allSatisfy({ $0.properties.numericType == .decimal && $0.isASCII }) else { throw .divisionCode }
        guard Self.organizationCheck(scalars[8..<16]) == scalars[16] else { throw .organizationCheck }
        let expected = Self.checkCharacter(values[0..<17])
        guard scalars[17] == expected else { throw .checkCharacter(expected: Character(expected)) }
        value = code
    }

    /// The 31 characters a code may use: 0–9 and A–Z without I, O, Z, S, V (read as 1, 0, 2, 5, U).
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".unicodeScalars)
    static let alphabetValue: [Unicode.Scalar: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    /// Registration authority (position 1) → organisation types it issues (position 2).
    ///
    /// GB 32100-2015 names 1 (机构编制), 5 (民政), 9 (工商) and Y (其他); the authorities added since by
    /// the national code centre (2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会, A 军队, N 农业) are
    /// accepted too: real employers (a law firm, a village collective) carry them.
    static let typesByAuthority: [Unicode.Scalar: Set<Unicode.Scalar>] = [
        "1": ["1", "2", "3", "9"], "2": ["1", "9"], "3": ["1", "2", "3", "4", "5", "9"], "4": ["1", "9"],
        "5": ["1", "2", "3", "9"], "6": ["1", "2", "9"], "7": ["1", "2", "9"], "8": ["1", "9"],
        "9": ["1", "2", "3"], "A": ["1", "9"], "N": ["1", "2", "3", "9"], "Y": ["1"],
    ]

    /// GB 11714's check character over the 8-character organisation code body:
    /// weights 3 7 9 10 5 8 4 2, digits count as themselves and letters A–Z as 10–35,
    /// C = 11 − (sum mod 11), written `X` for 10 and `0` for 11.
    static func organizationCheck(_ body: ArraySlice<Unicode.Scalar>) -> Unicode.Scalar {
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (scalar, weight) in zip(body, weights) {
            let v = scalar.value
            let value = v >= 0x41 ? Int(v) - 0x41 + 10 : Int(v) - 0x30
            sum += value * weight
        }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let c: return Unicode.Scalar(UInt8(0x30 + c))
        }
    }

    /// The final check character: weights 3^(i−1) mod 31 over the first 17 values, C = 31 − (sum mod 31), 31 → 0.
    static func checkCharacter(_ values: ArraySlice<Int>) -> Unicode.Scalar {
        var sum = 0
        var weight = 1
        for value in values {
            sum += value * weight
            weight = weight * 3 % 31
        }
        return alphabet[(31 - sum % 31) % 31]
    }
}

extension CreditCode {
    /// The first rule a code breaks, with a Chinese message for the clerk who typed it.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not 18 characters long (the count found).
        case length(Int)
        /// A character outside 0–9 and A–Z without I, O, Z, S, V (1-based position).
        case character(position: Int)
        /// Position 1 names no registration authority.
        case registrationAuthority
        /// Position 2 is not a type that authority issues.
        case organizationType
        /// Positions 3–8 (the administrative division) are not six digits.
        case divisionCode
        /// Position 17 is not the check character of the organisation code (positions 9–16).
        case organizationCheck
        /// Position 18 is not the code's check character.
        case checkCharacter(expected: Character)

        public var description: String {
            switch self {
            case .length(let count): "统一社会信用代码应为18位，这里是\(count)位"
            case .character(let position): "第\(position)位字符不对（只用数字和大写字母，不用 I、O、Z、S、V）"
            case .registrationAuthority: "第1位（登记管理部门）不对"
            case .organizationType: "第2位（机构类别）不对"
            case .divisionCode: "第3到8位（行政区划）应是数字"
            case .organizationCheck: "第9到17位（组织机构代码）校验不对，请核对"
            case .checkCharacter: "最后一位校验码不对，请核对"
            }
        }
    }
}
