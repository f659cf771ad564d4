/// A named sign-in for a person: organizer, host or HR, as the journal keeps it.
///
/// The token itself is never stored: only its SHA-256 (`tokenHash`, lowercase hex), so a copy of
/// the data dir does not hand out sign-ins. Accounts are never deleted, only revoked, so an id is
/// never reused and every record that names one keeps meaning the same person.
public struct Account: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var role: AccountRole
    /// A host's sessions, sorted; `nil` is every session (and is always `nil` for other roles).
    public var sessions: [String]?
    /// An HR account's employer; `nil` for other roles.
    public var employerId: String?
    /// SHA-256 of the token, lowercase hex.
    public var tokenHash: String
    /// Wall-clock milliseconds after which the token is refused; `nil` never expires.
    public var expiresAt: Int64?
    public var createdAt: Int64
    /// The account that created this one (a `bootstrap-…` id for the config's tokens).
    public var createdBy: String
    public var revokedAt: Int64?
    public var revokedBy: String?

    public init(
        id: String, name: String, role: AccountRole, sessions: [String]? = nil, employerId: String? = nil, tokenHash: String,
        expiresAt: Int64? = nil, createdAt: Int64, createdBy: String, revokedAt: Int64? = nil, revokedBy: String? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.sessions = sessions
        self.employerId = employerId
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
    }

    public var isRevoked: Bool { revokedAt != nil }

    /// Whether the token signs in at wall time `now`: not revoked and not expired.
    public func isUsable(at now: Int64) -> Bool {
        guard !isRevoked else { return false }
        if let expiresAt, now >= expiresAt { return false }
        return true
    }

    /// Who this account acts as.
    public var principal: Principal {
        Principal(accountId: id, name: name, role: role, sessions: sessions.map(Set.init), employerId: employerId)
    }
}
