import ArgumentParser
import DaigangCore
import DaigangSheets
import Foundation

/// `daigang sheet check|template`: the job-sheet import offline, for operators and tests.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Check a job sheet (.xlsx or .csv) or write the template employers fill in.",
        subcommands: [Check.self, Template.self]
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
}
