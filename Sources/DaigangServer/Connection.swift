internal import CLibWebSockets
import DaigangCore
import DequeModule

/// A WebSocket client as the server sees it: its socket, its outbound queue, a half-read message.
///
/// - Precondition: used only on the service thread, and only while lws has not yet reported
///   the wsi closed (the server drops it in LWS_CALLBACK_CLOSED).
final class Connection {
    let id: ConnectionID
    /// Valid until LWS_CALLBACK_CLOSED for this connection.
    let wsi: OpaquePointer
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

    init(id: ConnectionID, wsi: OpaquePointer, now: Int64) {
        self.id = id
        self.wsi = wsi
        lastHeardAt = now
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

    /// Drops whatever is queued and arranges for a close frame with this status.
    func close(status: lws_close_status, reason: String) {
        guard pendingClose == nil else { return }
        queue.removeAll()
        pendingClose = (status, reason)
    }
}
