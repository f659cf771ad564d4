/// One problem in an imported sheet, where the clerk can find it: the row number as the sheet shows
/// it, the column's header as the sheet writes it, and what is wrong, in Chinese.
public struct RowError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// 1-based, as in Excel; 0 for a problem with the sheet as a whole.
    public var row: Int
    /// The header text of the column ("" when the problem is the whole row or sheet).
    public var column: String
    public var reason: String

    public init(row: Int, column: String, reason: String) {
        self.row = row
        self.column = column
        self.reason = reason
    }

    public var description: String { column.isEmpty ? "第\(row)行：\(reason)" : "第\(row)行“\(column)”：\(reason)" }
}

/// Why an import took nothing: every problem found (up to a cap), so the clerk can fix them in one go.
public struct SheetRejection: Error, Sendable, Equatable, Codable {
    public var errors: [RowError]
    /// Problems found beyond the cap and not listed.
    public var omitted: Int

    public init(errors: [RowError], omitted: Int = 0) {
        self.errors = errors
        self.omitted = omitted
    }
}
