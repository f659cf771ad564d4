internal import CLibWebSockets
import Synchronization

/// The service thread's one inbox: what other threads (the store's writer, the signal thread, a
/// test) have for the loop enters here as a value, and wakes the loop.
///
/// `post` appends under a `Mutex` and calls `lws_cancel_service`, the only lws call allowed from
/// another thread; the loop drains everything in `LWS_CALLBACK_EVENT_WAIT_CANCELLED`
/// (`HubServer.drainInbox`) and handles it in order. A new source (a pub/sub subscription, a
/// reload request) is one more `Message` case.
public final class ServerControl: Sendable {
    /// What can be waiting for the loop.
    public enum Message: Sendable, Equatable {
        /// The store has completions ready (`LeadStore.takeCompletions`).
        case storeCompletionsReady
        /// The poster thread has finished renders (`PosterWorker.takeResults`).
        case postersReady
        /// The report thread has finished boards or reports (`ReportWorker.takeResults`).
        case reportsReady
        /// The workbook thread has finished exports (`WorkbookWorker.takeResults`).
        case workbooksReady
        /// The sheet thread has read job sheets (`SheetImportWorker.takeResults`).
        case sheetsRead
        /// Stop accepting, close every client with 1001, then return from `run`.
        case shutdownRequested
        /// Re-read the TLS certificate and key, and run on the re-read config (SIGHUP).
        case reloadRequested(ServerReload)
    }

    private struct State {
        var context: ContextHandle?
        var messages: [Message] = []
        var shutdownRequested = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Puts `message` in the inbox and wakes the loop; safe from any thread.
    public func post(_ message: Message) {
        state.withLock { state in
            if message == .shutdownRequested { state.shutdownRequested = true }
            // A wake-up for the store is the same however often it is posted before a drain.
            // So is one for the poster or the sheet thread.
            if message == .shutdownRequested || !state.messages.contains(message) { state.messages.append(message) }
            if let context = state.context { lws_cancel_service(context.pointer) }
        }
    }

    /// Begins a graceful shutdown.
    public func requestShutdown() { post(.shutdownRequested) }

    /// Tells the loop the store has completions.
    public func wake() { post(.storeCompletionsReady) }

    /// Everything posted since the last drain, in order. Service thread only.
    func drain() -> [Message] {
        state.withLock { state in
            defer { state.messages.removeAll() }
            return state.messages
        }
    }

    /// Whether a shutdown was ever requested (a request posted before `run` is kept).
    var isShutdownRequested: Bool { state.withLock { $0.shutdownRequested } }

    func attach(_ context: ContextHandle) {
        state.withLock { $0.context = context }
    }

    /// Withdraws the context before it is destroyed, so no other thread touches it afterwards.
    func detach() {
        state.withLock { $0.context = nil }
    }
}
