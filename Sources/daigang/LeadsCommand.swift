import ArgumentParser
import DaigangCore
import Foundation

/// `daigang leads export`: an employer's leads from a data directory, offline.
struct LeadsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "leads", abstract: "Work with leads offline.", subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print an employer's leads (newest first) as CSV or JSON lines.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

        @Option(help: "The employer id.") var employer: String
        @Option(help: "csv or jsonl.") var format: Format = .csv
        @OptionGroup var location: DataDirOptions

        func run() throws {
            let book = try readBook(at: try location.resolve())
            let leads = book.leads(matching: LeadFilter(employerId: employer))
            switch format {
            case .csv:
                FileHandle.standardOutput.write(Data(LeadCSV.render(leads)))
            case .jsonl:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                for lead in leads {
                    FileHandle.standardOutput.write(try encoder.encode(LeadView.detailed(lead)) + Data("\n".utf8))
                }
            }
        }
    }
}

/// `daigang audit`: who looked at or exported which leads.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "List HR's views, exports and follow-ups of leads.")

    @Option(help: "Only this employer.") var employer: String?
    @OptionGroup var location: DataDirOptions

    func run() throws {
        let book = try readBook(at: try location.resolve())
        for entry in book.audit where employer == nil || entry.employerId == employer {
            let when = Date(timeIntervalSince1970: Double(entry.at) / 1000).ISO8601Format()
            printLine("\(when)\t\(entry.employerId)\t\(entry.action.rawValue)\t\(entry.leadIds.joined(separator: ","))")
        }
    }
}
