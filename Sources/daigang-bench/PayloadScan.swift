/// Byte-level lookups in server JSON, without building any JSON values.
///
/// The Daigang server encodes with sorted keys, so `type` is not first and a nested object
/// (the welcome's snapshot, with old announcements in it) can come before it. Lookups
/// therefore walk the top-level object once, skipping strings and nested values, and stop at
/// the wanted key. Values are read straight from the bytes: integers, and strings without
/// escapes (ids, codes).
enum PayloadScan {
    /// Whether the top-level `type` is `type`.
    static func hasType(_ payload: UnsafeRawBufferPointer, _ type: StaticString) -> Bool {
        guard let start = valueStart(payload, key: "type"), startsWith(payload, "\"", at: start),
              startsWith(payload, type, at: start + 1) else { return false }
        let end = start + 1 + type.utf8CodeUnitCount
        return end < payload.count && payload[end] == UInt8(ascii: "\"")
    }

    /// The top-level integer member `key`; nil when absent, `null` or not an integer.
    static func integer(_ payload: UnsafeRawBufferPointer, key: StaticString) -> Int? {
        guard let start = valueStart(payload, key: key) else { return nil }
        return integer(payload, at: start).map(\.value)
    }

    /// The top-level string member `key` (escapes are not decoded).
    static func string(_ payload: UnsafeRawBufferPointer, key: StaticString) -> String? {
        guard let start = valueStart(payload, key: key), startsWith(payload, "\"", at: start) else { return nil }
        return quoted(payload, at: start + 1)
    }

    /// The offset of the value of top-level member `key`, if the object has one.
    static func valueStart(_ payload: UnsafeRawBufferPointer, key: StaticString) -> Int? {
        let quote = UInt8(ascii: "\"")
        var depth = 0
        var expectsKey = false
        var index = 0
        let count = payload.count
        while index < count {
            let byte = payload[index]
            if byte == quote {
                let start = index + 1
                let end = stringEnd(payload, from: start)
                if depth == 1 && expectsKey {
                    expectsKey = false
                    if end - start == key.utf8CodeUnitCount, startsWith(payload, key, at: start) {
                        var value = end + 1
                        while value < count, payload[value] == UInt8(ascii: ":") || payload[value] == UInt8(ascii: " ") {
                            value += 1
                        }
                        return value
                    }
                }
                index = end + 1
                continue
            }
            switch byte {
            case UInt8(ascii: "{"):
                depth += 1
                expectsKey = depth == 1
            case UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 1 { expectsKey = true }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The offset of the closing quote of a string whose contents start at `start`.
    private static func stringEnd(_ payload: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while index < payload.count {
            let byte = payload[index]
            if byte == UInt8(ascii: "\"") { return index }
            index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        return payload.count
    }

    /// A string's contents from `start` (just after its opening quote) to its closing quote.
    static func quoted(_ payload: UnsafeRawBufferPointer, at start: Int) -> String {
        let end = stringEnd(payload, from: start)
        return String(decoding: UnsafeRawBufferPointer(rebasing: payload[start..<end]), as: UTF8.self)
    }

    /// The offset just past the first occurrence of `needle` at or after `from` (anywhere, at any depth).
    static func find(_ payload: UnsafeRawBufferPointer, _ needle: StaticString, from: Int = 0) -> Int? {
        let length = needle.utf8CodeUnitCount
        guard length > 0, payload.count - from >= length else { return nil }
        let first = needle.utf8Start.pointee
        var index = from
        let last = payload.count - length
        while index <= last {
            if payload[index] == first, startsWith(payload, needle, at: index) { return index + length }
            index += 1
        }
        return nil
    }

    /// Digits (with an optional minus) starting at `index`, and the offset after them.
    static func integer(_ payload: UnsafeRawBufferPointer, at index: Int) -> (value: Int, end: Int)? {
        var offset = index
        var isNegative = false
        if offset < payload.count, payload[offset] == UInt8(ascii: "-") {
            isNegative = true
            offset += 1
        }
        var value = 0
        let digitsStart = offset
        while offset < payload.count, payload[offset] >= 48, payload[offset] <= 57 {
            value = value &* 10 &+ Int(payload[offset] - 48)
            offset += 1
        }
        guard offset > digitsStart else { return nil }
        return (isNegative ? -value : value, offset)
    }

    static func startsWith(_ payload: UnsafeRawBufferPointer, _ text: StaticString, at index: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        guard index >= 0, payload.count - index >= length else { return false }
        let bytes = text.utf8Start
        for offset in 0..<length where payload[index + offset] != bytes[offset] {
            return false
        }
        return true
    }
}
