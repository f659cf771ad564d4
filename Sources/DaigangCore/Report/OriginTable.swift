/// How many applicants came from each hometown, safe to show: no cell lets one person be picked out.
///
/// The rule (docs/REPORTS.md): a count under `minimumCell` (5) is shown as "<5". So that the total
/// cannot be used to back a hidden cell out, the hidden cells are also gathered into one "其他"
/// row; while that row itself stays under 5 (or only one cell is hidden), the smallest shown cell
/// is hidden too ("*"). The report's tables are related (campaign and sessions, provinces and
/// prefectures) and are suppressed together by `OriginSuppression`. The total is the sum of all
/// cells and is shown only once at least 5 and not hidden to protect a cell.
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
    /// Applicants who named a hometown; `nil` when under 5 (shown "<5") or hidden to protect a cell
    /// of a related table (`OriginSuppression`).
    public var total: Int?
    /// The total as shown, like a cell's `shown`: the count, "<5" under 5, or "*" when hidden to
    /// protect a cell of a related table (then it is 5 or more, as a "*" cell is).
    public var totalShown: String? = nil
    /// Applicants who named none.
    public var unstated: Int

    /// One table on its own (no related table published beside it): its cells and its total are
    /// the only sums, suppressed by `OriginSuppression`'s rule.
    /// - Parameter counts: applicants per place; empty names are "unstated".
    public init(counts: [String: Int], unstated: Int) {
        let places = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        var suppression = OriginSuppression()
        let members = places.map { suppression.addCell(count: $0.value) }
        let total = suppression.addCell(count: places.reduce(0) { $0 + $1.value })
        suppression.addGroup(total: total, members: members)
        let hidden = suppression.hidden()
        self.init(
            cells: places.enumerated().map { Cell(place: $1.key, count: $1.value, shown: "") },
            hidden: Array(hidden[..<total]), isTotalHidden: hidden[total], unstated: unstated
        )
    }

    /// A table whose hidden cells are already chosen (`OriginSuppression`, across related tables).
    /// - Parameters:
    ///   - cells: every place with its true count (non-zero), in any order; `shown` is filled in here.
    ///   - hidden: per cell, whether it is hidden.
    ///   - isTotalHidden: the total is hidden to protect a cell (it is also hidden when under 5).
    init(cells: [Cell], hidden: [Bool], isTotalHidden: Bool, unstated: Int) {
        var shown: [Cell] = []
        var secret: [Cell] = []
        var hiddenSum = 0
        var sum = 0
        for (i, var cell) in cells.enumerated() {
            let count = cell.count ?? 0
            sum += count
            if hidden[i] {
                hiddenSum += count
                cell.count = nil
                cell.shown = count < Self.minimumCell ? Self.hiddenText : "*"
                secret.append(cell)
            } else {
                cell.shown = String(count)
                shown.append(cell)
            }
        }
        func byPlace(_ a: Cell, _ b: Cell) -> Bool { (a.province ?? "", a.place) < (b.province ?? "", b.place) }
        // Largest first; hidden cells after, by name only (their order must not rank their counts).
        self.cells = shown.sorted { $0.count != $1.count ? ($0.count ?? 0) > ($1.count ?? 0) : byPlace($0, $1) }
            + secret.sorted(by: byPlace)
        let isTotalShown = !isTotalHidden && sum >= Self.minimumCell
        // The group is total − shown: published only beside the total, and only when it is 5 or more.
        other = secret.isEmpty || !isTotalShown || hiddenSum < Self.minimumCell ? nil : hiddenSum
        total = isTotalShown ? sum : nil
        totalShown = isTotalShown ? String(sum) : sum < Self.minimumCell ? Self.hiddenText : "*"
        self.unstated = unstated
    }
}
