/// The caps a spreadsheet upload must stay under; the caller passes them, the defaults suit a job sheet.
///
/// An upload is hostile until read: a 40 KB zip can inflate to gigabytes, an XML part can nest
/// without end, a cell reference can claim column 16,384. Each cap is checked while reading, never
/// against a size the file declares about itself.
public struct SheetLimits: Sendable, Equatable {
    /// The upload as received (compressed): 10 MiB holds a job sheet of 10,000 rows many times over.
    public var maxUploadBytes: Int = 10 << 20
    /// Entries in the zip's central directory; a workbook from Excel or WPS has 10 to 30.
    public var maxEntries: Int = 1_000
    /// Bytes one entry may inflate to, counted while inflating.
    public var maxEntryBytes: Int = 32 << 20
    /// Bytes all inflated entries together may reach (only the parts the reader needs are inflated).
    public var maxInflatedBytes: Int = 64 << 20
    /// Rows with content, header included.
    public var maxRows: Int = 10_000
    /// Columns (the furthest cell with content, A = 1).
    public var maxColumns: Int = 100
    /// Nesting depth of an XML part; a worksheet needs 5.
    public var maxXMLDepth: Int = 64
    /// Characters in one cell: Excel's own limit.
    public var maxCellLength: Int = 32_767

    public init() {}
}
