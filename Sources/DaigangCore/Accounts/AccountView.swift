/// An account as the accounts API shows it: everything but the token hash, plus its status now.
struct AccountView: Encodable, Equatable {
    enum Status: String, Encodable { case active, expired, revoked }

    var id: String
    var name: String
    var role: AccountRole
    var sessions: [String]?
    var employerId: String?
    var expiresAt: Int64?
    var createdAt: Int64
    var createdBy: String
    var revokedAt: Int64?
    var revokedBy: String?
    var status: Status

    init(_ account: Account, now: Int64) {
        id = account.id
        name = account.name
        role = account.role
        sessions = account.sessions
        employerId = account.employerId
        expiresAt = account.expiresAt
        createdAt = account.createdAt
        createdBy = account.createdBy
        revokedAt = account.revokedAt
        revokedBy = account.revokedBy
        status = account.isRevoked ? .revoked : account.isUsable(at: now) ? .active : .expired
    }
}
