public import DaigangCore
import Dispatch
import Foundation
import Synchronization

/// The embedded lead store: an append-only journal written with group commit on its own thread.
///
/// The service loop calls `submit` and later `takeCompletions` (after `wake` told it there are
/// some); it never blocks on the disk. See docs/STORE.md for the format and the guarantees.
public final class LeadStore: Sendable {
    private struct Submission {
        let records: [StoreRecord]
        let token: UInt64
    }

    private struct Queues {
        var pending: [Submission] = []
        var completions: [WriteCompletion] = []
        var isStopping = false
    }

    private let queues = Mutex(Queues())
    private let work = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let wake: @Sendable () -> Void

    /// Opens the directory, recovers it (cutting a torn tail), and starts the writer thread.
    ///
    /// - Parameters:
    ///   - wake: called on the writer thread when completions are ready; must be thread-safe.
    ///   - report: receives one-line notices (torn tail cut, compaction failed) for the log.
    /// - Returns: the store and every recovered record, in order.
    public static func open(
        directory path: String, compactAfterBytes: Int, faultFile: String?,
        report: @escaping @Sendable (String) -> Void, wake: @escaping @Sendable () -> Void
    ) throws(StoreError) -> (LeadStore, [StoreRecord]) {
        let directory = StoreDirectory(path: path)
        try directory.create()
        let recovery = try StoreRecovery.read(directory, removingTemporaryFiles: true)
        if let torn = recovery.tornTail {
            try recovery.cutTornTail(in: directory)
            report("store: cut a torn tail (an unacknowledged, incomplete record) from \(directory.file(torn.file)) at byte offset \(torn.offset)")
        }
        let journal = try JournalFile(path: directory.file(StoreDirectory.journalName(recovery.currentJournal)))
        try directory.sync()
        let replica = LeadBook()
        recovery.records.forEach(replica.apply)
        let writer = JournalWriter(
            directory: directory, journal: journal, journalNumber: recovery.currentJournal, replica: replica,
            compactAfterBytes: compactAfterBytes, faultFile: faultFile, report: report
        )
        let store = LeadStore(wake: wake)
        let thread = Thread { [store] in store.runWriter(writer) }
        thread.name = "daigang-store"
        thread.start()
        return (store, recovery.records)
    }

    private init(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
    }

    /// Hands records to the writer; a `WriteCompletion` with `token` follows.
    public func submit(_ records: [StoreRecord], token: UInt64) {
        queues.withLock { $0.pending.append(Submission(records: records, token: token)) }
        work.signal()
    }

    /// Completions ready so far, in submission order.
    public func takeCompletions() -> [WriteCompletion] {
        queues.withLock { queues in
            defer { queues.completions.removeAll() }
            return queues.completions
        }
    }

    /// Writes what is pending, then stops the writer thread and waits for it.
    public func shutdown() {
        queues.withLock { $0.isStopping = true }
        work.signal()
        finished.wait()
    }

    private func runWriter(_ writer: JournalWriter) {
        while true {
            work.wait()
            let (batch, isStopping) = queues.withLock { queues -> ([Submission], Bool) in
                defer { queues.pending.removeAll() }
                return (queues.pending, queues.isStopping)
            }
            if !batch.isEmpty {
                let isDurable = writer.write(batch.map(\.records))
                let completions = batch.map { WriteCompletion(token: $0.token, isDurable: isDurable) }
                queues.withLock { $0.completions += completions }
                wake()
            }
            if isStopping && queues.withLock({ $0.pending.isEmpty }) { break }
        }
        finished.signal()
    }
}
