/// Distinct, valid mainland mobile numbers (`13` + 9 digits) for benchmark applicants.
///
/// The base moves with the wall clock, so runs against the same data directory rarely reuse
/// a number (a reused one is answered `duplicate: true`, which the report counts).
struct PhoneBook {
    private let base: UInt64

    init() {
        base = MonotonicClock.wallSeconds() &* 7919 % 1_000_000_000
    }

    /// The `index`th number.
    func number(_ index: Int) -> String {
        let digits = String((base + UInt64(index)) % 1_000_000_000)
        return "13" + String(repeating: "0", count: 9 - digits.count) + digits
    }
}
