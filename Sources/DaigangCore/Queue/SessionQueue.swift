/// A session's line as the hub runs it: the optimistic live line plus what is waiting for the disk.
///
/// Changes apply to `live` at once (so the next command sees them) and are journaled; if the store
/// refuses them, `live` is rebuilt from the durable line and whatever is still pending.
final class SessionQueue {
    private(set) var live: QueueState
    private var pending: [(token: UInt64, events: [QueueEvent])] = []
    /// What each waiting ticket's viewer was last told, to send only changes.
    var lastSentPositions: [Int: QueueTicketView] = [:]
    /// Tickets whose viewer is disconnected, with when they went.
    var disconnectedSince: [Int: Int64] = [:]
    /// Called tickets with the monotonic time of their call (`Instant.tick`): the call window's start.
    var calledSince: [Int: Int64] = [:]
    /// Set on every change; the hosts' view is sent on the next tick.
    var isHostViewStale = true

    init(durable: QueueState) {
        live = durable
    }

    func applyLive(_ events: [QueueEvent], token: UInt64) {
        pending.append((token, events))
        for event in events { live.apply(event) }
        isHostViewStale = true
    }

    /// The pending write that adds `ticket` to the line, if the join is not durable yet.
    func pendingToken(joining ticket: Int) -> UInt64? {
        pending.first { write in write.events.contains { if case .join(let entry) = $0 { entry.ticket == ticket } else { false } } }?.token
    }

    /// Drops per-ticket bookkeeping for tickets no longer in the live line.
    func forgetEndedTickets() {
        let active = Set(live.entries.map(\.ticket))
        lastSentPositions = lastSentPositions.filter { active.contains($0.key) }
        disconnectedSince = disconnectedSince.filter { active.contains($0.key) }
        calledSince = calledSince.filter { active.contains($0.key) }
    }

    func confirm(token: UInt64) {
        pending.removeAll { $0.token == token }
    }

    /// Drops a refused write and replays what is still pending on top of the durable line.
    func refuse(token: UInt64, durable: QueueState) {
        pending.removeAll { $0.token == token }
        live = durable
        for write in pending { for event in write.events { live.apply(event) } }
        forgetEndedTickets()
        isHostViewStale = true
    }
}
