import Foundation

extension Hub {
    /// Answers a request for the board or the report; the host token signs in until accounts with
    /// roles land (issue 11). The figures come from the durable state only (docs/REPORTS.md).
    public func handleReport(_ request: ReportRequest, authorization: String?, address: String, from connection: ConnectionID, now: Instant) -> [HubEffect] {
        let now = advance(to: now)
        if case .refused(let effects) = authenticateHost(authorization: authorization, address: address, from: connection, now: now) {
            return effects
        }
        let builder = ReportBuilder(employers: settings.employers, thresholds: settings.boardThresholds)
        switch request {
        case .board:
            return [.respond(connection, Self.reportResponse(builder.build(leads.state, includeOrigins: false), encoder: encoder))]
        case .report:
            return [.respond(connection, Self.reportResponse(builder.build(leads.state, includeOrigins: true), encoder: encoder))]
        case .methodNotAllowed(let allow):
            return [.respond(connection, .methodNotAllowed(allow: allow))]
        }
    }

    static func reportResponse(_ report: CampaignReport, encoder: JSONEncoder) -> APIResponse {
        guard let body = try? encoder.encode(report) else { return .error(.unavailable, "could not encode the answer") }
        var response = APIResponse(status: 200, body: Array(body))
        response.headers.append(("cache-control", "no-store"))
        return response
    }
}
