import DaigangCore
import DaigangSheets

/// Renders `GET /api/leads.xlsx` answers on a `BackgroundWorker` thread: zipping thousands of
/// rows takes long enough (about 0.2 ms a lead in a debug build) that the service thread must not
/// wait. The hub's answer arrives with `leadsWorkbook` set and leaves with the bytes as its body.
typealias WorkbookWorker = BackgroundWorker<WorkbookJob, WorkbookJob>

/// An export on its way: the connection it answers and the hub's answer.
struct WorkbookJob: Sendable {
    let connection: ConnectionID
    var response: APIResponse
}

extension BackgroundWorker where Request == WorkbookJob, Output == WorkbookJob {
    convenience init(control: ServerControl) {
        self.init(name: "daigang-workbooks", control: control, ready: .workbooksReady) { job in
            var done = job
            done.response.body = Array(LeadWorkbook.render(job.response.leadsWorkbook ?? []))
            done.response.leadsWorkbook = nil
            return done
        }
    }
}
