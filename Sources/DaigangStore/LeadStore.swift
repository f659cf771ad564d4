public import DaigangCore
import Dispatch
import Foundation
import Synchronization

/// The embedded lead store: an append-only journal written with group commit on its own thread,
/// snapshots written on another, one process per data directory.
///
/// The service loop calls `submit` and later `takeCompletions` (after `wake` told it there are
/// some); it never blocks on the disk. It applies the records of every durable write to its
/// `LeadBook`, in the order of the completions, and answers a `journalCompleted` marker with
/// `writeSnapshot(of:state:)`. See docs/STORE.md for the format and the guarantees.
public final class LeadStore: Sendable {
    private struct Submission {
        let records: [StoreRecord]
        let token: UInt64
    }

    private struct Queues {
        var pending: [Submission] = []
        var completions: [StoreCompletion] = []
        var isStopping = false
    }

    private let queues = Mutex(Queues())
    private let work = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let wake: @Sendable () -> Void
    private let compactor: Compactor
    private let lock: StoreLock
    /// Why the store refuses writes (the last batch failed), or nil; set by the writer thread.
    private let refusal = Mutex<StoreError?>(nil)
    /// How often a refusing store checks whether it takes writes again when no batch comes.
    private static let recoveryProbeInterval = 1.0

    /// Locks the directory, recovers it (cutting a torn tail), reserves a fresh block of lead ids
    /// and starts the writer and compactor threads.
    ///
    /// Throws `locked` (before anything in the directory is changed) when another process has it,
    /// `corrupted` for damage that is not a torn tail.
    /// - Parameters:
    ///   - idBlockSize: lead numbers reserved at a time (`ids_reserved`); a restart skips to the
    ///     next block.
    ///   - wake: called on the writer thread when completions are ready; must be thread-safe.
    ///   - report: receives one-line notices (torn tail cut, compaction done or failed) for the log.
    /// - Returns: the store, and the recovered state for the loop: the only lead book there is.
    ///   Its `nextLeadNumber` is where this run's lead numbers start.
    public static func open(
        directory path: String, compactAfterBytes: Int, faultFile: String?, idBlockSize: Int = 1000,
        report: @escaping @Sendable (String) -> Void, wake: @escaping @Sendable () -> Void
    ) throws(StoreError) -> (LeadStore, LeadBook) {
        let directory = StoreDirectory(path: path)
        try directory.create()
        let lock = try StoreLock.acquire(directory)
        do {
            let book = LeadBook()
            book.reserveCapacity(leads: StoreRecovery.estimatedLeadCount(directory))
            let recovery = try StoreRecovery.read(directory, removingTemporaryFiles: true, each: book.apply)
            if let torn = recovery.tornTail {
                try recovery.cutTornTail(in: directory)
                report("store: cut a torn tail (an unacknowledged, incomplete record) from \(directory.file(torn.file)) at byte offset \(torn.offset)")
            }
            let journal = try JournalFile(path: directory.file(StoreDirectory.journalName(recovery.currentJournal)))
            try directory.sync()
            let faults = FaultFile(path: faultFile)
            let writer = JournalWriter(
                directory: directory, journal: journal, journalNumber: recovery.currentJournal, compactAfterBytes: compactAfterBytes,
                reservations: IDReservations(blockSize: idBlockSize, reservedUpTo: book.highestLeadNumber),
                faultFile: faults, probe: try FileSystemProbe(directory: directory), report: report
            )
            if !writer.reserveFreshBlock() {
                report("store: could not reserve lead ids at start; the first application will reserve them before it is written")
            }
            let compactor = Compactor(directory: directory, faultFile: faults, report: report)
            let store = LeadStore(wake: wake, compactor: compactor, lock: lock)
            store.refusal.withLock { $0 = writer.lastFailure }
            compactor.start()
            let thread = Thread { [store] in store.runWriter(writer) }
            thread.name = "daigang-store"
            thread.start()
            return (store, book)
        } catch {
            lock.release()
            throw error
        }
    }

    private init(wake: @escaping @Sendable () -> Void, compactor: Compactor, lock: StoreLock) {
        self.wake = wake
        self.compactor = compactor
        self.lock = lock
    }

    /// Hands records to the writer; a `.written` completion with `token` follows.
    public func submit(_ records: [StoreRecord], token: UInt64) {
        queues.withLock { $0.pending.append(Submission(records: records, token: token)) }
        work.signal()
    }

    /// Completions ready so far, in order.
    /// - Precondition: the caller handles every one, in order, markers included: a dropped
    ///   `journalCompleted` leaves its snapshot owed and stops compaction until a restart.
    public func takeCompletions() -> [StoreCompletion] {
        queues.withLock { queues in
            defer { queues.completions.removeAll() }
            return queues.completions
        }
    }

    /// The loop's answer to `journalCompleted(journal)`: its state, which the compactor thread
    /// writes as `snapshot-<journal>` while the writer goes on. O(1) for the loop.
    public func writeSnapshot(of journal: Int, state: LeadBook.State) {
        compactor.provide(journal: journal, state: state)
    }

    /// Why the store refuses writes right now (its last batch failed and no write or recovery
    /// probe has succeeded since), or nil while it takes them: what `/readyz` reports.
    ///
    /// A refusing store notices recovery by itself: the next batch that is durable clears it, and
    /// with no batch waiting the writer thread probes once a second (`JournalWriter.probeWritable`).
    public var writeRefusal: StoreError? { refusal.withLock { $0 } }

    /// Writes what is pending, stops the writer and compactor threads (abandoning a snapshot
    /// being written) and releases the directory's lock.
    public func shutdown() {
        queues.withLock { $0.isStopping = true }
        work.signal()
        finished.wait()
        compactor.stop()
        lock.release()
    }

    private func runWriter(_ writer: JournalWriter) {
        while true {
            let isRefusing = refusal.withLock { $0 != nil }
            if work.wait(timeout: isRefusing ? .now() + Self.recoveryProbeInterval : .distantFuture) == .timedOut {
                _ = writer.probeWritable()
                refusal.withLock { $0 = writer.lastFailure }  // nil once the disk takes writes again
                continue
            }
            let (batch, isStopping) = queues.withLock { queues -> ([Submission], Bool) in
                defer { queues.pending.removeAll() }
                return (queues.pending, queues.isStopping)
            }
            if !batch.isEmpty {
                let isDurable = writer.write(batch.map(\.records))
                refusal.withLock { $0 = writer.lastFailure }
                var completions = batch.map { StoreCompletion.written(WriteCompletion(token: $0.token, isDurable: isDurable)) }
                // Journal N is complete once this batch's answers are out: the marker follows them.
                if isDurable, !isStopping, writer.isDueForNewJournal, !compactor.isOwed {
                    let reservedUpTo = writer.reservedUpTo
                    if let completed = writer.startNextJournal() {
                        compactor.owe(journal: completed, reservedUpTo: reservedUpTo)
                        completions.append(.journalCompleted(completed))
                    }
                }
                queues.withLock { $0.completions += completions }
                wake()
            }
            if isStopping && queues.withLock({ $0.pending.isEmpty }) { break }
        }
        finished.signal()
    }
}
