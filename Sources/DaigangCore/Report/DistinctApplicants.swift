/// The distinct phone numbers among a season's applications: the headline's `applicants`, and who
/// is counted once in an origin table.
///
/// Why not a `Set<String>`: hashing 200,000 strings is a large share of a report
/// (BENCHMARKS.md "Board and report"). A stored phone is 11 ASCII digits (`PhoneNumber.normalize`),
/// which fit a `UInt64` exactly, so those are counted as numbers; anything else (an older record,
/// a number from abroad) is kept as its string, so two different texts never count as one.
struct DistinctApplicants {
    private var numbers = Set<UInt64>()
    private var others = Set<String>()

    init(capacity: Int) {
        numbers.reserveCapacity(capacity)
    }

    /// How many different phone numbers were inserted.
    var count: Int { numbers.count + others.count }

    /// Adds a phone number; an empty one (erased, withdrawn) is nobody and is not counted.
    /// - Returns: whether it was not there yet (the origin tables count an applicant once).
    @discardableResult
    mutating func insert(phone: String) -> Bool {
        if let number = Self.elevenDigits(phone) {
            return numbers.insert(number).inserted
        } else if !phone.isEmpty {
            return others.insert(phone).inserted
        }
        return false
    }

    /// The value of exactly 11 ASCII digits, `nil` for any other text: 11 digits never collide with
    /// each other as numbers, while "0138…" and "138…" of other lengths would.
    static func elevenDigits(_ phone: String) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        for byte in phone.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 11 else { return nil }
            value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits == 11 ? value : nil
    }
}
