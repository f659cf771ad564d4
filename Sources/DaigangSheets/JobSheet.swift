public import DaigangCore

/// Turns the rows of an employer's job sheet into validated `Job`s — all of them or none.
///
/// The header row names the columns (Chinese as in the template, an alias, or the English field
/// name; see `JobColumn`); it is the first of the top five rows that has a 岗位名称 column, so a
/// title line above it is fine. Every data row becomes a `Job` checked by `CatalogValidation`, the
/// same rules as the config and the host console. Problems are collected, not thrown one by one:
/// a clerk fixes them all in one go. Blank rows are skipped.
public enum JobSheet {
    /// What an import is checked against: the session's employers and how new ids are made.
    public struct Context: Sendable {
        /// Employers a row may name (by name or by id).
        public var employers: [Employer]
        /// Registered credit codes by employer id: a row that gives a code must match.
        public var creditCodes: [String: CreditCode]
        /// A row without a 岗位编号 gets `idPrefix + row number`, so importing the same sheet again gives the same ids.
        public var idPrefix: String
        /// How many problems are listed before the rest are only counted.
        public var maxErrors: Int

        public init(employers: [Employer], creditCodes: [String: CreditCode] = [:], idPrefix: String = "row", maxErrors: Int = 500) {
            self.employers = employers
            self.creditCodes = creditCodes
            self.idPrefix = idPrefix
            self.maxErrors = maxErrors
        }
    }

    /// The jobs of every data row, in sheet order, or every problem found.
    public static func parse(rows: [[String]], context: Context) -> Result<[Job], SheetRejection> {
        var report = Report(cap: context.maxErrors)
        guard let headerIndex = rows.prefix(5).firstIndex(where: { $0.contains { JobColumn.matching($0)?.field == .title } }) else {
            report.add(RowError(row: 1, column: "", reason: "找不到表头：第一行应是“岗位名称”“企业名称”等列名，请用导入模板"))
            return .failure(report.rejection)
        }
        let header = Header(rows[headerIndex], row: headerIndex + 1, report: &report)
        guard report.isEmpty else { return .failure(report.rejection) }

        let reader = RowReader(header: header, context: context)
        var jobs: [Job] = []
        var rowOfID: [String: Int] = [:]
        var rowOfTitle: [String: Int] = [:]
        for index in rows.indices where index > headerIndex {
            let cells = rows[index]
            guard cells.contains(where: { !$0.trimmingWhitespace().isEmpty }) else { continue }
            let row = index + 1
            guard let job = reader.job(from: cells, row: row, report: &report) else { continue }
            if let first = rowOfID[job.id] {
                report.add(RowError(row: row, column: header.name(of: .id), reason: "岗位编号与第\(first)行重复"))
            }
            let titleKey = job.employerId + "\u{0}" + job.title
            if let first = rowOfTitle[titleKey] {
                report.add(RowError(row: row, column: header.name(of: .title), reason: "与第\(first)行重复（同一企业的同名岗位）"))
            }
            rowOfID[job.id] = rowOfID[job.id] ?? row
            rowOfTitle[titleKey] = rowOfTitle[titleKey] ?? row
            jobs.append(job)
        }
        if jobs.isEmpty, report.isEmpty {
            report.add(RowError(row: headerIndex + 2, column: "", reason: "表里没有岗位：表头下面一行起填写"))
        }
        return report.isEmpty ? .success(jobs) : .failure(report.rejection)
    }
}

/// Problems found so far, listed up to a cap and counted beyond it.
struct Report {
    let cap: Int
    private(set) var errors: [RowError] = []
    private(set) var omitted = 0

    init(cap: Int) { self.cap = cap }

    var isEmpty: Bool { errors.isEmpty }
    var rejection: SheetRejection { SheetRejection(errors: errors, omitted: omitted) }

    mutating func add(_ error: RowError) {
        if errors.count < cap { errors.append(error) } else { omitted += 1 }
    }
}

/// The header row: which column index fills which field, and the header text the sheet used.
struct Header {
    private(set) var columns: [(index: Int, column: JobColumn, text: String)] = []
    /// Cell index by field, looked up for every cell of every row.
    private var indexOf: [JobColumn.Field: Int] = [:]

    init(_ cells: [String], row: Int, report: inout Report) {
        for (index, cell) in cells.enumerated() {
            let text = cell.trimmingWhitespace()
            guard !text.isEmpty else { continue }
            guard let column = JobColumn.matching(text) else {
                report.add(RowError(row: row, column: text, reason: "不认识这个列名，请用导入模板里的列名（多余的列请删去）"))
                continue
            }
            if let earlier = columns.first(where: { $0.column.field == column.field }) {
                report.add(RowError(row: row, column: text, reason: "与“\(earlier.text)”是同一列，只能留一个"))
                continue
            }
            columns.append((index, column, text))
            indexOf[column.field] = index
        }
        for column in JobColumn.all where column.isRequired && !columns.contains(where: { $0.column.field == column.field }) {
            report.add(RowError(row: row, column: column.header, reason: "缺少这一列（必填）"))
        }
    }

    /// The header text the sheet uses for a field, or the template's when the sheet has no such column.
    func name(of field: JobColumn.Field) -> String {
        columns.first { $0.column.field == field }?.text ?? JobColumn.all.first { $0.field == field }?.header ?? field.rawValue
    }

    func value(of field: JobColumn.Field, in cells: [String]) -> String? {
        guard let index = indexOf[field], index < cells.count else { return nil }
        let text = cells[index].trimmingWhitespace()
        return text.isEmpty ? nil : text
    }
}
