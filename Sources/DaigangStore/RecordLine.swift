public import DaigangCore
public import Foundation

/// The journal's line format: `{"len":N,"crc":"xxxxxxxx","data":<N bytes of JSON>}\n`.
///
/// The fixed layout lets recovery check a line's length and checksum over the exact bytes written,
/// while every line stays a JSON object that standard tools can read.
public enum RecordLine {
    private static let head = Array(#"{"len":"#.utf8)
    private static let crcKey = Array(#","crc":""#.utf8)
    private static let dataKey = Array(#"","data":"#.utf8)
    static let newline = UInt8(ascii: "\n")

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// One record as a complete line, newline included.
    public static func encode(_ record: StoreRecord, with encoder: JSONEncoder) -> [UInt8] {
        let data: [UInt8]
        do {
            data = Array(try encoder.encode(record))
        } catch {
            preconditionFailure("store records always encode: \(error)")
        }
        let crc = String(CRC32.checksum(data), radix: 16)
        var line = head + Array(String(data.count).utf8) + crcKey
        line += Array((String(repeating: "0", count: 8 - crc.count) + crc).utf8)
        line += dataKey + data
        line.append(UInt8(ascii: "}"))
        line.append(newline)
        return line
    }

    /// Why a line was refused.
    enum Problem: Error, Equatable {
        case malformed
        case checksumMismatch
        case unreadableRecord(String)
    }

    /// Decodes one line without its newline.
    static func decode(_ line: ArraySlice<UInt8>, with decoder: JSONDecoder) -> Result<StoreRecord, Problem> {
        guard let (length, crc, dataStart) = header(of: line) else { return .failure(.malformed) }
        let dataEnd = dataStart + length
        guard dataEnd + 1 == line.endIndex, line[dataEnd] == UInt8(ascii: "}") else { return .failure(.malformed) }
        let data = line[dataStart..<dataEnd]
        guard CRC32.checksum(data) == crc else { return .failure(.checksumMismatch) }
        if let record = LeadLineDecoder.decode(data) { return .success(record) }
        do {
            return .success(try decoder.decode(StoreRecord.self, from: Data(data)))
        } catch {
            return .failure(.unreadableRecord(String(describing: error)))
        }
    }

    /// The full length a line declares (newline included), if its header is readable.
    static func declaredLength(of line: ArraySlice<UInt8>) -> Int? {
        guard let (length, _, dataStart) = header(of: line) else { return nil }
        return dataStart - line.startIndex + length + 2
    }

    /// Parses `{"len":N,"crc":"xxxxxxxx","data":` and returns N, the CRC and where the data starts.
    private static func header(of line: ArraySlice<UInt8>) -> (Int, UInt32, Int)? {
        var index = line.startIndex
        guard line.count > head.count, line[index..<index + head.count].elementsEqual(head) else { return nil }
        index += head.count
        var length = 0
        var digits = 0
        while index < line.endIndex, let digit = asciiDigit(line[index]), digits < 9 {
            length = length * 10 + digit
            digits += 1
            index += 1
        }
        guard digits > 0, line.endIndex - index >= crcKey.count + 8 + dataKey.count,
              line[index..<index + crcKey.count].elementsEqual(crcKey)
        else { return nil }
        index += crcKey.count
        // Exactly as written: lower-case hex, so no altered byte can still parse to the same value.
        let hex = line[index..<index + 8]
        guard hex.allSatisfy({ asciiDigit($0) != nil || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }),
              let crc = UInt32(String(decoding: hex, as: UTF8.self), radix: 16)
        else { return nil }
        index += 8
        guard line[index..<index + dataKey.count].elementsEqual(dataKey) else { return nil }
        return (length, crc, index + dataKey.count)
    }

    private static func asciiDigit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }
}
