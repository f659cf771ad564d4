public import Foundation

/// The job sheet handed to employers to fill in: `GET /api/admin/jobs-template.xlsx`.
///
/// Sheet 1 "岗位" has the columns of `JobColumn.all` (required ones marked `*`, which the reader
/// ignores), one example row, drop-downs for 计薪方式 and 工种类别 over the first 1,000 rows and a
/// frozen header; sheet 2 "填写说明" explains each column.
public enum JobSheetTemplate {
    /// Rows the drop-downs cover (header excluded).
    static let validatedRows = 2...1001

    public static func workbook() -> Data {
        XLSXWriter(sheets: [jobsSheet(), instructionsSheet()]).data()
    }

    static func jobsSheet() -> Worksheet {
        let columns = JobColumn.all
        let header = columns.map { Worksheet.Cell.text($0.isRequired ? $0.header + "*" : $0.header) }
        let example = columns.map { column -> Worksheet.Cell in
            switch column.field {
            case .payMin, .payMax, .headcount, .ageMin, .ageMax: Int(column.example).map(Worksheet.Cell.integer) ?? .empty
            case .creditCode, .id: .forcedText(column.example)
            default: column.example.isEmpty ? .empty : .text(column.example)
            }
        }
        func position(_ field: JobColumn.Field) -> Int { (columns.firstIndex { $0.field == field } ?? 0) + 1 }
        return Worksheet(
            name: "岗位",
            rows: [header, example],
            columnWidths: columns.map(\.width),
            validations: [
                .init(column: position(.payUnit), rows: validatedRows, values: JobColumn.payUnits.map(\.word)),
                .init(column: position(.category), rows: validatedRows, values: JobColumn.categories),
                .init(column: position(.dorm), rows: validatedRows, values: ["是", "否"]),
                .init(column: position(.coupleRooms), rows: validatedRows, values: ["是", "否"]),
            ]
        )
    }

    static func instructionsSheet() -> Worksheet {
        var rows: [[Worksheet.Cell]] = [[.text("列名"), .text("是否必填"), .text("怎么填")]]
        for column in JobColumn.all {
            rows.append([.text(column.header), .text(column.isRequired ? "必填" : "选填"), .text(help(column.field))])
        }
        rows.append([])
        rows.append([.text("第2行是示例，导入前请改成真实岗位或删去。一个文件要么全部导入，要么一条都不导入：有错会逐行列出。")])
        return Worksheet(name: "填写说明", rows: rows, columnWidths: [18, 10, 60])
    }

    static func help(_ field: JobColumn.Field) -> String {
        switch field {
        case .title: "岗位的名字，最多100字"
        case .employer: "已登记的企业名称（或企业编号）"
        case .creditCode: "18位，填了会核对校验位和登记的代码"
        case .category: "从下拉列表里选，也可以自己写"
        case .payMin: "整数，单位元"
        case .payMax: "整数，单位元；不填就等于工资下限"
        case .payUnit: "月、天、小时 或 计件"
        case .city, .district: "最多40字"
        case .headcount: "整数，1 到 100000"
        case .dorm, .coupleRooms: "是 或 否"
        case .ageMin, .ageMax: "16 到 70；两格要一起填，不限就都空着"
        case .requirements, .benefits: "多条用分号（；）或换行隔开，最多20条"
        case .tags: "多个用顿号（、）隔开，最多10个，每个最多20字"
        case .id: "可不填，系统按行号生成；填的话只用字母、数字、_ 或 -"
        default: "可不填"
        }
    }
}
