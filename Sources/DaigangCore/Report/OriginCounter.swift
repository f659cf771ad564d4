/// Counts where applicants come from for the report: per division (`origins`), per province (the
/// tile map) and per prefecture, turned into `OriginTable`s suppressed together (`OriginSuppression`).
///
/// A lead's place is its picker code (`hometownCode`) when it has one; an old client's free text
/// is matched to a division by `DivisionList.division(matching:)` (河南周口 → 河南省 周口市) and
/// otherwise counted as "未能识别": a free text never leaves the server (it may hold a name or a
/// phone number). A `Resolver` numbers each distinct code or text once, so a lead costs one dictionary
/// lookup and an array increment per counter (200,000 leads: BENCHMARKS.md "Board and report");
/// the tables are made from the distinct places only. Counts only: nothing here keeps a lead.
struct OriginCounter {
    /// Label of the place a free text names no division for.
    static let unrecognisedText = "未能识别"
    /// Label of a prefecture row for the applicants who chose only a province that has prefectures.
    static let provinceOnlyText = "未选地市"

    /// Numbers the places leads name, each distinct code or text once.
    struct Resolver {
        /// One place as the tables name it: a division, never the text as written.
        struct Place {
            /// The division; nil when the text named none ("未能识别").
            var division: DivisionList.Division?
        }

        let divisions: DivisionList
        private(set) var places: [Place] = []
        private var byCode: [String: Int] = [:]
        private var byText: [String: Int] = [:]

        init(divisions: DivisionList) {
            self.divisions = divisions
        }

        /// The number of the lead's place, or nil when it names none (an empty or absent hometown).
        mutating func number(of lead: Lead) -> Int? {
            number(code: lead.hometownCode, text: lead.hometown)
        }

        /// The number of the place a lead's picker `code` or free `text` names (the code first), or
        /// nil when neither does; from the two fields, so a loop over stored leads reads them in place.
        mutating func number(code: String?, text: String?) -> Int? {
            if let code {
                if let known = byCode[code] { return known }
                if let division = divisions.division(code: code) {
                    byCode[code] = places.count
                    places.append(Place(division: division))
                    return places.count - 1
                }
            }
            guard let text, !text.isEmpty else { return nil }
            if let known = byText[text] { return known }
            byText[text] = places.count
            places.append(Place(division: divisions.division(matching: text)))
            return places.count - 1
        }
    }

    /// Applicants per place number (`Resolver.places`).
    private var counts: [Int] = []
    private var unstated = 0

    /// Counts one applicant (the caller counts each once per scope, `DistinctApplicants`): a place
    /// number, or nil for one who named no hometown.
    mutating func count(_ place: Int?) {
        guard let place else {
            unstated += 1
            return
        }
        if counts.count <= place { counts.append(contentsOf: repeatElement(0, count: place + 1 - counts.count)) }
        counts[place] += 1
    }

    /// The report's three tables of one scope (the campaign, or one session).
    struct Tables {
        /// By division, full name (河南省周口市, 河南省, 未能识别): the report's `origins`.
        var divisions: OriginTable
        var provinces: OriginTable
        var prefectures: OriginTable
    }

    /// The tables of the campaign and of each session, suppressed together (`OriginSuppression`):
    /// a division's row in every table hides or shows as one cell, and the published sums that link
    /// them (a province's prefectures, a place across sessions, a table's total) are its groups.
    /// - Returns: the campaign's tables, then each session's in the order given.
    static func tables(campaign: OriginCounter, sessions: [OriginCounter], _ resolver: Resolver) -> [Tables] {
        let scopes = [campaign] + sessions
        // Per scope: applicants per division code (or "未能识别"), the prefecture-level place.
        let byDivision = scopes.map { $0.sum(resolver) { $0.division?.code ?? Self.unrecognisedText } }
        // Each place's division looked up once (50 sessions × 365 places: BENCHMARKS.md "Board and report").
        var divisionOf: [String: DivisionList.Division] = [:]
        for key in Set(byDivision.flatMap(\.keys)) { divisionOf[key] = resolver.divisions.division(code: key) }
        func province(of key: String) -> String { divisionOf[key]?.province.code ?? Self.unrecognisedText }

        var suppression = OriginSuppression()
        var divisionCells: [[String: Int]] = []  // per scope: division key → cell
        var provinceCells: [[String: Int]] = []  // per scope: province key → cell
        var totalCells: [Int] = []
        for counts in byDivision {
            var cells: [String: Int] = [:]
            var provinceCounts: [String: Int] = [:]
            for (key, count) in counts.sorted(by: { $0.key < $1.key }) {
                cells[key] = suppression.addCell(count: count)
                provinceCounts[province(of: key), default: 0] += count
            }
            divisionCells.append(cells)
            provinceCells.append(provinceCounts.sorted { $0.key < $1.key }.reduce(into: [:]) { $0[$1.key] = suppression.addCell(count: $1.value) })
            totalCells.append(suppression.addCell(count: counts.values.reduce(0, +)))
        }
        for s in scopes.indices {
            // (a, c) a scope's prefectures of one province sum to its province cell;
            var byProvince: [String: [Int]] = [:]
            for (key, cell) in divisionCells[s] { byProvince[province(of: key), default: []].append(cell) }
            for (provinceKey, total) in provinceCells[s].sorted(by: { $0.key < $1.key }) {
                suppression.addGroup(total: total, members: byProvince[provinceKey, default: []].sorted())
            }
            // (d) its provinces, and its prefectures, sum to its total.
            suppression.addGroup(total: totalCells[s], members: provinceCells[s].values.sorted())
            suppression.addGroup(total: totalCells[s], members: divisionCells[s].values.sorted())
        }
        // (b) one place across the sessions, and the sessions' totals, against the campaign's cell
        // (an applicant in two sessions counts once in the campaign: the campaign's cell bounds the
        // sum, which is treated as if it were exact).
        for (cellsOf, keys) in [(divisionCells, byDivision[0].keys.sorted()), (provinceCells, provinceCells[0].keys.sorted())] {
            for key in keys {
                suppression.addGroup(total: cellsOf[0][key]!, members: cellsOf.dropFirst().compactMap { $0[key] })
            }
        }
        suppression.addGroup(total: totalCells[0], members: Array(totalCells.dropFirst()))

        let hidden = suppression.hidden()
        return scopes.indices.map { s in
            let divisions = divisionCells[s].sorted { $0.key < $1.key }
            let provinces = provinceCells[s].sorted { $0.key < $1.key }
            func table(_ entries: [(key: String, value: Int)], _ cell: (String, Int) -> OriginTable.Cell) -> OriginTable {
                OriginTable(
                    cells: entries.map { cell($0.key, suppression.counts[$0.value]) }, hidden: entries.map { hidden[$0.value] },
                    isTotalHidden: hidden[totalCells[s]], unstated: scopes[s].unstated
                )
            }
            return Tables(
                divisions: table(divisions) { key, count in
                    let name = divisionOf[key].map { $0.province.name + ($0.prefecture?.name ?? "") } ?? Self.unrecognisedText
                    return OriginTable.Cell(place: name, count: count, shown: "")
                },
                provinces: table(provinces) { key, count in
                    let province = resolver.divisions.division(code: key)?.province
                    return OriginTable.Cell(place: province?.name ?? Self.unrecognisedText, count: count, shown: "", code: province?.code)
                },
                prefectures: table(divisions) { key, count in
                    guard let division = divisionOf[key] else {
                        return OriginTable.Cell(place: Self.unrecognisedText, count: count, shown: "")
                    }
                    let place = division.prefecture?.name
                        ?? (division.province.prefectures.isEmpty ? division.province.name : Self.provinceOnlyText)
                    return OriginTable.Cell(place: place, count: count, shown: "", province: division.province.name, code: key)
                }
            )
        }
    }

    /// The counts summed by the key `name` gives each counted place.
    private func sum(_ resolver: Resolver, by name: (Resolver.Place) -> String) -> [String: Int] {
        var sums: [String: Int] = [:]
        for (place, count) in counts.enumerated() where count > 0 {
            sums[name(resolver.places[place]), default: 0] += count
        }
        return sums
    }
}
