public import Foundation

/// The national administrative divisions a hometown is picked from: provinces and prefectures
/// with their 6-digit GB/T 2260 codes, as shipped in web-static/data/divisions.json (source,
/// edition and the levels chosen: web-static/data/README.md).
///
/// The server reads the file once at start-up and hands the decoded list to the hub, which checks
/// an application's `hometownCode` against it; `ReportBuilder` names the places of its origin
/// tables from it. The apply page fetches the same file (gzip'd, with an ETag) for its picker.
public struct DivisionList: Sendable, Equatable {
    public struct Prefecture: Sendable, Equatable {
        public var code: String
        public var name: String
        /// A county-level division under the province directly (省直辖县级, e.g. 济源市), listed
        /// beside the prefectures so its people can find it.
        public var isCountyLevel: Bool
    }

    public struct Province: Sendable, Equatable {
        public var code: String
        public var name: String
        /// The name without 省/市/自治区…: 河南, 内蒙古, 香港.
        public var shortName: String
        /// Empty for the municipalities (their districts roll up into them) and 台湾/香港/澳门.
        public var prefectures: [Prefecture]
    }

    /// A code resolved: its province and, for a prefecture's code, the prefecture.
    public struct Division: Sendable, Equatable {
        public var province: Province
        public var prefecture: Prefecture?
        /// The prefecture's code, or the province's when only the province is known.
        public var code: String { prefecture?.code ?? province.code }
    }

    /// By code order (北京 110000 first).
    public let provinces: [Province]
    private let places: [String: (province: Int, prefecture: Int?)]

    /// No divisions: every code is unknown (a server whose web root lacks the file).
    public static let empty = DivisionList(checked: [])

    /// Decodes divisions.json and checks it: 6-digit codes, each once, a prefecture's code under its province's.
    public init(json: Data) throws(ValidationError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw ValidationError(field: "divisions.json", reason: "is not the division list: \(error)")
        }
        var provinces: [Province] = []
        var seen = Set<String>()
        for entry in file.provinces {
            guard Self.isCode(entry.code), entry.code.hasSuffix("0000") else {
                throw ValidationError(field: "divisions.json", reason: "province code '\(entry.code)' is not 6 digits ending 0000")
            }
            guard seen.insert(entry.code).inserted else { throw ValidationError(field: "divisions.json", reason: "code \(entry.code) appears twice") }
            var prefectures: [Prefecture] = []
            for fields in entry.prefectures {
                guard fields.count == 3, Self.isCode(fields[0]), !fields[1].isEmpty, ["地级", "县级"].contains(fields[2]) else {
                    throw ValidationError(field: "divisions.json", reason: "prefecture \(fields) of \(entry.code) is not [code, name, 地级|县级]")
                }
                guard fields[0].prefix(2) == entry.code.prefix(2), fields[0] != entry.code else {
                    throw ValidationError(field: "divisions.json", reason: "prefecture code \(fields[0]) is not under province \(entry.code)")
                }
                guard seen.insert(fields[0]).inserted else { throw ValidationError(field: "divisions.json", reason: "code \(fields[0]) appears twice") }
                prefectures.append(Prefecture(code: fields[0], name: fields[1], isCountyLevel: fields[2] == "县级"))
            }
            provinces.append(Province(code: entry.code, name: entry.name, shortName: entry.short, prefectures: prefectures))
        }
        self.init(checked: provinces)
    }

    private init(checked provinces: [Province]) {
        self.provinces = provinces
        var places: [String: (province: Int, prefecture: Int?)] = [:]
        for (p, province) in provinces.enumerated() {
            places[province.code] = (p, nil)
            for (f, prefecture) in province.prefectures.enumerated() { places[prefecture.code] = (p, f) }
        }
        self.places = places
    }

    /// The province or prefecture with this code, or nil when the list has no such code.
    public func division(code: String) -> Division? {
        guard let place = places[code] else { return nil }
        let province = provinces[place.province]
        return Division(province: province, prefecture: place.prefecture.map { province.prefectures[$0] })
    }

    /// The division an old client's free-text hometown names, or nil: a province by its name or
    /// short name at the start (河南周口, 河南省周口市), then one of its prefectures named in the rest
    /// (周口, 周口市). A text naming no province first is not guessed at.
    public func division(matching text: String) -> Division? {
        // Spaces carry nothing in a place name (河南 周口 is 河南周口).
        let trimmed = String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) })
        func prefecture(of province: Province, at rest: Substring) -> Prefecture? {
            province.prefectures.first { rest.hasPrefix($0.name) } ?? province.prefectures.first { rest.hasPrefix(Self.stem(of: $0.name)) }
        }
        guard let province = provinces.first(where: { trimmed.hasPrefix($0.name) }) ?? provinces.first(where: { trimmed.hasPrefix($0.shortName) }) else {
            return nil
        }
        let rest = trimmed.hasPrefix(province.name) ? trimmed.dropFirst(province.name.count) : trimmed.dropFirst(province.shortName.count)
        // A prefecture that shares the province's short name (吉林市 in 吉林省) is named by the whole text.
        let found = prefecture(of: province, at: rest) ?? province.prefectures.first { trimmed.hasPrefix($0.name) }
        return Division(province: province, prefecture: found)
    }

    public static func == (lhs: DivisionList, rhs: DivisionList) -> Bool { lhs.provinces == rhs.provinces }

    /// A prefecture's name without its last character when that is a level word (周口市 → 周口);
    /// longer level words (自治州, 地区, 盟) are kept, those names are written out in full.
    private static func stem(of name: String) -> String {
        name.count > 2 && name.hasSuffix("市") ? String(name.dropLast()) : name
    }

    private static func isCode(_ code: String) -> Bool {
        code.utf8.count == 6 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The file's shape: `{"source": {…}, "provinces": [{"code", "name", "short", "prefectures": [[code, name, level]]}]}`.
    private struct File: Decodable {
        struct ProvinceEntry: Decodable {
            var code: String
            var name: String
            var short: String
            var prefectures: [[String]]
        }
        var provinces: [ProvinceEntry]
    }
}
