/// A request for the bureau's figures, as the server's router typed it (`/api/board`, `/api/report`, `/api/report.xlsx`).
public enum ReportRequest: Sendable, Equatable {
    /// `GET /api/board`: the shortage board (no hometowns); `?session=` adds that session's jobs.
    case board(session: String?)
    /// `GET /api/report`: the campaign report with where applicants come from, as aggregates only.
    case report
    /// `GET /api/report.xlsx`: the same report as a multi-sheet workbook (rendered by the server's report thread).
    case workbook
    /// One of those paths with a method it does not take.
    case methodNotAllowed(allow: [String])
}
