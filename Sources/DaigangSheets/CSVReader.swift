internal import Foundation

/// RFC 4180 CSV: fields separated by commas, quoted fields may hold commas, `""` and line breaks,
/// records end in CRLF, LF or CR.
///
/// The bytes are UTF-8 (a BOM is dropped) or, when they are not valid UTF-8, GB18030 — what Excel
/// on a Chinese Windows writes for "CSV (逗号分隔)". Foundation on Linux converts GB18030 (checked
/// with Swift 6.3.1); GBK and GB2312 are subsets of it.
enum CSVReader {
    /// `kCFStringEncodingGB_18030_2000` as an `NSStringEncoding`: Foundation names no constant for it.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    static func rows(_ data: Data, limits: SheetLimits) throws(SheetError) -> [[String]] {
        let text = try decode(data)
        return try SheetReader.trimmed(parse(Array(text.utf8), limits: limits))
    }

    static func decode(_ data: Data) throws(SheetError) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if let text = String(data: bytes, encoding: gb18030), !text.unicodeScalars.contains("\u{FFFD}") { return text }
        throw SheetError(.textEncoding, detail: "neither UTF-8 nor GB18030")
    }

    static func parse(_ bytes: [UInt8], limits: SheetLimits) throws(SheetError) -> [[String]] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var grid = Grid(limits: limits)
        var row = 1, column = 1
        var field: [UInt8] = []
        var index = 0

        func endField() throws(SheetError) {
            guard field.count <= limits.maxCellLength * 4 else {
                throw SheetError(.cellTooLong, detail: "a field longer than \(limits.maxCellLength) characters")
            }
            try grid.set(String(decoding: field, as: UTF8.self), row: row, column: column)
            field.removeAll(keepingCapacity: true)
            column += 1
        }
        func endRecord() throws(SheetError) {
            try endField()
            row += 1
            column = 1
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote, field.isEmpty {
                // A quoted field: up to the quote that is not doubled.
                let recordStart = row
                index += 1
                while true {
                    guard index < bytes.count else {
                        throw SheetError(.malformedCSV, detail: "a quote opened in record \(recordStart) never closes")
                    }
                    if bytes[index] == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    field.append(bytes[index])
                    index += 1
                }
                guard index == bytes.count || [comma, cr, lf].contains(bytes[index]) else {
                    throw SheetError(.malformedCSV, detail: "text after a closing quote in record \(recordStart)")
                }
                continue
            }
            switch byte {
            case comma:
                try endField()
            case cr, lf:
                try endRecord()
                if byte == cr, index + 1 < bytes.count, bytes[index + 1] == lf { index += 1 }
            default:
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || column > 1 { try endRecord() }
        return grid.rows
    }
}
