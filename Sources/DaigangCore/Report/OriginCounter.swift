/// Counts where applicants come from for the report: per place as written, per province (the
/// tile map) and per prefecture, each turned into an `OriginTable` (the "<5" rule).
///
/// A lead's place is its picker code (`hometownCode`) when it has one; an old client's free text
/// is matched to a division by `DivisionList.division(matching:)` (河南周口 → 河南省 周口市) and
/// otherwise counted as "未能识别" in the province and prefecture tables (and as written in the
/// first). Free texts are resolved once each, so a season of 200,000 leads costs a dictionary
/// lookup a lead. Counts only: nothing here keeps a lead.
struct OriginCounter {
    /// Label of the place a free text names no division for.
    static let unrecognisedText = "未能识别"
    /// Label of a prefecture row for the applicants who chose only a province that has prefectures.
    static let provinceOnlyText = "未选地市"

    /// Where one lead comes from, resolved.
    struct Origin: Hashable {
        /// As the legacy `origins` table shows it: the division's full name, or the text as written.
        var written: String
        /// The division's code; nil when the text named none.
        var code: String?
    }

    let divisions: DivisionList
    private var written: [String: Int] = [:]
    private var byProvince: [String: Int] = [:]
    /// Keyed by the division's code (prefecture, or the province's for a province-only choice) or `unrecognisedText`.
    private var byPrefecture: [String: Int] = [:]
    private var unstated = 0
    private var resolvedTexts: [String: Origin] = [:]

    init(divisions: DivisionList) {
        self.divisions = divisions
    }

    /// The lead's origin, or nil when it names none (an empty or absent hometown).
    mutating func origin(of lead: Lead) -> Origin? {
        if let code = lead.hometownCode, let division = divisions.division(code: code) {
            return Origin(written: division.province.name + (division.prefecture?.name ?? ""), code: division.code)
        }
        guard let text = lead.hometown, !text.isEmpty else { return nil }
        if let known = resolvedTexts[text] { return known }
        let origin = Origin(written: text, code: divisions.division(matching: text)?.code)
        resolvedTexts[text] = origin
        return origin
    }

    /// Counts one applicant; nil: one who named no hometown.
    mutating func count(_ origin: Origin?) {
        guard let origin else {
            unstated += 1
            return
        }
        written[origin.written, default: 0] += 1
        let province = origin.code.flatMap { divisions.division(code: $0) }?.province.name ?? Self.unrecognisedText
        byProvince[province, default: 0] += 1
        byPrefecture[origin.code ?? Self.unrecognisedText, default: 0] += 1
    }

    /// Places as written (the report's `origins`, as before the picker).
    var writtenTable: OriginTable { OriginTable(counts: written, unstated: unstated) }

    /// Provinces by full name (the tile map's), with their codes.
    var provinceTable: OriginTable {
        let codes = Dictionary(divisions.provinces.map { ($0.name, $0.code) }, uniquingKeysWith: { first, _ in first })
        var table = OriginTable(counts: byProvince, unstated: unstated)
        for i in table.cells.indices { table.cells[i].code = codes[table.cells[i].place] }
        return table
    }

    /// Prefectures with their province; a province-only choice is its own row ("未选地市", or the
    /// province's name where it has no prefectures, as the municipalities).
    var prefectureTable: OriginTable {
        var table = OriginTable(counts: byPrefecture, unstated: unstated)
        for i in table.cells.indices {
            let key = table.cells[i].place
            guard let division = divisions.division(code: key) else { continue }
            table.cells[i].code = key
            table.cells[i].province = division.province.name
            table.cells[i].place = division.prefecture?.name
                ?? (division.province.prefectures.isEmpty ? division.province.name : Self.provinceOnlyText)
        }
        return table
    }
}
