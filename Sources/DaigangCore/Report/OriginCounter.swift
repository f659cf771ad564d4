/// Counts where applicants come from for the report: per place as written, per province (the
/// tile map) and per prefecture, each turned into an `OriginTable` (the "<5" rule).
///
/// A lead's place is its picker code (`hometownCode`) when it has one; an old client's free text
/// is matched to a division by `DivisionList.division(matching:)` (河南周口 → 河南省 周口市) and
/// otherwise counted as "未能识别" in the province and prefecture tables (and as written in the
/// first). A `Resolver` numbers each distinct code or text once, so a lead costs one dictionary
/// lookup and an array increment per counter (200,000 leads: BENCHMARKS.md "Board and report");
/// the tables are made from the distinct places only. Counts only: nothing here keeps a lead.
struct OriginCounter {
    /// Label of the place a free text names no division for.
    static let unrecognisedText = "未能识别"
    /// Label of a prefecture row for the applicants who chose only a province that has prefectures.
    static let provinceOnlyText = "未选地市"

    /// Numbers the places leads name, each distinct code or text once.
    struct Resolver {
        /// One place as the three tables name it.
        struct Place {
            /// As the legacy `origins` table shows it: the division's full name, or the text as written.
            var written: String
            /// The division; nil when the text named none.
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
                    places.append(Place(written: division.province.name + (division.prefecture?.name ?? ""), division: division))
                    return places.count - 1
                }
            }
            guard let text, !text.isEmpty else { return nil }
            if let known = byText[text] { return known }
            byText[text] = places.count
            places.append(Place(written: text, division: divisions.division(matching: text)))
            return places.count - 1
        }
    }

    /// Applicants per place number (`Resolver.places`).
    private var counts: [Int] = []
    private var unstated = 0

    /// Counts one applicant: a place number, or nil for one who named no hometown.
    mutating func count(_ place: Int?) {
        guard let place else {
            unstated += 1
            return
        }
        if counts.count <= place { counts.append(contentsOf: repeatElement(0, count: place + 1 - counts.count)) }
        counts[place] += 1
    }

    /// Adds another counter's applicants (numbered by the same `Resolver`): the campaign is its sessions' sum.
    mutating func add(_ other: OriginCounter) {
        unstated += other.unstated
        if counts.count < other.counts.count { counts.append(contentsOf: repeatElement(0, count: other.counts.count - counts.count)) }
        for (place, count) in other.counts.enumerated() { counts[place] += count }
    }

    /// Places as written (the report's `origins`, as before the picker).
    func writtenTable(_ resolver: Resolver) -> OriginTable {
        OriginTable(counts: sum(resolver) { $0.written }, unstated: unstated)
    }

    /// Provinces by full name (the tile map's), with their codes.
    func provinceTable(_ resolver: Resolver) -> OriginTable {
        var codes: [String: String] = [:]
        var table = OriginTable(counts: sum(resolver) { place in
            guard let province = place.division?.province else { return Self.unrecognisedText }
            codes[province.name] = province.code
            return province.name
        }, unstated: unstated)
        for i in table.cells.indices { table.cells[i].code = codes[table.cells[i].place] }
        return table
    }

    /// Prefectures with their province; a province-only choice is its own row ("未选地市", or the
    /// province's name where it has no prefectures, as the municipalities).
    func prefectureTable(_ resolver: Resolver) -> OriginTable {
        var table = OriginTable(counts: sum(resolver) { $0.division?.code ?? Self.unrecognisedText }, unstated: unstated)
        for i in table.cells.indices {
            let key = table.cells[i].place
            guard let division = resolver.divisions.division(code: key) else { continue }
            table.cells[i].code = key
            table.cells[i].province = division.province.name
            table.cells[i].place = division.prefecture?.name
                ?? (division.province.prefectures.isEmpty ? division.province.name : Self.provinceOnlyText)
        }
        return table
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
