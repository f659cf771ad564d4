import Foundation

extension Hub {
    /// The door a sign-in came through, as the security log names it.
    enum AuthChannel: String {
        case webSocketHost = "ws_host"
        case webSocketHR = "ws_hr"
        case httpHR = "http_hr"
        case httpAdmin = "http_admin"
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
        /// Signed in; the employer for HR, `nil` for the host.
        case accepted(Employer?)
        /// Refused: the answer, the security event, and for a WebSocket the close.
        case refused([HubEffect])
    }

    /// Checks a host or HR `hello`'s token. A refusal answers the error, logs a security event and
    /// closes the connection, so it cannot be reused for the next guess.
    func checkSignIn(_ hello: ClientMessage.Hello, connection: ConnectionID, ref: MessageRef?, now: Int64) -> SignIn {
        let address = clients[connection]?.address ?? ""
        let channel: AuthChannel = hello.role == .host ? .webSocketHost : .webSocketHR
        let isThrottleProof = (hello.token?.count ?? 0) >= Self.throttleProofTokenLength
        if let retry = authRetryAfter(address, now: now), !(isThrottleProof && signInIsValid(hello)) {
            let error = ProtocolError(.rateLimited, "too many failed sign-ins from your network; try again in \(retry) seconds")
            return .refused([
                reply(connection, .error(error, ref: ref)),
                .securityEvent(SecurityEvent(kind: "auth_throttled", address: address, channel: channel.rawValue, detail: "session \(hello.session), retry after \(retry) s")),
                .disconnect(connection, reason: "too many failed sign-ins"),
            ])
        }
        let employer = hello.role == .hr ? hello.token.flatMap(employer(forToken:)) : nil
        guard !signInIsValid(hello) else { return .accepted(employer) }
        recordAuthFailure(address, now: now)
        let who = hello.role == .host ? "host" : "HR"
        return .refused([
            reply(connection, .error(ProtocolError(.unauthorized, "wrong or missing \(who) token"), ref: ref)),
            .securityEvent(SecurityEvent(
                kind: "auth_failed", address: address, channel: channel.rawValue,
                detail: "session \(hello.session), \(hello.token == nil ? "no token" : "wrong token")"
            )),
            .disconnect(connection, reason: "authentication failed"),
        ])
    }

    /// Whether the hello's token is the host token (host) or an employer's (HR).
    private func signInIsValid(_ hello: ClientMessage.Hello) -> Bool {
        switch hello.role {
        case .host: hello.token.map { Self.constantTimeEquals($0, settings.hostToken) } ?? false
        case .hr: hello.token.flatMap(employer(forToken:)) != nil
        case .viewer: true
        }
    }

    /// Checks the HR API's `Authorization` header; either the employer or the refusal.
    ///
    /// A request without the header is refused but not charged (nothing was guessed); a wrong
    /// token is charged to the address, and an address out of budget is refused with 429.
    func authenticateHR(authorization: String?, address: String, from connection: ConnectionID, now: Int64) -> SignIn {
        let channel = AuthChannel.httpHR.rawValue
        let presented = authorization.map { String($0.dropFirst("Bearer ".count)) } ?? ""
        if presented.count >= Self.throttleProofTokenLength, let employer = authenticatedEmployer(authorization: authorization) {
            return .accepted(employer)
        }
        if let retry = authRetryAfter(address, now: now) {
            var response = APIResponse.error(.rateLimited, "too many failed sign-ins from your network; try again in \(retry) seconds")
            response.headers.append(("retry-after", String(retry)))
            return .refused([
                .respond(connection, response),
                .securityEvent(SecurityEvent(kind: "auth_throttled", address: address, channel: channel, detail: "retry after \(retry) s")),
            ])
        }
        if let employer = authenticatedEmployer(authorization: authorization) { return .accepted(employer) }
        var effects: [HubEffect] = [.respond(connection, .error(.unauthorized, "send Authorization: Bearer <HR token>"))]
        if authorization != nil {
            recordAuthFailure(address, now: now)
            effects.append(.securityEvent(SecurityEvent(kind: "auth_failed", address: address, channel: channel, detail: "wrong token")))
        }
        return .refused(effects)
    }

    /// The HR token in an `Authorization: Bearer …` header, if it is one.
    func authenticatedEmployer(authorization header: String?) -> Employer? {
        guard let header, header.hasPrefix("Bearer ") else { return nil }
        let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        return employer(forToken: token)
    }
}
