import Dispatch
import Foundation
import Synchronization

/// Runs one kind of slow, pure work on a thread of its own, so the service thread never waits
/// for it: posters (cairo) and the leads workbook (zipping thousands of rows).
///
/// The service thread `submit`s jobs; the worker does them in order, keeps each output and
/// `post`s `ready` to the server's inbox; the service thread then `takeResults`. Started by
/// `start()`, ended by `stop()` (the thread finishes the job in hand and exits).
final class BackgroundWorker<Job: Sendable, Output: Sendable>: Sendable {
    private struct State {
        var requests: [Job] = []
        var results: [Output] = []
        var isStopped = false
    }

    private let state = Mutex(State())
    private let requested = DispatchSemaphore(value: 0)
    private let control: ServerControl
    private let name: String
    private let ready: ServerControl.Message
    private let work: @Sendable (Job) -> Output

    /// - Parameters:
    ///   - work: a pure function of the job; runs on the worker's thread.
    init(name: String, control: ServerControl, ready: ServerControl.Message, work: @escaping @Sendable (Job) -> Output) {
        self.name = name
        self.control = control
        self.ready = ready
        self.work = work
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    func submit(_ job: Job) {
        state.withLock { $0.requests.append(job) }
        requested.signal()
    }

    func takeResults() -> [Output] {
        state.withLock { state in
            defer { state.results.removeAll() }
            return state.results
        }
    }

    func stop() {
        state.withLock { $0.isStopped = true }
        requested.signal()
    }

    private func run() {
        while true {
            requested.wait()
            let next = state.withLock { state -> Job?? in
                if state.isStopped { return .none }
                return .some(state.requests.isEmpty ? nil : state.requests.removeFirst())
            }
            guard let next else { return }
            guard let job = next else { continue }
            let output = work(job)
            state.withLock { $0.results.append(output) }
            control.post(ready)
        }
    }
}
