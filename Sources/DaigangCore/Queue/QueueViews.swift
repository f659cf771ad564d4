/// A viewer's own place in line, as `queue_ticket`, `queue_position` and `welcome.ticket` show it.
public struct QueueTicketView: Encodable, Sendable, Equatable {
    public var ticket: Int
    public var state: QueueEntry.State
    public var position: Int?
    public var ahead: Int?
    public var etaSeconds: Int?
    public var message: String?

    enum CodingKeys: String, CodingKey { case ticket, state, position, ahead, etaSeconds, message }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ticket, forKey: .ticket)
        try c.encode(state, forKey: .state)
        try c.encode(position, forKey: .position)
        try c.encode(ahead, forKey: .ahead)
        try c.encode(etaSeconds, forKey: .etaSeconds)  // null until enough applicants were served
        try c.encodeIfPresent(message, forKey: .message)
    }

    init(entry: QueueEntry, in queue: QueueState) {
        self.init(entry: entry, ahead: queue.position(of: entry.ticket)?.ahead, in: queue)
    }

    /// For a caller that already knows how many wait ahead (nil when not waiting): no scan of the line.
    init(entry: QueueEntry, ahead: Int?, in queue: QueueState) {
        ticket = entry.ticket
        state = entry.state
        if let ahead {
            position = ahead + 1
            self.ahead = ahead
            etaSeconds = queue.etaSeconds(ahead: ahead)
        }
        message = entry.state == .waiting ? nil : entry.message
    }
}

/// One line of the host's queue panel.
public struct QueueEntryView: Encodable, Sendable {
    var ticket: Int
    var leadId: String
    var name: String
    var phoneMasked: String
    var jobTitle: String
    var waitingSince: Int64
    var connected: Bool
    var state: QueueEntry.State
    var calledAt: Int64?
}
