import Foundation

extension Hub {
    /// Answers an accounts API request the server has routed (organizers only).
    ///
    /// The sign-in is checked first, for every case (401 with `WWW-Authenticate`, or 429); a
    /// principal that is not an organizer gets 403. A new account or a revocation is answered
    /// only once its record is durable; a revocation also closes the account's open WebSockets.
    public func handleAccounts(_ request: AccountRequest, authorization: String?, address: String, from connection: ConnectionID, now: Instant) -> [HubEffect] {
        let now = advance(to: now)
        let principal: Principal
        switch authenticate(authorization: authorization, address: address, channel: .httpAdmin, hint: "organizer token", from: connection, now: now) {
        case .refused(let effects): return effects
        case .accepted(let found): principal = found
        }
        guard principal.role == .organizer else {
            return [.respond(connection, .error(.forbidden, "only an organizer manages accounts"))]
        }
        do {
            switch request {
            case .list:
                let views = leads.state.accounts.all.map { AccountView($0, now: wallNow) }
                return [.respond(connection, APIResponse(status: 200, body: try encodeJSON(["accounts": views])))]
            case .create(let body):
                return try createAccount(body, by: principal, connection: connection)
            case .revoke(let id):
                return try revokeAccount(id, by: principal, connection: connection)
            case .methodNotAllowed(let allow):
                return [.respond(connection, .methodNotAllowed(allow: allow))]
            case .notFound:
                return [.respond(connection, .error(.notFound, "no such API"))]
            }
        } catch {
            return [.respond(connection, .error(error.code, error.message))]
        }
    }

    private func createAccount(_ bodyBytes: [UInt8], by creator: Principal, connection: ConnectionID) throws(ProtocolError) -> [HubEffect] {
        let strict = JSONDecoder()
        strict.userInfo[.rejectsUnknownKeys] = true
        let body: NewAccount
        do {
            body = try strict.decode(NewAccount.self, from: Data(bodyBytes))
        } catch let error as DecodingError {
            throw ProtocolError.from(error)
        } catch {
            throw ProtocolError(.badRequest, "body is not valid JSON")
        }
        let token = makeToken()
        var account = try validated(body, tokenHash: AccountToken.hash(token), createdBy: creator.accountId)
        while leads.state.accounts.accounts[account.id] != nil || pendingAccountIDs.contains(account.id) {
            account.id = Self.accountID(from: makeToken())
        }
        let response = APIResponse(status: 201, body: try encodeJSON(CreatedAccount(account: AccountView(account, now: wallNow), token: token)))
        let writeToken = makeWriteToken()
        let records = [StoreRecord.account(.created(account))]
        pendingWrites[writeToken] = PendingWrite(records: records, purpose: .httpResponse(connection: connection, response: response))
        return [.persist(records, token: writeToken)]
    }

    /// Checks a new account's fields against the sessions and employers that exist; errors name the field.
    private func validated(_ body: NewAccount, tokenHash: String, createdBy: String) throws(ProtocolError) -> Account {
        let name: String
        do {
            name = try CatalogValidation.checkText(body.name, field: "name", maxLength: NewAccount.maxNameLength)
        } catch {
            throw ProtocolError.from(error)
        }
        guard let role = AccountRole(rawValue: body.role) else {
            throw ProtocolError(.badRequest, "field 'role' must be one of \(AccountRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var sessions: [String]?
        if let listed = body.sessions {
            guard role == .host else { throw ProtocolError(.badRequest, "field 'sessions' is only for a host account") }
            guard !listed.isEmpty, listed.count <= NewAccount.maxSessions else {
                throw ProtocolError(.badRequest, "field 'sessions' must name 1–\(NewAccount.maxSessions) sessions, or be left out for all of them")
            }
            for (index, id) in listed.enumerated() where self.sessions[id] == nil {
                throw ProtocolError(.badRequest, "field 'sessions[\(index)]' names no session: '\(id.prefix(64))'")
            }
            sessions = Set(listed).sorted()
        }
        switch (role, body.employerId) {
        case (.hr, nil):
            throw ProtocolError(.badRequest, "field 'employerId' is required for an HR account")
        case (.hr, let id?) where employersByID[id] == nil:
            throw ProtocolError(.badRequest, "field 'employerId' names no employer: '\(id.prefix(64))'")
        case (.organizer, _?), (.host, _?):
            throw ProtocolError(.badRequest, "field 'employerId' is only for an HR account")
        default:
            break
        }
        if let expiresAt = body.expiresAt, expiresAt <= wallNow {
            throw ProtocolError(.badRequest, "field 'expiresAt' must be in the future (milliseconds since 1970)")
        }
        return Account(
            id: Self.accountID(from: makeToken()), name: name, role: role, sessions: sessions, employerId: role == .hr ? body.employerId : nil,
            tokenHash: tokenHash, expiresAt: body.expiresAt, createdAt: wallNow, createdBy: createdBy
        )
    }

    private func revokeAccount(_ id: String, by revoker: Principal, connection: ConnectionID) throws(ProtocolError) -> [HubEffect] {
        if id.hasPrefix(Principal.bootstrapPrefix) {
            throw ProtocolError(.conflict, "'\(id.prefix(64))' comes from the config; change its token there instead")
        }
        guard let account = leads.state.accounts.accounts[id] else {
            throw ProtocolError(.notFound, "no account '\(id.prefix(64))'")
        }
        guard !account.isRevoked else {
            // DELETE is idempotent: revoking again changes nothing and says so.
            return [.respond(connection, APIResponse(status: 200, body: try encodeJSON(["account": AccountView(account, now: wallNow)])))]
        }
        var revoked = account
        revoked.revokedAt = wallNow
        revoked.revokedBy = revoker.accountId
        let response = APIResponse(status: 200, body: try encodeJSON(["account": AccountView(revoked, now: wallNow)]))
        let writeToken = makeWriteToken()
        let records = [StoreRecord.account(.revoked(accountId: id, at: wallNow, by: revoker.accountId))]
        pendingWrites[writeToken] = PendingWrite(records: records, purpose: .accountRevoked(accountId: id, connection: connection, response: response))
        return [.persist(records, token: writeToken)]
    }

    /// Account ids waiting for the disk, so a second create cannot take the same id.
    private var pendingAccountIDs: Set<String> {
        var ids: Set<String> = []
        for pending in pendingWrites.values {
            for case .account(.created(let account)) in pending.records { ids.insert(account.id) }
        }
        return ids
    }

    /// `a-` and 12 hex digits of a fresh random token: short enough to read out, never reused.
    static func accountID(from token: String) -> String {
        "a-" + token.prefix(12)
    }

    /// Closes the WebSockets signed in as an account that can no longer sign in (revoked, or expired).
    func signOut(account id: String, reason: String) -> [HubEffect] {
        let connections = signedIn.filter { $0.value == id }.map(\.key)
        return connections.sorted { $0.rawValue < $1.rawValue }.map { connection in
            signedIn[connection] = nil
            return .signOut(connection, reason: reason)
        }
    }

    /// Once a tick: signs out connections whose account has expired since they signed in.
    func signOutExpired() -> [HubEffect] {
        let expired = Set(signedIn.values).filter { id in
            leads.state.accounts.accounts[id].map { !$0.isUsable(at: wallNow) } ?? false
        }
        return expired.sorted().flatMap { signOut(account: $0, reason: "account expired") }
    }
}

/// The answer to a new account: the only time its token is ever shown.
private struct CreatedAccount: Encodable {
    var account: AccountView
    var token: String
}
