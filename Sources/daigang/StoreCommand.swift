import ArgumentParser
import DaigangCore
import DaigangStore
import Foundation

/// `daigang store verify|repair`: check a data directory offline.
///
/// `repair` writes, so it takes the data directory's lock like `serve` (and refuses while a
/// server runs); `verify`, `leads export` and `audit` only read and take no lock (see
/// `readRecovering`).
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Check, repair or back up the lead store (repair refuses while a server runs; backup does not).",
        subcommands: [Verify.self, Repair.self, Backup.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read every record as start-up would; change nothing.")
        @OptionGroup var location: DataDirOptions

        func run() throws {
            let directory = StoreDirectory(path: try location.resolve())
            let recovery = try readRecovering(directory, each: { _ in })
            if let torn = recovery.tornTail {
                printError("torn tail in \(directory.file(torn.file)) at byte offset \(torn.offset): an incomplete last record from a crash (or a write in progress, if a server is running); `daigang store repair` cuts it")
                throw ExitCode(1)
            }
            printLine("store ok: \(recovery.recordCount) record(s) in \(directory.path)")
        }
    }

    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cut a torn tail (an incomplete last record). Never skips a corrupted record.")
        @OptionGroup var location: DataDirOptions

        func run() throws {
            let directory = StoreDirectory(path: try location.resolve())
            do {
                let lock = try StoreLock.acquire(directory)
                defer { lock.release() }
                let recovery = try StoreRecovery.read(directory, each: { _ in })
                guard let torn = recovery.tornTail else {
                    printLine("nothing to repair: \(recovery.recordCount) record(s) in \(directory.path)")
                    return
                }
                try recovery.cutTornTail(in: directory)
                printLine("cut the torn tail of \(directory.file(torn.file)) at byte offset \(torn.offset); \(recovery.recordCount) record(s) kept")
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
    }
}

extension StoreCommand {
    /// `daigang store backup DIR`: a consistent copy while the server keeps serving (see `StoreBackup`).
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the store into a new or empty directory, also while a server runs; `store verify --data-dir DIR` accepts the copy and `serve` starts from it."
        )
        @Argument(help: "The directory to copy into: new or empty, outside the data directory.")
        var target: String
        @OptionGroup var location: DataDirOptions

        func run() throws {
            let directory = StoreDirectory(path: try location.resolve())
            do {
                let backup = try StoreBackup.copy(from: directory, to: target)
                let cut = backup.cutBytes > 0 ? "; cut \(backup.cutBytes) byte(s) of a record being written" : ""
                printLine("backup ok: \(backup.recordCount) record(s) in \(backup.fileCount) file(s), \(backup.byteCount) bytes, from \(directory.path) to \(target)\(cut)")
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
    }
}

/// Reads a data directory for the offline commands, refusing a damaged one.
func readBook(at path: String) throws -> LeadBook {
    var book = LeadBook()
    _ = try readRecovering(StoreDirectory(path: path), restart: { _ in book = LeadBook() }, each: { book.apply($0) })
    return book
}

/// Reads a directory without its lock, as a reader beside a running server: when a compaction
/// deletes a file between the listing and the read (ENOENT), it starts again (`restart` is called
/// before each attempt after the first). Prints the error and exits 1 for anything else.
func readRecovering(
    _ directory: StoreDirectory, restart: (Int) -> Void = { _ in }, each: (StoreRecord) -> Void
) throws -> StoreRecovery {
    var attempt = 0
    while true {
        do {
            return try StoreRecovery.read(directory, each: each)
        } catch where error.errno == ENOENT && attempt < 5 {
            attempt += 1
            restart(attempt)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}
