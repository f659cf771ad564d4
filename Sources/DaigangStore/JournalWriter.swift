import DaigangCore
import Foundation

/// The writer thread's state: the open journal, a replica of the state for snapshots.
///
/// @unchecked Sendable because it is built by `LeadStore.open` and then handed to the writer
/// thread, the only thread that touches it afterwards.
final class JournalWriter: @unchecked Sendable {
    private let directory: StoreDirectory
    private var journal: JournalFile
    private var journalNumber: Int
    private let replica: LeadBook
    private let compactAfterBytes: Int
    private var nextCompactionAt: Int
    private let faultFile: String?
    private let report: @Sendable (String) -> Void
    private let encoder = RecordLine.makeEncoder()
    /// Set after a failed write until the journal is cut back to its durable size.
    private var needsCut = false

    init(directory: StoreDirectory, journal: JournalFile, journalNumber: Int, replica: LeadBook, compactAfterBytes: Int, faultFile: String?, report: @escaping @Sendable (String) -> Void) {
        self.directory = directory
        self.journal = journal
        self.journalNumber = journalNumber
        self.replica = replica
        self.compactAfterBytes = compactAfterBytes
        self.nextCompactionAt = compactAfterBytes
        self.faultFile = faultFile
        self.report = report
    }

    /// Writes a batch with one write and one fdatasync; true when all of it is durable.
    func write(_ batches: [[StoreRecord]]) -> Bool {
        if needsCut {
            do {
                try journal.cutToDurableSize()
                needsCut = false
            } catch {
                report("store: still cannot cut the journal back after a failed write: \(error)")
                return false
            }
        }
        let records = batches.flatMap { $0 }
        var bytes: [UInt8] = []
        for record in records { bytes += RecordLine.encode(record, with: encoder) }
        let fault = injectedFault()
        do {
            if fault == "write" { throw StoreError.io(operation: "write (injected)", path: journal.path, errno: EIO) }
            try journal.append(bytes)
            if fault == "fsync" { throw StoreError.io(operation: "fdatasync (injected)", path: journal.path, errno: EIO) }
            try journal.sync(appendedBytes: bytes.count)
        } catch {
            // The bytes' state on disk is unknown: never retry the sync and acknowledge. Cut them off.
            report("store: write failed, batch refused: \(error)")
            needsCut = true
            if (try? journal.cutToDurableSize()) != nil { needsCut = false }
            return false
        }
        records.forEach(replica.apply)
        if journal.durableSize >= nextCompactionAt { compact() }
        return true
    }

    /// A fresh journal first, then the snapshot of everything before it; old files are removed last.
    ///
    /// The order makes every failure harmless: until `snapshot-N` exists, recovery reads the
    /// journals N and N+1 in order; once it exists, it covers exactly what journal N held, because
    /// appends moved to N+1 before it was written.
    private func compact() {
        let covered = journalNumber
        do {
            let next = try JournalFile(path: directory.file(StoreDirectory.journalName(covered + 1)))
            try directory.sync()
            journal = next
            journalNumber = covered + 1
        } catch {
            nextCompactionAt = journal.durableSize + compactAfterBytes
            report("store: compaction could not start a new journal, will retry later: \(error)")
            return
        }
        nextCompactionAt = compactAfterBytes
        do {
            var bytes: [UInt8] = []
            for record in replica.compactedRecords { bytes += RecordLine.encode(record, with: encoder) }
            try directory.writeAtomically(StoreDirectory.snapshotName(covered), bytes)
            let (journals, snapshots) = try directory.list(removingTemporaryFiles: false)
            for number in journals where number <= covered { unlink(directory.file(StoreDirectory.journalName(number))) }
            for number in snapshots where number < covered { unlink(directory.file(StoreDirectory.snapshotName(number))) }
            report("store: compacted into \(StoreDirectory.snapshotName(covered))")
        } catch {
            report("store: compaction could not write its snapshot (the journals stay), will retry later: \(error)")
        }
    }

    /// Tests' switch for I/O errors: the fault file's first word, if the file exists.
    private func injectedFault() -> String? {
        guard let faultFile, let data = FileManager.default.contents(atPath: faultFile) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
