/// A server message encoded once; a broadcast shares these bytes among all its recipients.
public struct OutboundMessage: Sendable {
    public let bytes: [UInt8]
    /// Set for state-like events that replace an older queued one for a slow connection.
    public let coalescingKey: CoalescingKey?
    /// The message type, for logs and metrics.
    public let type: String
    /// For an `error` reply, its code: what the server counts refusals by.
    public var errorCode: ErrorCode? = nil
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
    /// Close a WebSocket connection (after the frames already queued for it) with 1008 and `reason`.
    case disconnect(ConnectionID, reason: String)
    /// Compute a board or report off the service thread (`ReportJob.response()`), then answer the request with it.
    case buildReport(ConnectionID, ReportJob)
    /// Close a host or HR WebSocket whose account was revoked or has expired, with close code
    /// 4401 and `reason` (docs/PROTOCOL.md, "Accounts and roles").
    case signOut(ConnectionID, reason: String)
    /// Something an operator should see: a failed login, a throttled address.
    case securityEvent(SecurityEvent)
}

/// A security-relevant event for the log; never carries a token or a full phone number.
public struct SecurityEvent: Sendable, Equatable {
    /// What happened, as a constant snake_case name (`auth_failed`, `auth_throttled`).
    public var kind: String
    /// The client address it came from.
    public var address: String
    /// Which door: `ws_host`, `ws_hr`, `http_hr`…
    public var channel: String
    /// Extra words for the operator; never secrets.
    public var detail: String

    public init(kind: String, address: String, channel: String, detail: String = "") {
        self.kind = kind
        self.address = address
        self.channel = channel
        self.detail = detail
    }
}
