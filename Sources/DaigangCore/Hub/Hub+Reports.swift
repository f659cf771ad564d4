extension Hub {
    /// Answers a request for the board or the report; the host token signs in until accounts with
    /// roles land (issue 11). The figures come from the durable state only (docs/REPORTS.md) and
    /// are computed off the service thread: the answer is a `.buildReport` effect.
    public func handleReport(_ request: ReportRequest, authorization: String?, address: String, from connection: ConnectionID, now: Instant) -> [HubEffect] {
        let now = advance(to: now)
        if case .refused(let effects) = authenticateHost(authorization: authorization, address: address, from: connection, now: now) {
            return effects
        }
        let builder = ReportBuilder(employers: settings.employers, thresholds: settings.boardThresholds)
        switch request {
        case .board(let session):
            return [.buildReport(connection, ReportJob(state: leads.state, builder: builder, includeOrigins: false, jobsOf: session))]
        case .report:
            return [.buildReport(connection, ReportJob(state: leads.state, builder: builder, includeOrigins: true))]
        case .methodNotAllowed(let allow):
            return [.respond(connection, .methodNotAllowed(allow: allow))]
        }
    }
}
