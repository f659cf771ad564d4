/// Every account as its events made it; applied live and at recovery alike. No I/O.
///
/// A value inside `LeadBook.State`, so a snapshot carries the accounts with everything else.
public struct AccountBook: Sendable, Equatable {
    public private(set) var accounts: [String: Account] = [:]
    /// Account ids in the order they were created.
    public private(set) var order: [String] = []
    private var idByTokenHash: [String: String] = [:]

    public init() {}

    /// Applies one event; events arrive in journal order. A second `created` for an id replaces
    /// it (a snapshot after the journal that made it); revoking twice keeps the first revocation.
    public mutating func apply(_ event: AccountEvent) {
        switch event {
        case .created(let account):
            if let earlier = accounts[account.id] { idByTokenHash[earlier.tokenHash] = nil } else { order.append(account.id) }
            accounts[account.id] = account
            idByTokenHash[account.tokenHash] = account.id
        case .revoked(let id, let at, let by):
            guard var account = accounts[id], !account.isRevoked else { return }
            account.revokedAt = at
            account.revokedBy = by
            accounts[id] = account
        }
    }

    /// Every account in creation order.
    public var all: [Account] { order.compactMap { accounts[$0] } }

    /// The account whose token hashes to `hash`, usable or not; the hashes are compared in constant time.
    public func account(withTokenHash hash: String) -> Account? {
        guard let id = idByTokenHash[hash], let account = accounts[id], AccountToken.constantTimeEquals(account.tokenHash, hash) else { return nil }
        return account
    }

    /// The events that rebuild this book, for a snapshot: one `created` per account, as it is now.
    public var compactedEvents: [AccountEvent] { all.map(AccountEvent.created) }
}
