import DaigangCore
import DaigangSheets

/// Computes boards and reports on a `BackgroundWorker` thread, so the service thread never waits
/// for a season's figures (docs/REPORTS.md: where the figures are computed). At most
/// `maxPending` wait: the bureau has a handful of readers, a flood is a client bug (503).
typealias ReportWorker = BackgroundWorker<ReportWork, ReportWork>

/// A board or report on its way: the connection it answers, the hub's job, then its answer.
struct ReportWork: Sendable {
    let connection: ConnectionID
    let job: ReportJob
    var response: APIResponse?
}

extension BackgroundWorker where Request == ReportWork, Output == ReportWork {
    static var maxReportsPending: Int { 8 }

    convenience init(control: ServerControl) {
        self.init(name: "daigang-reports", control: control, ready: .reportsReady, maxPending: Self.maxReportsPending) { work in
            var done = work
            switch work.job.format {
            case .json:
                done.response = work.job.response()
            case .workbook:
                let body = ReportWorkbook.render(work.job.report())
                done.response = APIResponse(status: 200, contentType: ReportJob.workbookContentType, body: Array(body), headers: ReportJob.workbookHeaders)
            }
            return done
        }
    }
}
