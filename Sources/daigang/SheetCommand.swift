import ArgumentParser
import DaigangCore
import DaigangSheets
import Foundation

/// `daigang sheet check|template`: the job-sheet import offline, for operators and tests.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Check a job sheet (.xlsx or .csv) or write the template employers fill in.",
        subcommands: [Check.self, Template.self, Sample.self]
    )

    /// `daigang sheet check FILE [--config PATH] [--rows] [--json]`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a sheet as the import would. Exit 1: the file cannot be read; exit 2: rows have problems (with --config)."
        )

        @Argument(help: "The .xlsx or .csv file.")
        var path: String

        @Option(help: "Also check the rows as jobs against this config's employers.")
        var config: String?

        @Flag(help: "Print the rows read, as a JSON array of arrays of strings.")
        var rows = false

        @Flag(help: "Print problems as JSON ({\"errors\": [{row, column, reason}], \"omitted\": N}).")
        var json = false

        func run() throws {
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("cannot read \(path)")
                throw ExitCode(1)
            }
            let table: [[String]]
            do {
                table = try SheetReader.rows(fromUpload: data)
            } catch {
                printError("\(error.message) (\(error.description))")
                throw ExitCode(1)
            }
            if rows { printLine(String(decoding: try JSONEncoder().encode(table), as: UTF8.self)) }
            guard let config else {
                if !rows { printLine("sheet ok: \(table.count) row(s), \(table.map(\.count).max() ?? 0) column(s)") }
                return
            }
            let loaded: LoadedConfig
            do {
                loaded = try LoadedConfig(path: config)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            switch JobSheet.parse(rows: table, context: JobSheet.Context(employers: loaded.config.employers)) {
            case .success(let jobs):
                printLine("sheet ok: \(jobs.count) job(s)")
            case .failure(let rejection):
                if json {
                    printLine(String(decoding: try JSONEncoder().encode(rejection), as: UTF8.self))
                } else {
                    rejection.errors.forEach { printLine($0.description) }
                    if rejection.omitted > 0 { printLine("还有 \(rejection.omitted) 处问题未列出") }
                }
                throw ExitCode(2)
            }
        }
    }

    /// `daigang sheet template OUT`.
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the job-sheet template (.xlsx) employers fill in.")

        @Argument(help: "Where to write the .xlsx file.")
        var output: String

        func run() throws {
            do {
                try JobSheetTemplate.workbook().write(to: URL(fileURLWithPath: output))
            } catch {
                printError("cannot write \(output): \(error)")
                throw ExitCode(1)
            }
            printLine("wrote \(output)")
        }
    }

    /// `daigang sheet sample OUT`: a two-sheet workbook with every kind of cell, for the writer's tests.
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a sample workbook with every cell type (for tests).", shouldDisplay: false
        )

        @Argument(help: "Where to write the .xlsx file.")
        var output: String

        func run() throws {
            // 2026-12-02 00:00 UTC, shown as 08:00 Beijing time.
            let applied = Date(timeIntervalSince1970: 1_796_169_600)
            let leads = Worksheet(name: "线索", rows: [
                [.text("姓名"), .text("手机"), .text("线索编号"), .text("期望月薪"), .text("报名时间"), .text("已到岗")],
                [.text("张三"), .forcedText("13800138000"), .forcedText("L000042"), .integer(6500), .dateTime(applied), .bool(true)],
                [.text("李四"), .forcedText("00861390000"), .forcedText("L000043"), .number(5200.5), .dateTime(applied.addingTimeInterval(90)), .bool(false)],
            ], columnWidths: [10, 16, 12, 10, 18, 8])
            let summary = Worksheet(name: "汇总", rows: [[.text("企业"), .text("线索数")], [.text("华强电子有限公司"), .integer(2)]], columnWidths: [24, 10])
            do {
                try XLSXWriter(sheets: [leads, summary]).data().write(to: URL(fileURLWithPath: output))
            } catch {
                printError("cannot write \(output): \(error)")
                throw ExitCode(1)
            }
        }
    }
}
