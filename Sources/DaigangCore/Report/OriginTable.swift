/// How many applicants came from each hometown, safe to show: no cell lets one person be picked out.
///
/// The rule (docs/REPORTS.md): a count under `minimumCell` (5) is shown as "<5". So that the total
/// cannot be used to back a hidden cell out, the hidden cells are also gathered into one "其他"
/// row; while that row itself stays under 5 (or only one cell is hidden), the smallest shown cell
/// is hidden too. The total is the sum of all cells and is shown only once at least 5.
/// Hometown is never a filter on people: this is the only form in which it leaves the server.
public struct OriginTable: Codable, Sendable, Equatable {
    public static let minimumCell = 5
    public static let hiddenText = "<5"

    public struct Cell: Codable, Sendable, Equatable {
        public var place: String
        /// The count, or `nil` when hidden.
        public var count: Int?
        /// "<5" for a small cell, "*" for a cell hidden to protect another, else the count.
        public var shown: String
        /// The province of a prefecture row (`CampaignReport.originPrefectures`); absent elsewhere.
        public var province: String? = nil
        /// The division's GB/T 2260 code in the province and prefecture tables; absent for
        /// "未能识别" and in the as-written `origins`.
        public var code: String? = nil
    }

    /// Largest first; hidden cells after the shown ones.
    public var cells: [Cell]
    /// The hidden cells together, `nil` when none is hidden; "<5" is never used for it: see above.
    public var other: Int?
    /// Applicants who named a hometown; `nil` (shown "<5") when under 5.
    public var total: Int?
    /// Applicants who named none.
    public var unstated: Int

    /// - Parameter counts: applicants per hometown as recorded; empty names are "unstated".
    public init(counts: [String: Int], unstated: Int) {
        let sorted = counts.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var hidden = Set(sorted.filter { $0.value < Self.minimumCell }.map(\.key))
        var hiddenSum = sorted.filter { hidden.contains($0.key) }.reduce(0) { $0 + $1.value }
        // Secondary suppression: the hidden group must be 5 or more and more than one cell, or the total gives it away.
        var shownAscending = sorted.filter { !hidden.contains($0.key) }.reversed().makeIterator()
        while !hidden.isEmpty, hiddenSum < Self.minimumCell || hidden.count < 2, let next = shownAscending.next() {
            hidden.insert(next.key)
            hiddenSum += next.value
        }
        cells = sorted.filter { !hidden.contains($0.key) }.map { Cell(place: $0.key, count: $0.value, shown: String($0.value)) }
            + sorted.filter { hidden.contains($0.key) }.map { Cell(place: $0.key, count: nil, shown: $0.value < Self.minimumCell ? Self.hiddenText : "*") }
        let sum = sorted.reduce(0) { $0 + $1.value }
        // When every cell is hidden and they sum under 5, neither the group nor the total is shown.
        other = hidden.isEmpty || hiddenSum < Self.minimumCell ? nil : hiddenSum
        total = sum < Self.minimumCell ? nil : sum
        self.unstated = unstated
    }
}
