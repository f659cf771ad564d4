public import DaigangCore

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

    /// Cuts the torn tail, if any, so appends continue after the last complete record.
    public func cutTornTail(in directory: StoreDirectory) throws(StoreError) {
        guard let tornTail else { return }
        try directory.truncate(tornTail.file, to: tornTail.offset)
    }
}
