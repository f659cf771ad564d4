import DaigangCore
import Dispatch
import Foundation
import Metrics

/// The writer thread's state: the open journal, the lead id reservations, when to start the next
/// journal. It keeps no lead book: snapshots are written from the loop's (see `Compactor`).
///
/// @unchecked Sendable because it is built by `LeadStore.open` and then handed to the writer
/// thread, the only thread that touches it afterwards.
final class JournalWriter: @unchecked Sendable {
    private let directory: StoreDirectory
    private var journal: JournalFile
    private(set) var journalNumber: Int
    private let compactAfterBytes: Int
    private var reservations: IDReservations
    private let faultFile: FaultFile
    private let probe: FileSystemProbe
    private let report: @Sendable (String) -> Void
    private let encoder = RecordLine.makeEncoder()
    /// Set after a failed write until the journal is cut back to its durable size.
    private var needsCut = false
    /// Why the last batch was refused; nil once a batch (or `probeWritable`) succeeded since.
    private(set) var lastFailure: StoreError?
    private var switchBackoff = Backoff()
    /// After a failed attempt to start a new journal: not before this time.
    private var nextSwitchAttempt = DispatchTime(uptimeNanoseconds: 0)
    /// Failure notices go out at most once a second (a full disk refuses every batch); the others are counted.
    private var lastFailureReport = DispatchTime(uptimeNanoseconds: 0)
    private var unreportedFailures = 0
    /// How long each fdatasync of a batch took.
    private let syncLatency = Timer(label: "daigang_fsync_seconds")
    /// The current journal's durable size.
    private let journalBytes = Gauge(label: "daigang_journal_bytes")

    init(directory: StoreDirectory, journal: JournalFile, journalNumber: Int, compactAfterBytes: Int, reservations: IDReservations, faultFile: FaultFile, probe: FileSystemProbe, report: @escaping @Sendable (String) -> Void) {
        self.directory = directory
        self.journal = journal
        self.journalNumber = journalNumber
        self.compactAfterBytes = compactAfterBytes
        self.reservations = reservations
        self.faultFile = faultFile
        self.probe = probe
        self.report = report
        journalBytes.record(journal.durableSize)
    }

    /// Lead numbers up to this one are durably reserved.
    var reservedUpTo: Int { reservations.reservedUpTo }

    /// Reserves a fresh block of lead ids, synced; true when durable. Called once at start, before serving.
    func reserveFreshBlock() -> Bool {
        let upTo = reservations.freshBlock
        guard commit([.idsReserved(upTo: upTo)], fault: faultFile.current()) else { return false }
        reservations.confirm(upTo)
        return true
    }

    /// Writes a batch with one write and one fdatasync (two, in the rare case that its lead
    /// numbers need a reservation first, see `IDReservations`); true when all of it is durable.
    func write(_ batches: [[StoreRecord]]) -> Bool {
        let fault = faultFile.current()
        if needsCut {
            do {
                try journal.cutToDurableSize()
                needsCut = false
            } catch {
                lastFailure = error
                reportFailure("store: still cannot cut the journal back after a failed write: \(error)")
                return false
            }
        }
        var records = batches.flatMap { $0 }
        let highest = records.reduce(0) { highest, record in
            guard case .lead(let lead) = record, let number = LeadBook.number(ofLeadID: lead.id) else { return highest }
            return max(highest, number)
        }
        if let upTo = reservations.reservation(before: highest) {
            // Never in the same write as the lead: a lost last write would take both with it.
            guard commit([.idsReserved(upTo: upTo)], fault: fault) else { return false }
            reservations.confirm(upTo)
        }
        let nextBlock = reservations.nextBlock(reaching: highest)
        if let nextBlock { records.insert(.idsReserved(upTo: nextBlock), at: 0) }
        guard commit(records, fault: fault) else { return false }
        if let nextBlock { reservations.confirm(nextBlock) }
        return true
    }

    /// Appends records with one write, fdatasyncs, then checks that the file system still takes
    /// writes (it may have shut down or aborted its journal while the sync ran, and ext4 can
    /// return 0 from it then); on any failure cuts them off again and returns false.
    private func commit(_ records: [StoreRecord], fault: String?) -> Bool {
        var bytes: [UInt8] = []
        for record in records { bytes += RecordLine.encode(record, with: encoder) }
        do throws(StoreError) {
            if fault == "write" { throw StoreError.io(operation: "write (injected)", path: journal.path, errno: EIO) }
            try journal.append(bytes)
            if fault == "fsync" { throw StoreError.io(operation: "fdatasync (injected)", path: journal.path, errno: EIO) }
            let syncStart = DispatchTime.now().uptimeNanoseconds
            try journal.sync()
            syncLatency.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - syncStart))
            if fault == "shutdown" { throw StoreError.io(operation: "write (probe after fdatasync, injected)", path: journal.path, errno: EIO) }
            try journal.checkStillWritable()
            try probe.check()
        } catch {
            lastFailure = error
            // The bytes' state on disk is unknown: never retry the sync and acknowledge. Cut them off.
            reportFailure("store: write failed, batch refused: \(error)")
            needsCut = true
            if (try? journal.cutToDurableSize()) != nil { needsCut = false }
            return false
        }
        journal.markDurable(appendedBytes: bytes.count)
        lastFailure = nil
        journalBytes.record(journal.durableSize)
        return true
    }

    /// Bytes `probeWritable` writes: about a busy batch of leads.
    static let probeBytes = 64 * 1024

    /// After refused batches, with none waiting: whether the store would take writes again.
    ///
    /// Cuts the journal back if a failed write left bytes in it, then writes, syncs and removes
    /// `readiness-probe` (64 KiB, through the usual temp file and rename) and checks the file
    /// system like `commit` does; nothing is added to the journal. True clears `lastFailure`.
    func probeWritable() -> Bool {
        do throws(StoreError) {
            if needsCut {
                try journal.cutToDurableSize()
                needsCut = false
            }
            if let fault = faultFile.current(), ["write", "fsync", "shutdown"].contains(fault) {
                throw StoreError.io(operation: "probe (injected)", path: directory.path, errno: EIO)
            }
            try directory.writeAtomically("readiness-probe", [UInt8](repeating: 0, count: Self.probeBytes))
            unlink(directory.file("readiness-probe"))
            try journal.checkStillWritable()
            try probe.check()
        } catch {
            lastFailure = error
            return false
        }
        lastFailure = nil
        return true
    }

    private func reportFailure(_ notice: String) {
        let now = DispatchTime.now()
        guard now.uptimeNanoseconds >= lastFailureReport.uptimeNanoseconds + 1_000_000_000 else {
            unreportedFailures += 1
            return
        }
        let more = unreportedFailures > 0 ? " (and \(unreportedFailures) more since the last notice)" : ""
        report(notice + more)
        lastFailureReport = now
        unreportedFailures = 0
    }

    /// Whether the journal has passed `compactAfterBytes` (and no recent attempt to move on failed).
    var isDueForNewJournal: Bool {
        journal.durableSize >= compactAfterBytes && DispatchTime.now() >= nextSwitchAttempt
    }

    /// Starts `journal-(N+1).log`, syncs the directory and moves appends to it; returns N, whose
    /// snapshot is now owed, or nil when that failed (tried again after a growing pause).
    ///
    /// The new journal comes first so that every failure is harmless: until `snapshot-N` exists,
    /// recovery reads journals N and N+1 in order; once it exists, it covers exactly journal N.
    func startNextJournal() -> Int? {
        let completed = journalNumber
        do {
            let next = try JournalFile(path: directory.file(StoreDirectory.journalName(completed + 1)))
            try directory.sync()
            journal = next
            journalNumber = completed + 1
            journalBytes.record(next.durableSize)
            switchBackoff.succeeded()
            return completed
        } catch {
            let delay = switchBackoff.failed()
            nextSwitchAttempt = .now() + delay
            report("store: compaction could not start a new journal, will retry in \(Int(delay)) s: \(error)")
            return nil
        }
    }
}
