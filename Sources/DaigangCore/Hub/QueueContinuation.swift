/// What the hub does once a change to a session's line is durable: replies, notices, broadcasts.
///
/// A value rather than a closure, so pending work can be inspected, tested and journaled;
/// `Hub.resume(_:in:now:)` performs it. If the store refuses the write, none of this happens:
/// the requester (and any `refusalWaiters`) are told `unavailable` instead.
enum QueueContinuation: Equatable, Sendable {
    /// A request waiting for its answer: the connection that sent it and its correlation id.
    struct Waiter: Equatable, Sendable {
        var connection: ConnectionID
        var ref: MessageRef?
    }

    /// Tell each waiter its ticket and remember the view as sent; the first waiter sent the
    /// `queue_join`, the others repeated it before it was durable.
    case tellTicket(ticket: Int, to: [Waiter])
    /// Answer `ok` and tell the hosts the viewer left the line.
    case acknowledgeLeave(ticket: Int, name: String, to: Waiter)
    /// Answer `ok` and tell the hosts the called viewer is here.
    case acknowledgeHere(ticket: Int, name: String, to: Waiter)
    /// Answer the host `ok` and tell the called viewer, if connected, with the host's message.
    case acknowledgeCall(ticket: Int, viewerId: String, message: String, to: Waiter)
    /// Tell the viewer, if connected, that its ticket ended; answer the host `ok`, or, when the
    /// line ended it by itself (`requester` nil, a call time-out), tell the hosts instead.
    case acknowledgeEnd(ticket: Int, viewerId: String, name: String, outcome: QueueOutcome, requester: Waiter?)
    /// Answer the host `ok` for a requeue.
    case acknowledgeRequeue(to: Waiter)
    /// Answer the host `ok` and broadcast that the line is paused or running again.
    case broadcastPause(paused: Bool, to: Waiter)
    /// Answer the viewer `ok` for a withdrawn application; if it held `ticket`, tell the hosts it left.
    case acknowledgeWithdrawal(leadId: String, ticket: Int?, name: String, to: Waiter)
    /// Forget that the dropped viewer was away and tell the hosts it lost its place.
    case noticeDrop(ticket: Int, name: String)
}
