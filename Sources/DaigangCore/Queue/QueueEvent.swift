/// A change to a session's line; journaled, and replayed in order to rebuild the line.
public enum QueueEvent: Codable, Sendable, Equatable {
    case join(QueueEntry)
    case call(ticket: Int, message: String, at: Int64)
    case here(ticket: Int, at: Int64)
    case done(ticket: Int, outcome: QueueOutcome, at: Int64)
    case requeue(ticket: Int, to: QueuePlace, at: Int64)
    case leave(ticket: Int, at: Int64)
    /// The viewer stayed away longer than the grace period.
    case drop(ticket: Int, at: Int64)
    case pause(Bool, at: Int64)

    enum CodingKeys: String, CodingKey { case event, entry, ticket, message, at, outcome, to, paused }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let at = try c.decodeIfPresent(Int64.self, forKey: .at) ?? 0
        switch try c.decode(String.self, forKey: .event) {
        case "join": self = .join(try c.decode(QueueEntry.self, forKey: .entry))
        case "call": self = .call(ticket: try c.decode(Int.self, forKey: .ticket), message: try c.decode(String.self, forKey: .message), at: at)
        case "here": self = .here(ticket: try c.decode(Int.self, forKey: .ticket), at: at)
        case "done": self = .done(ticket: try c.decode(Int.self, forKey: .ticket), outcome: try c.decode(QueueOutcome.self, forKey: .outcome), at: at)
        case "requeue": self = .requeue(ticket: try c.decode(Int.self, forKey: .ticket), to: try c.decode(QueuePlace.self, forKey: .to), at: at)
        case "leave": self = .leave(ticket: try c.decode(Int.self, forKey: .ticket), at: at)
        case "drop": self = .drop(ticket: try c.decode(Int.self, forKey: .ticket), at: at)
        case "pause": self = .pause(try c.decode(Bool.self, forKey: .paused), at: at)
        case let other: throw DecodingError.dataCorruptedError(forKey: .event, in: c, debugDescription: "unknown queue event '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .join(let entry):
            try c.encode("join", forKey: .event)
            try c.encode(entry, forKey: .entry)
            try c.encode(entry.joinedAt, forKey: .at)
        case let .call(ticket, message, at):
            try c.encode("call", forKey: .event)
            try c.encode(ticket, forKey: .ticket)
            try c.encode(message, forKey: .message)
            try c.encode(at, forKey: .at)
        case let .here(ticket, at):
            try c.encode("here", forKey: .event)
            try c.encode(ticket, forKey: .ticket)
            try c.encode(at, forKey: .at)
        case let .done(ticket, outcome, at):
            try c.encode("done", forKey: .event)
            try c.encode(ticket, forKey: .ticket)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(at, forKey: .at)
        case let .requeue(ticket, to, at):
            try c.encode("requeue", forKey: .event)
            try c.encode(ticket, forKey: .ticket)
            try c.encode(to, forKey: .to)
            try c.encode(at, forKey: .at)
        case let .leave(ticket, at):
            try c.encode("leave", forKey: .event)
            try c.encode(ticket, forKey: .ticket)
            try c.encode(at, forKey: .at)
        case let .drop(ticket, at):
            try c.encode("drop", forKey: .event)
            try c.encode(ticket, forKey: .ticket)
            try c.encode(at, forKey: .at)
        case let .pause(paused, at):
            try c.encode("pause", forKey: .event)
            try c.encode(paused, forKey: .paused)
            try c.encode(at, forKey: .at)
        }
    }
}
