internal import CLibWebSockets
import Synchronization

/// The thread-safe handle to a running server: ask it to shut down from a signal handler or a test.
public final class ServerControl: Sendable {
    private struct State {
        var context: ContextHandle?
        var shutdownRequested = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Begins a graceful shutdown: stop accepting, close clients with 1001, then return from `run`.
    public func requestShutdown() {
        state.withLock { state in
            state.shutdownRequested = true
            if let context = state.context { lws_cancel_service(context.pointer) }
        }
    }

    var isShutdownRequested: Bool { state.withLock { $0.shutdownRequested } }

    /// Wakes the service loop; safe from any thread.
    public func wake() {
        state.withLock { state in
            if let context = state.context { lws_cancel_service(context.pointer) }
        }
    }

    func attach(_ context: ContextHandle) {
        state.withLock { $0.context = context }
    }

    /// Withdraws the context before it is destroyed, so no other thread touches it afterwards.
    func detach() {
        state.withLock { $0.context = nil }
    }
}
