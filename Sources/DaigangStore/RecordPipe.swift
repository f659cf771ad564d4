import DaigangCore
import Dispatch
import Synchronization

/// Hands decoded records from a decoding thread to the thread that applies them, in order, a
/// batch at a time, with a bound on what waits in between.
///
/// Start-up reads every record: decoding (checksum, JSON) and applying (the lead book's indexes)
/// each take about half of it, so on two cores doing them side by side nearly halves a restart.
final class RecordPipe: Sendable {
    private struct State {
        var batches: [[StoreRecord]] = []
        var outcome: Result<JournalScan, StoreError>?
    }

    /// Batches of this many records go through the pipe.
    static let batchSize = 512
    private static let maxWaiting = 16

    private let state = Mutex(State())
    private let filled = DispatchSemaphore(value: 0)
    private let drained = DispatchSemaphore(value: maxWaiting)

    /// Producer: waits while the pipe is full.
    func send(_ batch: [StoreRecord]) {
        drained.wait()
        state.withLock { $0.batches.append(batch) }
        filled.signal()
    }

    /// Producer: the end, after the last batch.
    func finish(_ outcome: Result<JournalScan, StoreError>) {
        state.withLock { $0.outcome = outcome }
        filled.signal()
    }

    /// Consumer: every record in order to `each`, then the producer's outcome.
    func receive(_ each: (StoreRecord) -> Void) -> Result<JournalScan, StoreError> {
        while true {
            filled.wait()
            let (batch, outcome) = state.withLock { state -> ([StoreRecord]?, Result<JournalScan, StoreError>?) in
                if !state.batches.isEmpty { return (state.batches.removeFirst(), nil) }
                return (nil, state.outcome)
            }
            if let batch {
                drained.signal()
                batch.forEach(each)
            } else if let outcome {
                return outcome
            }
        }
    }
}
