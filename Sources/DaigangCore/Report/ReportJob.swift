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
    /// Which jobs get rows (`/api/board?session=`: that session's; the workbook: every session's).
    public let jobsOf: ReportBuilder.JobRowScope
    public let format: Format
    /// The sessions the figures cover (a host given some sessions sees only those); `nil`: all.
    public let only: Set<String>?

    /// What the answer is: JSON (`response()`), or the .xlsx the server renders from `report()`
    /// with DaigangSheets' `ReportWorkbook` (Core cannot import Sheets).
    public enum Format: Sendable {
        case json
        case workbook
    }

    public init(state: LeadBook.State, builder: ReportBuilder, includeOrigins: Bool, jobsOf: ReportBuilder.JobRowScope = .none, format: Format = .json, only: Set<String>? = nil) {
        self.state = state
        self.builder = builder
        self.includeOrigins = includeOrigins
        // The workbook's 岗位 sheet lists every session's jobs.
        self.jobsOf = format == .workbook ? .every : jobsOf
        self.format = format
        self.only = only
    }

    /// Computes the figures; pure, safe on any thread. The workbook has every session's jobs.
    public func report() -> CampaignReport {
        builder.build(state, includeOrigins: includeOrigins, jobsOf: jobsOf, only: only)
    }

    /// The answer's headers for the workbook: its type and a file name in ASCII and in UTF-8 (RFC 5987).
    public static let workbookContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    public static let workbookHeaders = [
        ("content-disposition", "attachment; filename=\"report.xlsx\"; filename*=UTF-8''%E6%8B%9B%E8%81%98%E6%8A%A5%E5%91%8A.xlsx"),
        ("cache-control", "no-store"),
    ]

    /// Computes and encodes the figures; pure, safe on any thread.
    public func response() -> APIResponse {
        let report = report()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let body = try? encoder.encode(report) else { return .error(.unavailable, "could not encode the answer") }
        return APIResponse(status: 200, body: Array(body), headers: [("cache-control", "no-store")])
    }
}
