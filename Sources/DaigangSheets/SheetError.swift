/// Why an uploaded spreadsheet could not be read: a kind to branch on, a Chinese message for the
/// clerk, and an English detail for the log.
///
/// Reading never half-succeeds: any of these means no row was taken.
public struct SheetError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The upload is larger than `SheetLimits.maxUploadBytes`.
        case tooLarge
        /// Not a zip and not text: e.g. a PDF.
        case notASpreadsheet
        /// A picture (PNG, JPEG, GIF) with a spreadsheet's name.
        case image
        /// An OLE2 compound file (magic D0 CF 11 E0): a legacy .xls, or an .xlsx saved with a password.
        case legacyOrEncrypted
        /// A zip file that is not a workbook, or a zip that cannot be read.
        case notAWorkbook
        /// More zip entries than `SheetLimits.maxEntries`.
        case tooManyEntries
        /// A part inflates past `maxEntryBytes`, or all parts past `maxInflatedBytes` (a zip bomb).
        case inflatedTooLarge
        /// More rows with content than `SheetLimits.maxRows`.
        case tooManyRows
        /// A cell beyond `SheetLimits.maxColumns`.
        case tooManyColumns
        /// A cell longer than `SheetLimits.maxCellLength`.
        case cellTooLong
        /// XML nested deeper than `SheetLimits.maxXMLDepth`.
        case tooDeep
        /// A DOCTYPE or ENTITY declaration (billion laughs, external entities).
        case xmlDeclaration
        /// XML that is not well formed.
        case malformedXML
        /// XML that is not UTF-8.
        case xmlEncoding
        /// A CSV file in neither UTF-8 nor GB18030.
        case textEncoding
        /// A CSV file with a quote that never closes, or text after a closing quote.
        case malformedCSV
        /// No row with content at all.
        case empty
    }

    public let kind: Kind
    /// Technical detail (part name, byte offset, sizes) in English, for logs; never contains cell text.
    public let detail: String

    public init(_ kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// What the clerk is told, in Chinese, with what to do next.
    public var message: String {
        switch kind {
        case .tooLarge: "文件太大，请删去多余内容后再传"
        case .notASpreadsheet: "这不是表格文件，请上传 .xlsx 或 .csv"
        case .image: "这是图片，不是表格，请上传 .xlsx 或 .csv"
        case .legacyOrEncrypted: "这是旧版 .xls 或设了密码的表格，请在 Excel 里另存为 .xlsx（不设密码）或 .csv"
        case .notAWorkbook: "文件打不开，不是 Excel 表格（.xlsx），请重新保存后再传"
        case .tooManyEntries, .inflatedTooLarge: "表格内容太多，打不开，请只保留岗位这一张表"
        case .tooManyRows: "行数太多，一次最多导入 1 万行，请分几次导入"
        case .tooManyColumns: "列数太多，请只保留模板里的列"
        case .cellTooLong: "有单元格内容太长，请删减后再传"
        case .tooDeep, .xmlDeclaration, .malformedXML, .xmlEncoding: "表格文件已损坏或格式不对，请用 Excel 或 WPS 另存为 .xlsx 再传"
        case .textEncoding: "CSV 文件的文字编码认不出，请另存为 “CSV UTF-8” 再传"
        case .malformedCSV: "CSV 文件里的引号不配对，请用 Excel 重新保存后再传"
        case .empty: "表格是空的"
        }
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}
