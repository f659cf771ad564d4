/// One change to the accounts, as it is journaled (`StoreRecord.account`, docs/STORE.md "Accounts").
public enum AccountEvent: Codable, Sendable, Equatable {
    /// A new account. Snapshots also write every account this way, revoked ones included
    /// (`revokedAt` set), so one case rebuilds the book from either.
    case created(Account)
    /// The account's token no longer signs in; `by` is the revoking account's id.
    case revoked(accountId: String, at: Int64, by: String)

    enum CodingKeys: String, CodingKey { case type, account, accountId, at, by }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "created": self = .created(try c.decode(Account.self, forKey: .account))
        case "revoked":
            self = .revoked(accountId: try c.decode(String.self, forKey: .accountId), at: try c.decode(Int64.self, forKey: .at), by: try c.decode(String.self, forKey: .by))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown account event '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .created(let account):
            try c.encode("created", forKey: .type)
            try c.encode(account, forKey: .account)
        case .revoked(let accountId, let at, let by):
            try c.encode("revoked", forKey: .type)
            try c.encode(accountId, forKey: .accountId)
            try c.encode(at, forKey: .at)
            try c.encode(by, forKey: .by)
        }
    }
}
