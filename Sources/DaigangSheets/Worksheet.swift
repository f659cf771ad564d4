public import Foundation

/// One sheet for `XLSXWriter`: rows of typed cells, the first row optionally a bold, frozen header.
public struct Worksheet: Sendable {
    /// A cell's value; the type decides how Excel shows and sorts it.
    public enum Cell: Sendable, Equatable {
        /// Text; Excel never turns it into a number or a date.
        case text(String)
        /// Text the clerk may edit without Excel reinterpreting it: phone numbers, ids, codes
        /// (a text cell with the `@` number format, so 13800138000 stays 13800138000, not 1.38E+10).
        case forcedText(String)
        case number(Double)
        case integer(Int)
        /// A moment shown as local date and time (`yyyy-mm-dd hh:mm`) in `XLSXWriter.timeZone`.
        case dateTime(Date)
        case bool(Bool)
        case empty
    }

    /// A drop-down list on part of a column: Excel refuses other values typed there.
    public struct ListValidation: Sendable, Equatable {
        /// 1-based column.
        public var column: Int
        /// 1-based rows it covers.
        public var rows: ClosedRange<Int>
        /// The choices; none may contain a comma or a double quote, and together they stay under
        /// 255 characters (Excel's limit for a list written inline).
        public var values: [String]

        public init(column: Int, rows: ClosedRange<Int>, values: [String]) {
            precondition(!values.contains { $0.contains(",") || $0.contains("\"") }, "list values may not contain , or \"")
            precondition(values.joined(separator: ",").count <= 255, "an inline list is at most 255 characters")
            self.column = column
            self.rows = rows
            self.values = values
        }
    }

    /// Shown on the tab; `XLSXWriter` replaces characters Excel forbids and keeps 31 characters.
    public var name: String
    public var rows: [[Cell]]
    /// Column widths in characters, from column A; columns beyond keep Excel's default.
    public var columnWidths: [Double]
    /// The first row is bold and stays in view while scrolling.
    public var hasHeader: Bool
    public var validations: [ListValidation]

    public init(name: String, rows: [[Cell]] = [], columnWidths: [Double] = [], hasHeader: Bool = true, validations: [ListValidation] = []) {
        self.name = name
        self.rows = rows
        self.columnWidths = columnWidths
        self.hasHeader = hasHeader
        self.validations = validations
    }
}
