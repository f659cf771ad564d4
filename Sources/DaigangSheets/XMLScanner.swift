internal import Foundation

/// A pull scanner for the XML of a workbook part: elements, attributes, text, CDATA, comments.
///
/// Hand-rolled rather than Foundation's `XMLParser` (libxml2 on Linux) so that a hostile part can do
/// nothing the scanner does not know about: any `<!DOCTYPE` or `<!ENTITY` is refused where it
/// appears (no entity is ever defined, so nothing can expand — billion laughs, XXE); only the five
/// predefined entities and character references are decoded; depth is capped; the text must be
/// UTF-8 (a part declared in another encoding is refused, so no encoding trick hides a DOCTYPE).
/// Names are reported without their namespace prefix (`x:row` → `row`), as some writers prefix them.
struct XMLScanner {
    enum Token: Equatable {
        case start(name: String, attributes: [String: String], isEmpty: Bool)
        case end(name: String)
        case text(String)
    }

    private let bytes: [UInt8]
    private var index = 0
    private var open: [String] = []
    private let maxDepth: Int
    /// Which part is being read, for error messages.
    let part: String

    init(_ bytes: [UInt8], part: String, maxDepth: Int) {
        self.bytes = bytes
        self.part = part
        self.maxDepth = maxDepth
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 } // a UTF-8 byte order mark, as some writers add
    }

    /// The next token, or nil at the end of a well-formed document.
    mutating func next() throws(SheetError) -> Token? {
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                let text = try decodeText(bytes[start..<index])
                if open.isEmpty {
                    guard text.allSatisfy(\.isWhitespace) else { throw malformed("text outside the root element") }
                    continue
                }
                return .text(text)
            }
            switch index + 1 < bytes.count ? bytes[index + 1] : 0 {
            case UInt8(ascii: "?"):
                let end = try find(Self.piClose, from: index + 2)
                try checkDeclaration(bytes[index..<end])
                index = end + 2
            case UInt8(ascii: "!") where has(Self.commentOpen):
                index = try find(Self.commentClose, from: index + 4) + 3
            case UInt8(ascii: "!") where has(Self.cdataOpen):
                let start = index + 9
                let end = try find(Self.cdataClose, from: start)
                index = end + 3
                guard !open.isEmpty else { throw malformed("CDATA outside the root element") }
                return .text(try string(bytes[start..<end]))
            case UInt8(ascii: "!"):
                // <!DOCTYPE, <!ENTITY, <!ELEMENT…: a workbook never needs one; entity tricks start here.
                throw SheetError(.xmlDeclaration, detail: "\(part): a <! declaration (DOCTYPE/ENTITY) is refused")
            case UInt8(ascii: "/"):
                let name = try readName(from: index + 2)
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw malformed("bad end tag") }
                index += 1
                guard open.popLast() == name else { throw malformed("end tag </\(name)> does not match") }
                return .end(name: localName(name))
            default:
                return try readStartTag()
            }
        }
        guard open.isEmpty else { throw malformed("document ends inside <\(open.last ?? "")>") }
        return nil
    }

    private mutating func readStartTag() throws(SheetError) -> Token {
        let name = try readName(from: index + 1)
        var attributes: [String: String] = [:]
        while true {
            skipSpace()
            guard index < bytes.count else { throw malformed("document ends inside a tag") }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                open.append(name)
                guard open.count <= maxDepth else {
                    throw SheetError(.tooDeep, detail: "\(part): nesting deeper than \(maxDepth)")
                }
                return .start(name: localName(name), attributes: attributes, isEmpty: false)
            }
            if has(Self.emptyClose) {
                index += 2
                return .start(name: localName(name), attributes: attributes, isEmpty: true)
            }
            let attribute = try readName(from: index)
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw malformed("attribute without value") }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw malformed("unquoted attribute value")
            }
            let quote = bytes[index]
            let start = index + 1
            guard let end = bytes[start...].firstIndex(of: quote) else { throw malformed("unterminated attribute value") }
            index = end + 1
            attributes[localName(attribute)] = try decodeText(bytes[start..<end])
        }
    }

    /// Reads an element or attribute name starting at `position`, leaving `index` after it.
    private mutating func readName(from position: Int) throws(SheetError) -> String {
        var end = position
        while end < bytes.count, !Self.endsName(bytes[end]) { end += 1 }
        guard end > position else { throw malformed("missing name") }
        index = end
        return try string(bytes[position..<end])
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "<")
    }

    private func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private static let piClose = Array("?>".utf8), commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)
    private static let cdataOpen = Array("<![CDATA[".utf8), cdataClose = Array("]]>".utf8), emptyClose = Array("/>".utf8)

    private func has(_ literal: [UInt8]) -> Bool {
        guard index + literal.count <= bytes.count else { return false }
        for offset in literal.indices where bytes[index + offset] != literal[offset] { return false }
        return true
    }

    private func find(_ needle: [UInt8], from position: Int) throws(SheetError) -> Int {
        var at = position
        outer: while at + needle.count <= bytes.count {
            for offset in needle.indices where bytes[at + offset] != needle[offset] {
                at += 1
                continue outer
            }
            return at
        }
        throw malformed("unterminated \(String(decoding: needle, as: UTF8.self))")
    }

    /// Only UTF-8 (or no declared encoding, which means UTF-8) is read.
    private func checkDeclaration(_ declaration: ArraySlice<UInt8>) throws(SheetError) {
        let text = String(decoding: declaration, as: UTF8.self).lowercased()
        guard let range = text.range(of: "encoding=") else { return }
        let value = text[range.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }
        guard value == "utf-8" || value == "utf8" else {
            throw SheetError(.xmlEncoding, detail: "\(part): encoding \(value) is not UTF-8")
        }
    }

    private func string(_ slice: ArraySlice<UInt8>) throws(SheetError) -> String {
        guard let text = String(validating: slice, as: UTF8.self), !slice.contains(0) else {
            throw SheetError(.xmlEncoding, detail: "\(part): bytes that are not UTF-8")
        }
        return text
    }

    /// Decodes text with the predefined entities and character references; any other `&name;` is refused.
    private func decodeText(_ slice: ArraySlice<UInt8>) throws(SheetError) -> String {
        let raw = try string(slice)
        // On the bytes: with Foundation imported, String.contains(String) is a slow CFString search.
        guard slice.contains(UInt8(ascii: "&")) else { return raw }
        var result = ""
        var rest = Substring(raw)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semicolon) <= 10 else {
                throw malformed("bare & in text")
            }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "lt": result += "<"
            case "gt": result += ">"
            case "amp": result += "&"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number: UInt32? = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst(), radix: 10) : nil
                guard let number, number != 0, let scalar = Unicode.Scalar(number) else {
                    throw malformed("unknown entity &\(entity);")
                }
                result.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        result += rest
        return result
    }

    private func malformed(_ what: String) -> SheetError {
        SheetError(.malformedXML, detail: "\(part): \(what) near byte \(index)")
    }
}
