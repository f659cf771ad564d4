import Foundation

extension Hub {
    /// Who a bearer token signs in as at wall time `now` (milliseconds), or `nil` for a wrong,
    /// expired or revoked token.
    ///
    /// The config's tokens come first, as bootstrap principals that are not stored and cannot be
    /// revoked: `organizerToken` (`bootstrap-organizer`), `hostToken` (`bootstrap-host`, every
    /// session) and each employer's `hrToken` (`bootstrap-hr-<employer>`). Then the accounts, found
    /// by the SHA-256 of the token. Every secret is compared in constant time.
    /// - Parameter bearer: the token itself, without `Bearer `.
    public func principal(bearer: String?, now: Int64) -> Principal? {
        guard let token = bearer, !token.isEmpty else { return nil }
        if let organizer = settings.organizerToken, AccountToken.constantTimeEquals(token, organizer) {
            return Principal(accountId: Principal.bootstrapOrganizerID, name: "organizer", role: .organizer)
        }
        if AccountToken.constantTimeEquals(token, settings.hostToken) {
            return Principal(accountId: Principal.bootstrapHostID, name: "host", role: .host)
        }
        if let employer = employer(forToken: token) {
            return Principal(accountId: Principal.bootstrapHRID(employer: employer.id), name: "HR \(employer.id)", role: .hr, employerId: employer.id)
        }
        guard let account = leads.state.accounts.account(withTokenHash: AccountToken.hash(token)), account.isUsable(at: now) else { return nil }
        return account.principal
    }

    /// The token in an `Authorization: Bearer …` header.
    static func bearerToken(_ header: String?) -> String? {
        guard let header, header.hasPrefix("Bearer ") else { return nil }
        return String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
    }
}
