import DaigangCore
import Dispatch
import Foundation
import Synchronization

/// Does slow work (drawing posters, reading job sheets) on a thread of its own, so the service
/// thread never waits for it.
///
/// The service thread `submit`s requests; the worker runs `work` on them in order and `post`s
/// `ready` to the server's inbox; the service thread then `takeResults`. Started by `start()`,
/// ended by `stop()` (the thread finishes the request in hand and exits).
final class BackgroundWorker<Request: Sendable, Output: Sendable>: Sendable {
    private struct State {
        var requests: [Request] = []
        var results: [Output] = []
        var isStopped = false
    }

    private let state = Mutex(State())
    private let requested = DispatchSemaphore(value: 0)
    private let control: ServerControl
    private let name: String
    private let ready: ServerControl.Message
    private let work: @Sendable (Request) -> Output
    private let maxPending: Int

    /// - Parameters:
    ///   - name: the thread's name (seen in `top -H` and crash reports).
    ///   - ready: what the worker posts to `control` after each finished request.
    ///   - maxPending: how many requests may wait; `submit` refuses more.
    init(
        name: String, control: ServerControl, ready: ServerControl.Message, maxPending: Int = .max,
        work: @escaping @Sendable (Request) -> Output
    ) {
        self.name = name
        self.control = control
        self.ready = ready
        self.maxPending = maxPending
        self.work = work
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Queues `request`; false (and nothing queued) when `maxPending` wait already. Safe from any thread.
    @discardableResult
    func submit(_ request: Request) -> Bool {
        let isAccepted = state.withLock { state in
            guard state.requests.count < maxPending else { return false }
            state.requests.append(request)
            return true
        }
        if isAccepted { requested.signal() }
        return isAccepted
    }

    /// The results finished since the last call, in order.
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
            let next = state.withLock { state -> Request?? in
                if state.isStopped { return .none }
                return .some(state.requests.isEmpty ? nil : state.requests.removeFirst())
            }
            guard let next else { return }
            guard let request = next else { continue }
            let output = work(request)
            state.withLock { $0.results.append(output) }
            control.post(ready)
        }
    }
}
