import DaigangCore

/// A decoder for the journal's commonest record — a lead without history,
/// `{"kind":"lead","lead":{…}}` with plain string and integer fields — about ten times faster
/// than JSONDecoder, which took two thirds of a start-up (200,000 leads).
///
/// It accepts only what it fully understands: any other kind, a string with an escape, a
/// `followups` array, an unknown or repeated key, a number with a fraction or exponent returns nil
/// and the line goes to JSONDecoder. So what recovery accepts, and what it makes of it, does not
/// change; the tests compare both decoders on every field shape.
enum LeadLineDecoder {
    /// The record in `data` (the `data` value of a record line), or nil to use JSONDecoder.
    static func decode(_ data: ArraySlice<UInt8>) -> StoreRecord? {
        data.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer)
            return parser.record()
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func record() -> StoreRecord? {
            var kindIsLead = false
            var lead: Lead?
            let complete = object { key, parser in
                if key.elementsEqual(Key.kind), !kindIsLead {
                    kindIsLead = parser.string() == "lead"
                    return kindIsLead
                }
                if key.elementsEqual(Key.lead), lead == nil {
                    lead = parser.lead()
                    return lead != nil
                }
                return false
            }
            skipWhitespace()
            guard complete, index == bytes.count, kindIsLead, let lead else { return nil }
            return .lead(lead)
        }

        private mutating func lead() -> Lead? {
            var id, session, jobId, jobTitle, employerId, name, phone, viewerId, hometown, note, hometownCode: String?
            var createdAt: Int64?
            var seen: UInt16 = 0  // one bit per key of `Key.leadFields`: a repeated key goes to JSONDecoder
            let complete = object { key, parser in
                guard let field = Key.leadFields.firstIndex(where: { $0.elementsEqual(key) }), seen & (1 << field) == 0 else {
                    return false  // followups, or a key this decoder does not know
                }
                seen |= 1 << field
                switch field {
                case 0: id = parser.string(); return id != nil
                case 1: session = parser.string(); return session != nil
                case 2: jobId = parser.string(); return jobId != nil
                case 3: jobTitle = parser.string(); return jobTitle != nil
                case 4: employerId = parser.string(); return employerId != nil
                case 5: name = parser.string(); return name != nil
                case 6: phone = parser.string(); return phone != nil
                case 7: viewerId = parser.string(); return viewerId != nil
                case 8: createdAt = parser.integer(); return createdAt != nil
                case 9:
                    guard let value = parser.optionalString() else { return false }
                    hometown = value
                    return true
                case 10:
                    guard let value = parser.optionalString() else { return false }
                    note = value
                    return true
                default:
                    guard let value = parser.optionalString() else { return false }
                    hometownCode = value
                    return true
                }
            }
            guard complete, let createdAt, let id, let session, let jobId, let jobTitle, let employerId, let name, let phone, let viewerId
            else { return nil }
            return Lead(
                id: id, session: session, jobId: jobId, jobTitle: jobTitle, employerId: employerId, name: name,
                phone: phone, hometown: hometown, note: note, createdAt: createdAt, viewerId: viewerId, hometownCode: hometownCode
            )
        }

        /// `{ "key": value, … }`, calling `member` with each key (positioned at its value); false
        /// when the syntax is off or `member` refused a member.
        private mutating func object(_ member: (UnsafeBufferPointer<UInt8>, inout Parser) -> Bool) -> Bool {
            skipWhitespace()
            guard take(UInt8(ascii: "{")) else { return false }
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return true }
            while true {
                skipWhitespace()
                guard let key = rawString() else { return false }
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return false }
                skipWhitespace()
                guard member(key, &self) else { return false }
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "}"))
            }
        }

        /// A string without escapes, as its raw bytes (between the quotes).
        private mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
                }
                // An escape (rare: the encoder writes UTF-8 and slashes as they are) or a raw
                // control character (not JSON): JSONDecoder decides.
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }

        private mutating func string() -> String? {
            guard let raw = rawString() else { return nil }
            // String(decoding:) is the fast path; it repairs invalid UTF-8, so a repaired string
            // differs from its bytes and goes to JSONDecoder (which refuses it).
            let value = String(decoding: raw, as: UTF8.self)
            return value.utf8.elementsEqual(raw) ? value : nil
        }

        /// A string, or null (nil inside); nil when it is neither.
        private mutating func optionalString() -> String?? {
            if take(Key.null) { return .some(nil) }
            return string().map { .some($0) }
        }

        /// A JSON integer (no fraction, no exponent, no leading zero) that fits an Int64.
        private mutating func integer() -> Int64? {
            let isNegative = take(UInt8(ascii: "-"))
            let start = index
            var value: Int64 = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(bytes[index] - 0x30))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
                index += 1
            }
            let digits = index - start
            guard digits > 0, digits == 1 || bytes[start] != 0x30 else { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e") { return nil }
            return isNegative ? -value : value
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func take(_ word: [UInt8]) -> Bool {
            guard bytes.count - index >= word.count, bytes[index..<index + word.count].elementsEqual(word) else { return false }
            index += word.count
            return true
        }

        private mutating func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
        }
    }

    /// Keys as the encoder writes them.
    private enum Key {
        static let kind = Array("kind".utf8)
        static let lead = Array("lead".utf8)
        /// A lead's fields, numbered as `lead()` reads them.
        static let leadFields = ["id", "session", "jobId", "jobTitle", "employerId", "name", "phone", "viewerId", "createdAt", "hometown", "note", "hometownCode"]
            .map { Array($0.utf8) }
        static let null = Array("null".utf8)
    }
}
