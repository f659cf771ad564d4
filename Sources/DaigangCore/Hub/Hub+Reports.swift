extension Hub {
    /// Answers a request for the board or the report. Organizers read everything; a host reads the
    /// board of a session it runs (its figures only), and the whole campaign only when it is given
    /// every session; HR reads neither (403); an unknown `?session=` is 404. The figures come from the durable state only (docs/REPORTS.md) and are
    /// computed off the service thread: the answer is a `.buildReport` effect.
    public func handleReport(_ request: ReportRequest, authorization: String?, address: String, from connection: ConnectionID, now: Instant) -> [HubEffect] {
        let now = advance(to: now)
        let principal: Principal
        switch authenticate(authorization: authorization, address: address, channel: .httpReport, hint: "organizer or host token", from: connection, now: now) {
        case .refused(let effects): return effects
        case .accepted(let signedIn): principal = signedIn
        }
        let builder = ReportBuilder(employers: employerProfiles, thresholds: settings.boardThresholds, divisions: divisions)
        switch request {
        case .board(let session):
            if let refusal = Self.reportRefusal(to: principal, session: session) { return [.respond(connection, refusal)] }
            if let session, sessions[session] == nil {
                return [.respond(connection, .error(.notFound, "no session '\(session.prefix(64))'"))]
            }
            // A host given some sessions reads the board of the one it asked for, and nothing of the others.
            let only = principal.role == .host && principal.sessions != nil ? session.map { Set([$0]) } : nil
            return [.buildReport(connection, ReportJob(state: reportState, builder: builder, includeOrigins: false, jobsOf: session.map { .session($0) } ?? .none, only: only))]
        case .report:
            if let refusal = Self.reportRefusal(to: principal, session: nil) { return [.respond(connection, refusal)] }
            return [.buildReport(connection, ReportJob(state: reportState, builder: builder, includeOrigins: true))]
        case .workbook:
            if let refusal = Self.reportRefusal(to: principal, session: nil) { return [.respond(connection, refusal)] }
            return [.buildReport(connection, ReportJob(state: reportState, builder: builder, includeOrigins: true, format: .workbook))]
        case .methodNotAllowed(let allow):
            return [.respond(connection, .methodNotAllowed(allow: allow))]
        }
    }

    /// Why `principal` may not read the figures of `session` (nil: the whole campaign), or nil if it may.
    static func reportRefusal(to principal: Principal, session: String?) -> APIResponse? {
        switch principal.role {
        case .organizer:
            return nil
        case .hr:
            return .error(.forbidden, "HR accounts cannot read the bureau's figures")
        case .host:
            if principal.sessions == nil { return nil }
            if let session, principal.mayHost(session: session) { return nil }
            return .error(.forbidden, session == nil ? "this host account is not given every session: ask for ?session=" : "this host account is not given that session")
        }
    }
}
