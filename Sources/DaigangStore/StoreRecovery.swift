public import DaigangCore
import Foundation

/// Reads a data directory as start-up does: the newest snapshot, then every later journal.
public struct StoreRecovery: Sendable {
    /// Records read.
    public var recordCount = 0
    /// The journal new records go to.
    public var currentJournal = 1
    /// A torn tail found at the end of the current journal: file name and offset.
    public var tornTail: (file: String, offset: Int)?
    public var snapshot: Int?
    public var journalsRead: [Int] = []

    /// Reads without changing anything, handing every record to `each` in order; throws
    /// `corrupted` for damage that is not a torn tail.
    ///
    /// A reader that does not hold the lock (`store verify`, `leads export`) can race a running
    /// server's compaction, which deletes files this listed: it then gets an `io` error with
    /// ENOENT and reads again from scratch.
    /// - Parameter removingTemporaryFiles: true only for the lock holder at start-up (verify changes nothing).
    public static func read(
        _ directory: StoreDirectory, removingTemporaryFiles: Bool = false, each: (StoreRecord) -> Void
    ) throws(StoreError) -> StoreRecovery {
        var recovery = StoreRecovery()
        let (journals, snapshots) = try directory.list(removingTemporaryFiles: removingTemporaryFiles)
        if let newest = snapshots.last {
            let name = StoreDirectory.snapshotName(newest)
            let scan = try JournalScan.scan(path: directory.file(name), allowTornTail: false, each: each)
            recovery.recordCount = scan.recordCount
            recovery.snapshot = newest
        }
        let base = recovery.snapshot ?? 0
        let toRead = journals.filter { $0 > base }
        for number in toRead {
            let name = StoreDirectory.journalName(number)
            let isLast = number == toRead.last
            let scan = try JournalScan.scan(path: directory.file(name), allowTornTail: isLast, each: each)
            recovery.recordCount += scan.recordCount
            if let offset = scan.tornTailOffset { recovery.tornTail = (name, offset) }
        }
        recovery.journalsRead = toRead
        recovery.currentJournal = toRead.last ?? base + 1
        return recovery
    }

    /// Roughly how many leads `read` will find: the bytes it will read over a typical lead line
    /// (~250 bytes), rounded down so that memory is not reserved for records that are no leads.
    public static func estimatedLeadCount(_ directory: StoreDirectory) -> Int {
        guard let (journals, snapshots) = try? directory.list() else { return 0 }
        let base = snapshots.last ?? 0
        let names = snapshots.suffix(1).map(StoreDirectory.snapshotName) + journals.filter { $0 > base }.map(StoreDirectory.journalName)
        let bytes = names.reduce(0) { total, name in
            var info = stat()
            return total + (stat(directory.file(name), &info) == 0 ? Int(info.st_size) : 0)
        }
        return bytes / 300
    }

    /// Cuts the torn tail, if any, so appends continue after the last complete record.
    public func cutTornTail(in directory: StoreDirectory) throws(StoreError) {
        guard let tornTail else { return }
        try directory.truncate(tornTail.file, to: tornTail.offset)
    }
}
