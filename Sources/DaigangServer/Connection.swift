internal import CLibWebSockets
import DaigangCore
import DequeModule

/// A WebSocket client as the server sees it: its socket, its outbound queue, a half-read message,
/// and the deadline by which it must have moved on (said hello, finished closing).
///
/// - Precondition: used only on the service thread, and only while lws has not yet reported
///   the wsi closed (the server drops it in LWS_CALLBACK_CLOSED).
final class Connection {
    let id: ConnectionID
    /// Valid until LWS_CALLBACK_CLOSED for this connection.
    let wsi: OpaquePointer
    /// The client address limits are counted against.
    let address: String
    private(set) var queue: Deque<Frame> = []
    /// Bytes of a message that arrives in several fragments.
    var partialMessage: [UInt8] = []
    /// Set when the server decided to close; sent with the close frame at the next writable.
    private(set) var pendingClose: (status: lws_close_status, reason: String)?
    /// When the client last sent anything (a message or a pong), in milliseconds.
    var lastHeardAt: Int64
    /// When the server last pinged this quiet client.
    var pingedAt: Int64?
    /// A ping went out and nothing has been heard since.
    var isAwaitingPong = false
    /// A ping is owed at the next writable.
    var needsPing = false
    /// `hello` was accepted: the connection is a viewer, host or HR client.
    var isWelcomed = false
    /// When the server hard-closes the socket whatever lws still holds, in milliseconds; nil for
    /// a welcomed, open connection (kept alive by pings instead).
    private(set) var deadline: Int64?
    /// Why `deadline` is set, for the log.
    private(set) var deadlineReason = ""
    /// Reading is paused because lws holds unsent bytes for this socket (see `HubServer.wrote`).
    var isReceivePaused = false
    /// `hardClose` was called; lws closes it at its next service.
    var isHardClosed = false

    init(id: ConnectionID, wsi: OpaquePointer, address: String, now: Int64, helloDeadline: Int64) {
        self.id = id
        self.wsi = wsi
        self.address = address
        lastHeardAt = now
        deadline = helloDeadline
        deadlineReason = "no hello"
    }

    /// lws is closing it (the peer's close frame, a protocol error lws found): no more input.
    private(set) var isClosedByLWS = false

    var isClosing: Bool { pendingClose != nil || isClosedByLWS }

    /// lws started a close handshake of its own; the socket goes at `deadline` at the latest.
    func lwsStartedClosing(deadline: Int64, reason: String) {
        guard !isClosing else { return }
        isClosedByLWS = true
        self.deadline = deadline
        deadlineReason = "closing: " + reason
    }

    /// Queues a frame; a state-like frame replaces the queued one of the same kind.
    /// Returns false when the queue is full, i.e. the client cannot keep up.
    func enqueue(_ frame: Frame, limit: Int) -> Bool {
        guard pendingClose == nil else { return true }
        if let key = frame.coalescingKey, let index = queue.firstIndex(where: { $0.coalescingKey == key }) {
            queue.remove(at: index)
        }
        guard queue.count < limit else { return false }
        queue.append(frame)
        return true
    }

    func dequeueFirst() { queue.removeFirst() }

    /// The client said hello: no deadline until something closes it.
    func welcome() {
        isWelcomed = true
        if pendingClose == nil { deadline = nil }
    }

    /// Arranges a close frame after whatever is queued (`dropQueued` drops it instead), and a
    /// deadline after which the socket is hard-closed, whether or not the peer reads.
    func close(status: lws_close_status, reason: String, dropQueued: Bool, deadline: Int64) {
        guard pendingClose == nil else { return }
        if dropQueued { queue.removeAll() }
        pendingClose = (status, reason)
        self.deadline = deadline
        deadlineReason = "closing: " + reason
    }
}
