import DaigangCore
import Dispatch
import Foundation
import Synchronization

/// Computes boards and reports on a thread of its own, so the service thread never waits for a
/// season's figures (docs/REPORTS.md: where the figures are computed).
///
/// The service thread `submit`s jobs (refused once `maxPending` wait: the bureau has a handful of
/// readers, a flood is a client bug); the worker answers them in order and `post`s `.reportsReady`;
/// the service thread then `takeResults` and responds to whichever connections are still there.
final class ReportWorker: Sendable {
    static let maxPending = 8

    struct Result: Sendable {
        let connection: ConnectionID
        let response: APIResponse
    }

    private struct State {
        var requests: [(ConnectionID, ReportJob)] = []
        var results: [Result] = []
        var isStopped = false
    }

    private let state = Mutex(State())
    private let requested = DispatchSemaphore(value: 0)
    private let control: ServerControl

    init(control: ServerControl) {
        self.control = control
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "daigang-reports"
        thread.start()
    }

    /// Queues `job` for `connection`; false when too many wait already. Safe from any thread.
    func submit(_ job: ReportJob, for connection: ConnectionID) -> Bool {
        let accepted = state.withLock { state in
            guard state.requests.count < Self.maxPending else { return false }
            state.requests.append((connection, job))
            return true
        }
        if accepted { requested.signal() }
        return accepted
    }

    /// The answers finished since the last call, in order.
    func takeResults() -> [Result] {
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
            let next = state.withLock { state -> (ConnectionID, ReportJob)?? in
                if state.isStopped { return .none }
                return .some(state.requests.isEmpty ? nil : state.requests.removeFirst())
            }
            guard let next else { return }
            guard let request = next else { continue }
            let response = request.1.response()
            state.withLock { $0.results.append(Result(connection: request.0, response: response)) }
            control.post(.reportsReady)
        }
    }
}
