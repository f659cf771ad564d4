import DaigangCore
import DaigangSheets
import Foundation

extension HubServer {
    /// Admits an admin request, then lets the hub answer it (or writes the template).
    func answerAdmin(_ id: ConnectionID, _ request: AdminRequest, exchange: HTTPExchange) {
        switch hub.admitAdmin(request.access, authorization: exchange.authorization, address: exchange.address, from: id, now: Self.now()) {
        case .refused(let effects):
            perform(effects)
        case .admitted(let principal):
            guard request != .jobsTemplate else {
                respond(id, APIResponse(
                    status: 200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: Array(JobSheetTemplate.workbook()),
                    headers: [("content-disposition", "attachment; filename=\"jobs-template.xlsx\"; filename*=UTF-8''%E5%B2%97%E4%BD%8D%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx")]
                ))
                return
            }
            perform(hub.handleAdmin(request, principal: principal, from: id, now: Self.now()))
        }
    }

    /// Reads an uploaded job sheet (.xlsx or .csv, judged by its bytes) once the sign-in passed;
    /// a sheet that cannot be read, or any bad row, refuses the whole import with every problem.
    ///
    /// The sheet is read on the service thread: `SheetLimits` bound the work (10 MiB, 10,000 rows,
    /// 64 MiB inflated), and only organizers and hosts can send one.
    func importJobs(_ id: ConnectionID, session: String, isDryRun: Bool, exchange: HTTPExchange) {
        let principal: Principal
        switch hub.admitAdmin(.session(session), authorization: exchange.authorization, address: exchange.address, from: id, now: Self.now()) {
        case .refused(let effects):
            perform(effects)
            return
        case .admitted(let admitted):
            principal = admitted
        }
        let rows: [[String]]
        do {
            rows = try SheetReader.rows(fromUpload: Data(exchange.body))
        } catch {
            let refusal = SheetRefusal(error: "bad_request", message: error.message, reason: error.kind.rawValue, errors: [], omitted: 0)
            respond(id, refusal.response(status: error.kind == .tooLarge ? 413 : 400))
            return
        }
        switch JobSheet.parse(rows: rows, context: JobSheet.Context(employers: hub.employers)) {
        case .failure(let rejection):
            let message = "表格有\(rejection.errors.count + rejection.omitted)处问题，没有导入任何岗位；改好后整张表重新上传"
            let refusal = SheetRefusal(error: "bad_request", message: message, reason: "rows", errors: rejection.errors, omitted: rejection.omitted)
            respond(id, refusal.response(status: 400))
        case .success(let jobs):
            perform(hub.handleAdmin(.importJobs(session: session, jobs: jobs, isDryRun: isDryRun), principal: principal, from: id, now: Self.now()))
        }
    }
}

/// A refused sheet: what the clerk reads (`message`), what a client branches on (`reason`: a
/// `SheetError.Kind`, or `rows`), and every bad cell as `{row, column, reason}`.
private struct SheetRefusal: Encodable {
    var error: String
    var message: String
    var reason: String
    var errors: [RowError]
    var omitted: Int

    func response(status: Int) -> APIResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(self) else { preconditionFailure("a sheet refusal always encodes") }
        return APIResponse(status: status, body: Array(body))
    }
}
