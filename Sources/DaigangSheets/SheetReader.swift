public import Foundation
import DaigangCore

/// Turns an uploaded spreadsheet (.xlsx or .csv) into rows of strings: the one entry point.
///
/// Row `i` of the result is the sheet's row `i + 1` (empty rows in between stay, as empty arrays,
/// so row numbers in error messages match what the clerk sees); trailing empty rows are dropped.
/// Nothing here does I/O: the caller hands over the bytes and the limits.
public enum SheetReader {
    /// What the bytes are, judged by their first bytes rather than the file name.
    public enum Format: Sendable, Equatable {
        case xlsx, csv
    }

    /// Reads either format, recognised by its content.
    public static func rows(fromUpload data: Data, limits: SheetLimits = SheetLimits()) throws(SheetError) -> [[String]] {
        switch try format(of: data, limits: limits) {
        case .xlsx: try readXLSX(data, limits: limits)
        case .csv: try CSVReader.rows(data, limits: limits)
        }
    }

    /// Reads the first worksheet of an .xlsx workbook.
    public static func rows(fromXLSX data: Data, limits: SheetLimits = SheetLimits()) throws(SheetError) -> [[String]] {
        guard try format(of: data, limits: limits) == .xlsx else {
            throw SheetError(.notAWorkbook, detail: "not a zip archive")
        }
        return try readXLSX(data, limits: limits)
    }

    /// Reads a CSV file (RFC 4180; UTF-8 with or without BOM, or GB18030 as Excel on a Chinese Windows saves it).
    public static func rows(fromCSV data: Data, limits: SheetLimits = SheetLimits()) throws(SheetError) -> [[String]] {
        _ = try format(of: data, limits: limits)
        return try CSVReader.rows(data, limits: limits)
    }

    /// Judges the upload by size and magic bytes; refuses what cannot be a sheet with the reason why.
    public static func format(of data: Data, limits: SheetLimits = SheetLimits()) throws(SheetError) -> Format {
        guard data.count <= limits.maxUploadBytes else {
            throw SheetError(.tooLarge, detail: "\(data.count) bytes, over \(limits.maxUploadBytes)")
        }
        let head = [UInt8](data.prefix(8))
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return .xlsx }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw SheetError(.legacyOrEncrypted, detail: "OLE2 compound file")
        }
        if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts(Array("GIF8".utf8)) {
            throw SheetError(.image, detail: "image magic bytes")
        }
        if starts([0xFF, 0xFE]) || starts([0xFE, 0xFF]) {
            throw SheetError(.textEncoding, detail: "UTF-16 text")
        }
        if starts(Array("%PDF".utf8)) || data.prefix(4096).contains(0) {
            throw SheetError(.notASpreadsheet, detail: "binary content")
        }
        return .csv
    }

    private static func readXLSX(_ data: Data, limits: SheetLimits) throws(SheetError) -> [[String]] {
        var reader = try XLSXReader(data, limits: limits)
        return try trimmed(reader.firstSheetRows())
    }

    /// Drops trailing rows without content.
    static func trimmed(_ rows: [[String]]) throws(SheetError) -> [[String]] {
        var rows = rows
        while let last = rows.last, last.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { rows.removeLast() }
        guard !rows.isEmpty else { throw SheetError(.empty, detail: "no row with content") }
        return rows
    }
}
