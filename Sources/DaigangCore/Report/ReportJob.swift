import Foundation

/// A board or report to compute away from the service thread: the durable state as it was when
/// asked (a copy-on-write value, as the compactor gets it) and how to read it.
///
/// The hub returns it in `HubEffect.buildReport`; the server's report thread calls `response()`
/// and hands the answer back through the inbox, so a large season never delays a broadcast.
public struct ReportJob: Sendable {
    public let state: LeadBook.State
    public let builder: ReportBuilder
    public let includeOrigins: Bool
    /// The session whose jobs get rows (`/api/board?session=`), if any.
    public let jobsOf: String?

    public init(state: LeadBook.State, builder: ReportBuilder, includeOrigins: Bool, jobsOf: String? = nil) {
        self.state = state
        self.builder = builder
        self.includeOrigins = includeOrigins
        self.jobsOf = jobsOf
    }

    /// Computes and encodes the figures; pure, safe on any thread.
    public func response() -> APIResponse {
        let report = builder.build(state, includeOrigins: includeOrigins, jobsOf: jobsOf)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let body = try? encoder.encode(report) else { return .error(.unavailable, "could not encode the answer") }
        return APIResponse(status: 200, body: Array(body), headers: [("cache-control", "no-store")])
    }
}
