/// A session's interview line as a value: events in, the same line out, live or at recovery.
///
/// Events that no longer fit (a ticket already gone) are ignored, so replaying is always safe.
public struct QueueState: Codable, Sendable, Equatable {
    /// Active tickets in line order; called and confirmed ones keep their slot but are not "waiting".
    public private(set) var entries: [QueueEntry] = []
    public private(set) var paused = false
    public private(set) var nextTicket = 1
    /// Recent service times in milliseconds (call to done), newest last.
    public private(set) var serviceTimes: [Int64] = []
    public private(set) var servedCount = 0

    static let serviceTimesKept = 10
    static let servedBeforeETA = 3

    public init() {}

    public var waitingCount: Int { entries.reduce(0) { $0 + ($1.state == .waiting ? 1 : 0) } }

    public func entry(_ ticket: Int) -> QueueEntry? { entries.first { $0.ticket == ticket } }

    public func entry(forViewer viewerId: String) -> QueueEntry? { entries.first { $0.viewerId == viewerId } }

    /// The first waiting ticket, the one "call next" calls.
    public var nextWaiting: QueueEntry? { entries.first { $0.state == .waiting } }

    /// 1-based place among the waiting, and how many wait ahead.
    public func position(of ticket: Int) -> (position: Int, ahead: Int)? {
        var ahead = 0
        for entry in entries {
            if entry.ticket == ticket { return entry.state == .waiting ? (ahead + 1, ahead) : nil }
            if entry.state == .waiting { ahead += 1 }
        }
        return nil
    }

    /// Seconds until a ticket with `ahead` people before it is called; nil until enough were served.
    public func etaSeconds(ahead: Int) -> Int? {
        guard servedCount >= Self.servedBeforeETA, !serviceTimes.isEmpty else { return nil }
        let average = Double(serviceTimes.reduce(0, +)) / Double(serviceTimes.count) / 1000
        return Int((average * Double(ahead)).rounded())
    }

    /// Applies one event; returns whether anything changed.
    @discardableResult
    public mutating func apply(_ event: QueueEvent) -> Bool {
        switch event {
        case .join(let entry):
            guard self.entry(entry.ticket) == nil, self.entry(forViewer: entry.viewerId) == nil else { return false }
            entries.append(entry)
            nextTicket = max(nextTicket, entry.ticket + 1)
        case let .call(ticket, message, at):
            guard let index = index(of: ticket), entries[index].state == .waiting else { return false }
            entries[index].state = .called
            entries[index].calledAt = at
            entries[index].message = message
        case .here(let ticket, _):
            guard let index = index(of: ticket), entries[index].state == .called else { return false }
            entries[index].state = .here
        case let .done(ticket, outcome, at):
            guard let index = index(of: ticket) else { return false }
            let entry = entries.remove(at: index)
            if outcome != .skipped, let calledAt = entry.calledAt {
                serviceTimes.append(max(0, at - calledAt))
                if serviceTimes.count > Self.serviceTimesKept { serviceTimes.removeFirst() }
                servedCount += 1
            }
        case let .requeue(ticket, place, _):
            guard let index = index(of: ticket) else { return false }
            var entry = entries.remove(at: index)
            entry.state = .waiting
            entry.calledAt = nil
            entry.message = nil
            let firstWaiting = entries.firstIndex { $0.state == .waiting } ?? entries.count
            entries.insert(entry, at: place == .front ? firstWaiting : entries.count)
        case .leave(let ticket, _), .drop(let ticket, _):
            guard let index = index(of: ticket) else { return false }
            entries.remove(at: index)
        case .pause(let value, _):
            guard paused != value else { return false }
            paused = value
        }
        return true
    }

    private func index(of ticket: Int) -> Int? { entries.firstIndex { $0.ticket == ticket } }
}
