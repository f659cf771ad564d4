/// A server message encoded once; a broadcast shares these bytes among all its recipients.
public struct OutboundMessage: Sendable {
    public let bytes: [UInt8]
    /// Set for state-like events that replace an older queued one for a slow connection.
    public let coalescingKey: CoalescingKey?
    /// The message type, for logs and metrics.
    public let type: String
}

/// What the hub asks the server to do after handling an input.
public enum HubEffect: Sendable {
    /// Send to one connection.
    case send(ConnectionID, OutboundMessage)
    /// Send to every connection in the session (see `Hub.members(of:)`).
    case broadcast(sessionID: String, OutboundMessage)
    /// Make these records durable, then call `Hub.persisted(token:isDurable:now:)`.
    case persist([StoreRecord], token: UInt64)
    /// Answer an HTTP request.
    case respond(ConnectionID, APIResponse)
}
