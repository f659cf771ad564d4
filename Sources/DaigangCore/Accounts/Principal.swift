/// Who a request or a connection acts as, once its token is checked: an account, or one of the
/// config's bootstrap tokens (`bootstrap-organizer`, `bootstrap-host`, `bootstrap-hr-<employer>`).
public struct Principal: Sendable, Equatable {
    public var accountId: String
    public var name: String
    public var role: AccountRole
    /// The sessions a host may run; `nil` is all of them (and means nothing for other roles).
    public var sessions: Set<String>?
    /// The employer whose leads an HR account follows up.
    public var employerId: String?

    public init(accountId: String, name: String, role: AccountRole, sessions: Set<String>? = nil, employerId: String? = nil) {
        self.accountId = accountId
        self.name = name
        self.role = role
        self.sessions = sessions
        self.employerId = employerId
    }

    /// Whether this principal may run session `id` from the host console: organizers and hosts in scope.
    public func mayHost(session id: String) -> Bool {
        switch role {
        case .organizer: true
        case .host: sessions.map { $0.contains(id) } ?? true
        case .hr: false
        }
    }

    /// Whether this is a bootstrap principal from the config, which cannot be revoked.
    public var isBootstrap: Bool { accountId.hasPrefix(Self.bootstrapPrefix) }

    static let bootstrapPrefix = "bootstrap-"
    public static let bootstrapOrganizerID = "bootstrap-organizer"
    public static let bootstrapHostID = "bootstrap-host"
    public static func bootstrapHRID(employer: String) -> String { "bootstrap-hr-\(employer)" }
}
