import Foundation

extension Hub {
    /// The door a sign-in came through, as the security log names it.
    enum AuthChannel: String {
        case webSocketHost = "ws_host"
        case webSocketHR = "ws_hr"
        case httpHR = "http_hr"
        case httpAdmin = "http_admin"
        case httpReport = "http_report"
    }

    /// Tokens at least this long pass even while their address is throttled (see `authRetryAfter`).
    static let throttleProofTokenLength = 32

    /// Seconds until `address` may try to sign in again, or `nil` if it may now.
    ///
    /// Once an address has used up its failed sign-ins, every sign-in from it is refused (right
    /// token or wrong) until the budget has a token again: guessing then costs real time. A
    /// correct token of `throttleProofTokenLength` characters or more still passes: a random token
    /// that long cannot be guessed at any rate, and staff who share an address with a guesser
    /// (the venue's Wi-Fi, a carrier's NAT) must not be locked out by one.
    func authRetryAfter(_ address: String, now: Int64) -> Int? {
        guard let bucket = authBuckets[address], !bucket.hasToken(now: now) else { return nil }
        return max(1, bucket.secondsUntilToken(now: now))
    }

    /// Charges a failed sign-in to the address's budget.
    func recordAuthFailure(_ address: String, now: Int64) {
        var bucket = authBuckets[address] ?? TokenBucket(perMinute: settings.authFailuresPerMinutePerAddress, now: now)
        _ = bucket.take(now: now)
        authBuckets[address] = bucket
    }

    /// How a sign-in ended.
    enum SignIn {
        /// Signed in as this principal (its role may still not allow what was asked).
        case accepted(Principal)
        /// Refused: the answer, the security event, and for a WebSocket the close.
        case refused([HubEffect])
    }

    /// Checks a host or HR `hello`'s token. A refusal answers the error, logs a security event and
    /// closes the connection, so it cannot be reused for the next guess.
    ///
    /// A host signs in with an organizer's token or a host's whose scope has the session; HR with
    /// an HR token (an account's or an employer's bootstrap one). A good token for another role or
    /// session is refused with `forbidden`, not charged to the address: nothing was guessed.
    func checkSignIn(_ hello: ClientMessage.Hello, connection: ConnectionID, ref: MessageRef?, now: Int64) -> SignIn {
        let address = clients[connection]?.address ?? ""
        let channel: AuthChannel = hello.role == .host ? .webSocketHost : .webSocketHR
        let principal = principal(bearer: hello.token, now: wallNow)
        let isThrottleProof = (hello.token?.count ?? 0) >= Self.throttleProofTokenLength
        if let retry = authRetryAfter(address, now: now), !(isThrottleProof && principal != nil) {
            let error = ProtocolError(.rateLimited, "too many failed sign-ins from your network; try again in \(retry) seconds")
            return .refused([
                reply(connection, .error(error, ref: ref)),
                .securityEvent(SecurityEvent(kind: "auth_throttled", address: address, channel: channel.rawValue, detail: "session \(hello.session), retry after \(retry) s")),
                .disconnect(connection, reason: "too many failed sign-ins"),
            ])
        }
        let who = hello.role == .host ? "host" : "HR"
        guard let principal else {
            recordAuthFailure(address, now: now)
            return .refused([
                reply(connection, .error(ProtocolError(.unauthorized, "wrong or missing \(who) token"), ref: ref)),
                .securityEvent(SecurityEvent(
                    kind: "auth_failed", address: address, channel: channel.rawValue,
                    detail: "session \(hello.session), \(hello.token == nil ? "no token" : "wrong token")"
                )),
                .disconnect(connection, reason: "authentication failed"),
            ])
        }
        let isAllowed = switch hello.role {
        case .host: principal.mayHost(session: hello.session)
        case .hr: principal.role == .hr && principal.employerId != nil
        case .viewer: true
        }
        guard isAllowed else {
            let message = hello.role == .host ? "this account may not host session '\(hello.session.prefix(64))'" : "this is not an HR account"
            return .refused([
                reply(connection, .error(ProtocolError(.forbidden, message), ref: ref)),
                .securityEvent(SecurityEvent(kind: "auth_forbidden", address: address, channel: channel.rawValue, detail: "session \(hello.session), account \(principal.accountId)")),
                .disconnect(connection, reason: "not allowed"),
            ])
        }
        return .accepted(principal)
    }

    /// Checks an `Authorization: Bearer …` header for an HTTP API; either the principal or the refusal.
    ///
    /// A request without the header is refused but not charged (nothing was guessed); a wrong,
    /// expired or revoked token is charged to the address, and an address out of budget is
    /// refused with 429 unless it presents a valid token of `throttleProofTokenLength` or more.
    /// - Parameter hint: what the 401 tells the client to send.
    func authenticate(authorization: String?, address: String, channel: AuthChannel, hint: String, from connection: ConnectionID, now: Int64) -> SignIn {
        let presented = Self.bearerToken(authorization)
        let principal = principal(bearer: presented, now: wallNow)
        if let principal, (presented?.count ?? 0) >= Self.throttleProofTokenLength { return .accepted(principal) }
        if let retry = authRetryAfter(address, now: now) {
            var response = APIResponse.error(.rateLimited, "too many failed sign-ins from your network; try again in \(retry) seconds")
            response.headers.append(("retry-after", String(retry)))
            return .refused([
                .respond(connection, response),
                .securityEvent(SecurityEvent(kind: "auth_throttled", address: address, channel: channel.rawValue, detail: "retry after \(retry) s")),
            ])
        }
        if let principal { return .accepted(principal) }
        var effects: [HubEffect] = [.respond(connection, .error(.unauthorized, "send Authorization: Bearer <\(hint)>"))]
        if authorization != nil {
            recordAuthFailure(address, now: now)
            effects.append(.securityEvent(SecurityEvent(kind: "auth_failed", address: address, channel: channel.rawValue, detail: "wrong token")))
        }
        return .refused(effects)
    }
}
