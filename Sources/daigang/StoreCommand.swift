import ArgumentParser
import DaigangCore
import DaigangStore

/// `daigang store verify|repair`: check a data directory offline.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Check or repair the lead store offline (stop the server first).",
        subcommands: [Verify.self, Repair.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read every record as start-up would; change nothing.")
        @OptionGroup var location: DataDirOptions

        func run() throws {
            let directory = StoreDirectory(path: try location.resolve())
            let recovery: StoreRecovery
            do {
                recovery = try StoreRecovery.read(directory)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            if let torn = recovery.tornTail {
                printError("torn tail in \(directory.file(torn.file)) at byte offset \(torn.offset): an incomplete last record from a crash; `daigang store repair` cuts it")
                throw ExitCode(1)
            }
            printLine("store ok: \(recovery.records.count) record(s) in \(directory.path)")
        }
    }

    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cut a torn tail (an incomplete last record). Never skips a corrupted record.")
        @OptionGroup var location: DataDirOptions

        func run() throws {
            let directory = StoreDirectory(path: try location.resolve())
            do {
                let recovery = try StoreRecovery.read(directory)
                guard let torn = recovery.tornTail else {
                    printLine("nothing to repair: \(recovery.records.count) record(s) in \(directory.path)")
                    return
                }
                try recovery.cutTornTail(in: directory)
                printLine("cut the torn tail of \(directory.file(torn.file)) at byte offset \(torn.offset); \(recovery.records.count) record(s) kept")
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
    }
}

/// Reads a data directory for the offline commands, refusing a damaged one.
func readBook(at path: String) throws -> LeadBook {
    do {
        let recovery = try StoreRecovery.read(StoreDirectory(path: path))
        let book = LeadBook()
        recovery.records.forEach(book.apply)
        return book
    } catch {
        printError(error.description)
        throw ExitCode(1)
    }
}
