internal import Foundation
import DaigangCore

/// Reads the first worksheet of an .xlsx workbook into rows of strings.
///
/// Follows the package's relationships (`_rels/.rels` → workbook → its first `<sheet>` → the
/// worksheet part; shared strings by relationship type) rather than assuming Excel's file names:
/// WPS and LibreOffice name parts differently. Cells come out as the text a clerk sees: shared and
/// inline strings (without phonetic runs), numbers without float noise (6500, not 6500.0),
/// booleans as TRUE/FALSE, formula results as cached.
struct XLSXReader {
    private var parts: ZipParts
    private let limits: SheetLimits

    init(_ data: Data, limits: SheetLimits) throws(SheetError) {
        parts = try ZipParts(data, limits: limits)
        self.limits = limits
    }

    mutating func firstSheetRows() throws(SheetError) -> [[String]] {
        let workbookPath = try officeDocumentPath()
        guard let workbook = try parts.read(workbookPath) else {
            throw SheetError(.notAWorkbook, detail: "no workbook part at \(workbookPath)")
        }
        guard let sheetID = try firstSheetRelationship(workbook, part: workbookPath) else {
            throw SheetError(.notAWorkbook, detail: "the workbook lists no sheet")
        }
        let relationships = try readRelationships(of: workbookPath)
        guard let sheet = relationships.first(where: { $0.id == sheetID }) else {
            throw SheetError(.notAWorkbook, detail: "the first sheet's relationship \(sheetID) is missing")
        }
        var shared: [String] = []
        if let strings = relationships.first(where: { $0.type.hasSuffix("/sharedStrings") }),
           let bytes = try parts.read(strings.target) {
            shared = try sharedStrings(bytes, part: strings.target)
        }
        guard let sheetBytes = try parts.read(sheet.target) else {
            throw SheetError(.notAWorkbook, detail: "no worksheet part at \(sheet.target)")
        }
        return try worksheetRows(sheetBytes, part: sheet.target, shared: shared)
    }

    // MARK: - Package structure

    private struct Relationship {
        var id: String
        var type: String
        /// Resolved to a path inside the zip.
        var target: String
    }

    private mutating func officeDocumentPath() throws(SheetError) -> String {
        guard try parts.read("[Content_Types].xml") != nil else {
            throw SheetError(.notAWorkbook, detail: "a zip without [Content_Types].xml")
        }
        let root = try readRelationships(of: "")
        return root.first(where: { $0.type.hasSuffix("/officeDocument") })?.target ?? "xl/workbook.xml"
    }

    /// The relationships of `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; "" → `_rels/.rels`).
    private mutating func readRelationships(of part: String) throws(SheetError) -> [Relationship] {
        let directory = part.split(separator: "/").dropLast().joined(separator: "/")
        let name = part.split(separator: "/").last.map(String.init) ?? ""
        let relsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/" + name + ".rels"
        guard let bytes = try parts.read(relsPath) else { return [] }
        var scanner = XMLScanner(bytes, part: relsPath, maxDepth: limits.maxXMLDepth)
        var relationships: [Relationship] = []
        while let token = try scanner.next() {
            guard case .start("Relationship", let attributes, _) = token,
                  let id = attributes["Id"], let target = attributes["Target"] else { continue }
            guard attributes["TargetMode"] != "External" else { continue }
            relationships.append(Relationship(id: id, type: attributes["Type"] ?? "", target: Self.resolve(target, from: directory)))
        }
        return relationships
    }

    /// Resolves a relationship target against the source part's directory (`..` and `/` included).
    private static func resolve(_ target: String, from directory: String) -> String {
        var path: [Substring] = target.hasPrefix("/") ? [] : directory.split(separator: "/")
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = path.popLast()
            default: path.append(component)
            }
        }
        return path.joined(separator: "/")
    }

    private func firstSheetRelationship(_ bytes: [UInt8], part: String) throws(SheetError) -> String? {
        var scanner = XMLScanner(bytes, part: part, maxDepth: limits.maxXMLDepth)
        while let token = try scanner.next() {
            if case .start("sheet", let attributes, _) = token { return attributes["id"] }
        }
        return nil
    }

    // MARK: - Cells

    /// Each `<si>`'s text: its `<t>`, or its rich-text runs' `<t>`s, without phonetic guides (`<rPh>`).
    private func sharedStrings(_ bytes: [UInt8], part: String) throws(SheetError) -> [String] {
        var scanner = XMLScanner(bytes, part: part, maxDepth: limits.maxXMLDepth)
        var strings: [String] = []
        var text = TextCollector()
        while let token = try scanner.next() {
            switch token {
            case .start("si", _, let isEmpty):
                text = TextCollector()
                if isEmpty { strings.append("") }
            case .end("si"):
                strings.append(text.value)
            default:
                try text.take(token, limit: limits.maxCellLength)
            }
        }
        return strings
    }

    private func worksheetRows(_ bytes: [UInt8], part: String, shared: [String]) throws(SheetError) -> [[String]] {
        var scanner = XMLScanner(bytes, part: part, maxDepth: limits.maxXMLDepth)
        var grid = Grid(limits: limits)
        var rowNumber = 0
        var column = 0
        var cell: (type: String, value: TextCollector)?
        while let token = try scanner.next() {
            switch token {
            case .start("row", let attributes, _):
                rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
                column = 0
            case .start("c", let attributes, let isEmpty):
                column = attributes["r"].flatMap(Self.columnNumber) ?? column + 1
                cell = isEmpty ? nil : (attributes["t"] ?? "n", TextCollector())
            case .end("c"):
                guard let (type, value) = cell else { continue }
                cell = nil
                let text = try Self.display(value.value, type: type, shared: shared)
                try grid.set(text, row: rowNumber, column: column)
            default:
                if cell != nil { try cell!.value.take(token, limit: limits.maxCellLength) }
            }
        }
        return grid.rows
    }

    /// `BC12` → 55 (A = 1); nil when the reference has no letters or absurdly many.
    private static func columnNumber(_ reference: String) -> Int? {
        var number = 0
        var letters = 0
        for byte in reference.utf8 {
            guard byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") else { break }
            number = number * 26 + Int(byte - UInt8(ascii: "A")) + 1
            letters += 1
            guard letters <= 3 else { return nil }
        }
        return letters == 0 ? nil : number
    }

    /// A cell's text as shown, from its type (`t`) and the text inside `<v>` or `<is>`.
    private static func display(_ raw: String, type: String, shared: [String]) throws(SheetError) -> String {
        switch type {
        case "s":
            guard let index = Int(raw) ?? Int(raw.trimmingWhitespace()), shared.indices.contains(index) else {
                throw SheetError(.malformedXML, detail: "shared string index out of range")
            }
            return shared[index]
        case "b":
            return raw == "1" ? "TRUE" : "FALSE"
        case "n":
            return plainNumber(raw)
        default:
            // "inlineStr", "str" (a formula's text), "e" (#N/A…), "d" (ISO date): the text as written.
            return raw
        }
    }

    /// `6500.0` → `6500`, `0.30000000000000004` → `0.3`: Excel shows 15 significant digits, so do we.
    static func plainNumber(_ raw: String) -> String {
        guard let value = Double(raw) ?? Double(raw.trimmingWhitespace()), value.isFinite else { return raw }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let rounded = Double(String(format: "%.15g", value)) ?? value
        return "\(rounded)"
    }
}

/// The text of the element being read, from `<t>`/`<v>` tokens, skipping phonetic runs.
private struct TextCollector {
    private(set) var value = ""
    private var inText = false
    private var inPhonetic = false

    mutating func take(_ token: XMLScanner.Token, limit: Int) throws(SheetError) {
        switch token {
        case .start("rPh", _, let isEmpty): inPhonetic = !isEmpty
        case .end("rPh"): inPhonetic = false
        case .start("t", _, let isEmpty), .start("v", _, let isEmpty): inText = !isEmpty
        case .end("t"), .end("v"): inText = false
        case .text(let text) where inText && !inPhonetic:
            value += text
            guard value.unicodeScalars.count <= limit else {
                throw SheetError(.cellTooLong, detail: "a cell longer than \(limit) characters")
            }
        default: break
        }
    }
}

/// Rows of cells as they fill in, bounded by the limits before anything is allocated.
struct Grid {
    let limits: SheetLimits
    private(set) var rows: [[String]] = []

    /// Stores a non-empty value at a 1-based row and column; empty values take no room.
    mutating func set(_ text: String, row: Int, column: Int) throws(SheetError) {
        guard !text.isEmpty else { return }
        guard row >= 1, column >= 1 else { throw SheetError(.malformedXML, detail: "cell at row \(row), column \(column)") }
        guard row <= limits.maxRows else { throw SheetError(.tooManyRows, detail: "content in row \(row), over \(limits.maxRows)") }
        guard column <= limits.maxColumns else {
            throw SheetError(.tooManyColumns, detail: "content in column \(column), over \(limits.maxColumns)")
        }
        while rows.count < row { rows.append([]) }
        while rows[row - 1].count < column { rows[row - 1].append("") }
        rows[row - 1][column - 1] = text
    }
}
