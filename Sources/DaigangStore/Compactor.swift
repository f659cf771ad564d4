import DaigangCore
import Dispatch
import Foundation
import Synchronization

/// Writes snapshots on a thread of its own, so acknowledgements keep flowing meanwhile.
///
/// The writer starts journal N+1 and owes snapshot-N (`owe`); the loop, when it reaches the
/// `journalCompleted(N)` marker, hands over its state as of the end of journal N (`provide`);
/// this thread encodes it into `snapshot-N.jsonl.tmp`, fsyncs, renames, fsyncs the directory
/// and deletes the journals and snapshots it replaces. A failed attempt (a full disk) leaves no
/// file and is retried after a growing pause with the same state. While a snapshot is owed the
/// writer starts no further journal, so failures cannot multiply files.
final class Compactor: Sendable {
    private struct Job: Sendable {
        let journal: Int
        /// The writer's reservation when journal `journal` was completed: the snapshot keeps it.
        let reservedUpTo: Int
        let owedSince: DispatchTime
        var state: LeadBook.State?
    }

    private struct Shared: Sendable {
        var owed: Job?
        var isStopping = false
    }

    /// Bytes of snapshot written between syncs. The journal's fdatasync shares the disk (and its
    /// cache flush) with the snapshot's writes: flushed at the end, an 80 MB snapshot held acks for
    /// tens of milliseconds; synced every 4 MiB, p99 7–50 ms; every 1 MiB, p99 3–4 ms, max ~10 ms
    /// (200,000 leads at 1,000 applies/s), and the snapshot took no longer.
    private static let syncEvery = 1 << 20
    /// Seconds after which a state that has not come for an owed snapshot is reported.
    private static let stateDeadline = 60.0

    private let directory: StoreDirectory
    private let faultFile: FaultFile
    private let report: @Sendable (String) -> Void
    private let shared = Mutex(Shared())
    private let work = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(directory: StoreDirectory, faultFile: FaultFile, report: @escaping @Sendable (String) -> Void) {
        self.directory = directory
        self.faultFile = faultFile
        self.report = report
    }

    /// Starts the compactor thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "daigang-compactor"
        thread.start()
    }

    /// Stops the thread and waits for it; a snapshot being written is abandoned (its temp file
    /// removed): the journals it would have replaced are all still there.
    func stop() {
        shared.withLock { $0.isStopping = true }
        work.signal()
        finished.wait()
    }

    /// True while a snapshot is owed or being written: the writer starts no new journal then.
    var isOwed: Bool { shared.withLock { $0.owed != nil } }

    /// The writer completed journal `journal`; its snapshot is owed until written.
    /// - Precondition: nothing is owed.
    func owe(journal: Int, reservedUpTo: Int) {
        shared.withLock { shared in
            precondition(shared.owed == nil, "a snapshot is owed already")
            shared.owed = Job(journal: journal, reservedUpTo: reservedUpTo, owedSince: .now(), state: nil)
        }
        work.signal()
    }

    /// The loop's state as of the end of `journal`; ignored unless that snapshot is owed.
    func provide(journal: Int, state: LeadBook.State) {
        let accepted = shared.withLock { shared -> Bool in
            guard shared.owed?.journal == journal, shared.owed?.state == nil else { return false }
            shared.owed?.state = state
            return true
        }
        if accepted { work.signal() }
    }

    private func run() {
        var backoff = Backoff()
        var wakeAt = DispatchTime.distantFuture
        var reportedMissingState: Int?
        while true {
            _ = work.wait(timeout: wakeAt)
            let (job, isStopping) = shared.withLock { ($0.owed, $0.isStopping) }
            if isStopping { break }
            guard let job else { continue }
            guard let state = job.state else {
                // The loop answers a marker at once; a state that does not come means a
                // completion was dropped (a bug), and compaction has stopped: say so, once.
                let deadline = job.owedSince + Self.stateDeadline
                if DispatchTime.now() >= deadline, reportedMissingState != job.journal {
                    reportedMissingState = job.journal
                    report("store: \(StoreDirectory.snapshotName(job.journal)) is owed but its state never came (a dropped journalCompleted completion?); no compaction until a restart")
                }
                wakeAt = DispatchTime.now() >= deadline ? .distantFuture : deadline
                continue
            }
            do {
                try write(job, state: state)
                shared.withLock { $0.owed = nil }
                backoff.succeeded()
                wakeAt = .distantFuture
            } catch where error.isCancellation {
                break
            } catch {
                let delay = backoff.failed()
                wakeAt = .now() + delay
                report("store: could not write \(StoreDirectory.snapshotName(job.journal)) (the journals stay), will retry in \(Int(delay)) s: \(error)")
            }
        }
        finished.signal()
    }

    private func write(_ job: Job, state: LeadBook.State) throws(StoreError) {
        let started = DispatchTime.now()
        var state = state
        state.noteReservation(upTo: job.reservedUpTo)
        if faultFile.current() == "snapshot" {
            throw StoreError.io(operation: "write (injected)", path: directory.file(StoreDirectory.snapshotName(job.journal) + ".tmp"), errno: ENOSPC)
        }
        let encoder = RecordLine.makeEncoder()
        try directory.writeAtomically(StoreDirectory.snapshotName(job.journal), syncEvery: Self.syncEvery) { (emit) throws(StoreError) in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1 << 20)
            try state.forEachCompactedRecord { (record) throws(StoreError) in
                bytes += RecordLine.encode(record, with: encoder)
                if bytes.count >= 1 << 20 {
                    if shared.withLock({ $0.isStopping }) { throw StoreError.cancelled }
                    try emit(bytes)
                    bytes.removeAll(keepingCapacity: true)
                }
            }
            try emit(bytes)
        }
        // The snapshot is durable: what it replaces can go. Files left behind (a crash before the
        // deletions are durable, a failed listing) are ignored by recovery, which reads the newest
        // snapshot and the journals after it, and removed by the next compaction.
        // Not while a backup copies them (`BackupLock`, held until the deletions are synced).
        if let deleting = BackupLock.exclusive(directory, isCancelled: { shared.withLock { $0.isStopping } }) {
            withExtendedLifetime(deleting) {
                guard let (journals, snapshots) = try? directory.list() else { return }
                for number in journals where number <= job.journal { unlink(directory.file(StoreDirectory.journalName(number))) }
                for number in snapshots where number < job.journal { unlink(directory.file(StoreDirectory.snapshotName(number))) }
                try? directory.sync()
            }
        }
        let millis = (DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000
        report("store: compacted into \(StoreDirectory.snapshotName(job.journal)) (\(state.leads.count) leads, \(millis) ms)")
    }
}
