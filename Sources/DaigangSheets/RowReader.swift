import DaigangCore

/// Reads one data row of a job sheet into a `Job`, reporting each cell it cannot take.
struct RowReader {
    let header: Header
    let context: JobSheet.Context
    /// For `CatalogValidation`, which needs only the id and the display name.
    private let employersByID: [String: Employer]
    /// Employers by name and by id, as a row may name them.
    private let employersByName: [String: Employer]

    init(header: Header, context: JobSheet.Context) {
        self.header = header
        self.context = context
        employersByID = Dictionary(context.employers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        employersByName = Dictionary(context.employers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            .merging(employersByID, uniquingKeysWith: { byName, _ in byName })
    }

    /// The row's job, or nil after reporting why not.
    func job(from cells: [String], row: Int, report: inout Report) -> Job? {
        var cell = CellReader(header: header, cells: cells, row: row)
        let title = cell.required(.title)
        let employer = cell.required(.employer).flatMap { name -> Employer? in
            guard let employer = employersByName[name] else {
                cell.fail(.employer, "没有这家企业：请核对企业名称，或先登记这家企业")
                return nil
            }
            return employer
        }
        if let text = cell.text(.creditCode) {
            do {
                let code = try CreditCode(text)
                if let employer, let registered = context.creditCodes[employer.id], registered != code {
                    cell.fail(.creditCode, "与这家企业登记的信用代码不一致")
                }
            } catch {
                cell.fail(.creditCode, error.description)
            }
        }
        let payMin = cell.required(.payMin).flatMap { cell.integer($0, .payMin, unit: "元") }
        let payMax = cell.text(.payMax).flatMap { cell.integer($0, .payMax, unit: "元") }
        let payUnit = cell.required(.payUnit).flatMap { word -> PayUnit? in
            let found = JobColumn.payUnits.first { $0.word == word || $0.aliases.contains(word) || $0.unit == word.lowercased() }
            guard let found, let unit = PayUnit(rawValue: found.unit) else {
                cell.fail(.payUnit, "只能填 月、天、小时 或 计件")
                return nil
            }
            return unit
        }
        let city = cell.required(.city)
        let headcount = cell.text(.headcount).flatMap { cell.integer($0, .headcount, unit: "人") }
        let ageMin = cell.text(.ageMin).flatMap { cell.integer($0, .ageMin, unit: "岁") }
        let ageMax = cell.text(.ageMax).flatMap { cell.integer($0, .ageMax, unit: "岁") }
        if (cell.text(.ageMin) == nil) != (cell.text(.ageMax) == nil) {
            cell.fail(cell.text(.ageMin) == nil ? .ageMin : .ageMax, "最低年龄和最高年龄要一起填（不限就都空着）")
        }
        let dorm = cell.text(.dorm).flatMap { cell.yesNo($0, .dorm) }
        let coupleRooms = cell.text(.coupleRooms).flatMap { cell.yesNo($0, .coupleRooms) }
        let id = cell.text(.id) ?? "\(context.idPrefix)\(row)"

        guard cell.errors.isEmpty, let title, let employer, let payMin, let payUnit, let city else {
            cell.errors.forEach { report.add($0) }
            return nil
        }
        var job = Job(id: id, title: title, employerId: employer.id,
                      pay: Pay(min: payMin, max: payMax ?? payMin, unit: payUnit, note: cell.text(.payNote)),
                      location: Location(city: city, district: cell.text(.district), address: cell.text(.address)))
        job.category = cell.text(.category)
        job.shift = cell.text(.shift)
        job.headcount = headcount
        if dorm != nil || coupleRooms != nil || cell.text(.housingNote) != nil {
            job.housing = Housing(dorm: dorm ?? false, coupleRooms: coupleRooms ?? false, note: cell.text(.housingNote))
        }
        job.meals = cell.text(.meals)
        job.socialInsurance = cell.text(.socialInsurance)
        if let ageMin, let ageMax { job.ageRange = AgeRange(min: ageMin, max: ageMax) }
        job.requirements = cell.text(.requirements).map { Self.list($0, separators: "\n;；") }
        job.benefits = cell.text(.benefits).map { Self.list($0, separators: "\n;；") }
        job.tags = cell.text(.tags).map { Self.list($0, separators: "\n;；,，、/ ") }
        do {
            return try CatalogValidation.validate(job, prefix: "job", employers: employersByID)
        } catch {
            let field = ValidationReason.field(error.field)
            report.add(RowError(row: row, column: header.name(of: field), reason: ValidationReason.chinese(error.reason)))
            return nil
        }
    }

    /// Items of a list cell: one per line or per separator, blanks dropped.
    static func list(_ text: String, separators: String) -> [String] {
        text.split(whereSeparator: { separators.contains($0) }).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

/// The cells of one row, read by field, with the problems found so far.
struct CellReader {
    let header: Header
    let cells: [String]
    let row: Int
    var errors: [RowError] = []

    init(header: Header, cells: [String], row: Int) {
        self.header = header
        self.cells = cells
        self.row = row
    }

    func text(_ field: JobColumn.Field) -> String? { header.value(of: field, in: cells) }

    mutating func required(_ field: JobColumn.Field) -> String? {
        guard let value = text(field) else {
            fail(field, "必填，不能空着")
            return nil
        }
        return value
    }

    mutating func fail(_ field: JobColumn.Field, _ reason: String) {
        errors.append(RowError(row: row, column: header.name(of: field), reason: reason))
    }

    /// A whole number, allowing thousands separators and a trailing unit word ("6,500元", "50人").
    mutating func integer(_ text: String, _ field: JobColumn.Field, unit: String) -> Int? {
        var digits = text.filter { $0 != "," && $0 != "，" }
        if digits.hasSuffix(unit) { digits.removeLast(unit.count) }
        if let value = Int(digits) { return value }
        if let value = Double(digits), value.isFinite, value == value.rounded(), abs(value) < 1e9 { return Int(value) }
        fail(field, "应填整数（\(unit)），如 \(field == .payMin || field == .payMax ? "6500" : "20")")
        return nil
    }

    mutating func yesNo(_ text: String, _ field: JobColumn.Field) -> Bool? {
        switch text.uppercased() {
        case "是", "有", "包", "提供", "Y", "YES", "TRUE", "1", "√", "✓": return true
        case "否", "无", "没有", "不包", "不提供", "N", "NO", "FALSE", "0", "×", "✗": return false
        default:
            fail(field, "只能填 是 或 否")
            return nil
        }
    }
}
