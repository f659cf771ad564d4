public enum AccountRole: String, Codable, Sendable { case organizer, host, hr }

public struct Principal: Sendable, Equatable {
    public var accountId: String
    public var name: String
    public var role: AccountRole
    public var sessions: Set<String>?
    public var employerId: String?

    public init(accountId: String, name: String, role: AccountRole, sessions: Set<String>? = nil, employerId: String? = nil) {
        self.accountId = accountId
        self.name = name
        self.role = role
        self.sessions = sessions
        self.employerId = employerId
    }
}

extension Hub {
    /// Stand-in until accounts land: the config's organizer token, and the host token as a host of every session.
    func principal(bearer: String?, now: Int64) -> Principal? {
        guard let bearer else { return nil }
        if let organizer = settings.organizerToken, Self.constantTimeEquals(bearer, organizer) {
            return Principal(accountId: "bootstrap-organizer", name: "organizer", role: .organizer)
        }
        if Self.constantTimeEquals(bearer, settings.hostToken) {
            return Principal(accountId: "bootstrap-host", name: "host", role: .host, sessions: nil)
        }
        return nil
    }
}
