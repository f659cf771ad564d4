import DaigangCore
import Dispatch
import Foundation
import Synchronization

/// Renders posters on a thread of its own, so the service thread never waits for cairo.
///
/// The service thread `submit`s cards; the worker renders them in order and `post`s
/// `.postersReady` to the server's inbox; the service thread then `takeResults`. Started by
/// `start()`, ended by `stop()` (the thread finishes the poster in hand and exits).
final class PosterWorker: Sendable {
    /// One finished render; `png` nil when cairo failed.
    struct Result: Sendable {
        let fingerprint: String
        let png: [UInt8]?
    }

    private struct State {
        var requests: [ShareCard] = []
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
        thread.name = "daigang-posters"
        thread.start()
    }

    /// Queues `card` for rendering; safe from any thread.
    func submit(_ card: ShareCard) {
        state.withLock { $0.requests.append(card) }
        requested.signal()
    }

    /// The renders finished since the last call, in order.
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
            let next = state.withLock { state -> ShareCard?? in
                if state.isStopped { return .none }
                return .some(state.requests.isEmpty ? nil : state.requests.removeFirst())
            }
            guard let next else { return }
            guard let card = next else { continue }
            let png = PosterRenderer.png(for: card)
            state.withLock { $0.results.append(Result(fingerprint: card.fingerprint, png: png)) }
            control.post(.postersReady)
        }
    }
}
