/// The body of `POST /api/admin/accounts`, as sent; `Hub.validated(_:)` checks it against the
/// sessions and employers that exist.
struct NewAccount: Decodable {
    var name: String
    /// A string rather than `AccountRole`, so a bad role gets an error naming the field and the choices.
    var role: String
    var sessions: [String]?
    var employerId: String?
    var expiresAt: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable { case name, role, sessions, employerId, expiresAt }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        role = try c.decode(String.self, forKey: .role)
        sessions = try c.decodeIfPresent([String].self, forKey: .sessions)
        employerId = try c.decodeIfPresent(String.self, forKey: .employerId)
        expiresAt = try c.decodeIfPresent(Int64.self, forKey: .expiresAt)
    }

    /// Longest account name, in characters.
    static let maxNameLength = 80
    /// Most sessions one host account may name.
    static let maxSessions = 1_000
}
