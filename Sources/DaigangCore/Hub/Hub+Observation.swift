/// Who is on a connection, as the server's audit log names them; never a token.
public struct ClientSummary: Sendable, Equatable {
    /// Nil until `hello` is accepted.
    public var role: ClientRole?
    public var employerId: String?
    public var sessionID: String?
    /// The client address the hub keys its limits by.
    public var address: String
}

/// Connections by what they are, for the `daigang_connections` gauge.
public struct ConnectionCounts: Sendable, Equatable {
    public var viewers = 0
    public var hosts = 0
    public var hr = 0
    /// Connected but not (yet) welcomed.
    public var unwelcomed = 0
}

/// What the server reads off the hub to observe it: plain values, no metric or log calls in Core.
extension Hub {
    public func summary(of connection: ConnectionID) -> ClientSummary? {
        guard let client = clients[connection] else { return nil }
        return ClientSummary(role: client.role, employerId: client.employerId, sessionID: client.sessionID, address: client.address)
    }

    /// The employer whose HR token the header carries, for the access log; charges no sign-in budget.
    public func employerID(forAuthorization header: String?) -> String? {
        principal(bearer: Self.bearerToken(header), now: wallNow)?.employerId
    }

    /// O(connections): for a scrape, not for every frame.
    public var connectionCounts: ConnectionCounts {
        var counts = ConnectionCounts()
        for client in clients.values {
            switch client.role {
            case .viewer: counts.viewers += 1
            case .host: counts.hosts += 1
            case .hr: counts.hr += 1
            case nil: counts.unwelcomed += 1
            }
        }
        return counts
    }

    /// Tickets waiting or called in every session's interview line.
    public var ticketsInLines: Int {
        sessions.values.reduce(0) { $0 + $1.queue.live.entries.count }
    }
}
