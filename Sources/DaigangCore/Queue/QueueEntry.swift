/// A place in the live interview line.
public struct QueueEntry: Codable, Sendable, Equatable {
    /// Where a ticket is between joining and leaving the line.
    public enum State: String, WireEnum {
        case waiting
        /// The host called it; the viewer has `callTimeoutSeconds` to confirm.
        case called
        /// The viewer confirmed and is with the host.
        case here
    }

    public var ticket: Int
    public var leadId: String
    public var viewerId: String
    /// The viewer's resume token, kept so a restart does not cost the viewer the place.
    public var resumeToken: String
    public var name: String
    public var phoneMasked: String
    public var jobTitle: String
    public var joinedAt: Int64
    public var state: State
    public var calledAt: Int64?
    public var message: String?
}

/// How a ticket left the line.
public enum QueueOutcome: String, WireEnum {
    case interviewed
    case noShow = "no_show"
    case skipped
}

/// Where a requeued ticket goes.
public enum QueuePlace: String, WireEnum {
    case front, back
}
