import ArgumentParser
import DaigangCore
import DaigangStore
import Foundation

/// `daigang leads export`: an employer's leads from a data directory, offline.
struct LeadsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "leads", abstract: "Work with leads offline.", subcommands: [Export.self, Purge.self])

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

extension LeadsCommand {
    /// `daigang leads purge --before DATE`: erases the personal data of leads created before a
    /// Beijing day, offline, through the same `leads_erased` record and audit entries the
    /// server's daily retention sweep writes.
    ///
    /// It takes the data directory's lock, so it refuses while a server runs (the server sweeps
    /// by itself; stop it to purge earlier than the configured period).
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase names, phones, hometowns and notes of leads created before a day (Beijing time); counts stay. Refuses while a server runs."
        )

        @Option(help: "A day YYYY-MM-DD (Beijing time): leads created before it are erased.") var before: String
        @OptionGroup var location: DataDirOptions

        func run() throws {
            guard let day = CalendarDate(before) else {
                printError("--before must be a date YYYY-MM-DD, e.g. 2026-06-01")
                throw ExitCode(2)
            }
            let done = DispatchSemaphore(value: 0)
            let store: LeadStore
            let book: LeadBook
            do {
                (store, book) = try LeadStore.open(
                    directory: try location.resolve(), compactAfterBytes: .max, faultFile: nil,
                    report: { printError($0) }, wake: { done.signal() }
                )
            } catch let error as StoreError {
                printError(error.description)
                throw ExitCode(1)
            }
            defer { store.shutdown() }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let records = RetentionPolicy.erasure(of: book, before: day, at: now)
            let erased = records.reduce(0) { count, record in
                if case .leadsErased(let ids, _) = record { return count + ids.count }
                return count
            }
            guard erased > 0 else {
                printLine("nothing to purge: no lead created before \(day) still has personal data")
                return
            }
            store.submit(records, token: 1)
            while true {
                done.wait()
                for case .written(let completion) in store.takeCompletions() where completion.token == 1 {
                    guard completion.isDurable else {
                        printError("the store could not write the erasure; nothing was erased")
                        throw ExitCode(1)
                    }
                    printLine("purged \(erased) lead(s) created before \(day); counts kept, audit recorded")
                    return
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
            let before = entry.before.map { "\tbefore \($0)" } ?? ""
            printLine("\(when)\t\(entry.employerId)\t\(entry.action.rawValue)\t\(entry.leadIds.joined(separator: ","))\(before)")
        }
    }
}
