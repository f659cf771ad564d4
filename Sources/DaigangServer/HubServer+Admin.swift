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

    /// At most this many sheets are read at a time; another upload meanwhile gets 503 + Retry-After.
    static let maxConcurrentImports = 1
    static let importRetryAfterSeconds = 5

    /// Takes an uploaded job sheet (.xlsx or .csv, judged by its bytes) once the sign-in passed and
    /// hands it to the sheet thread: reading and checking 3,500 rows takes seconds, during which
    /// the service thread keeps serving the live stream. `takeSheetImports` answers.
    func importJobs(_ id: ConnectionID, session: String, isDryRun: Bool, exchange: HTTPExchange) {
        let principal: Principal
        switch hub.admitAdmin(.session(session), authorization: exchange.authorization, address: exchange.address, from: id, now: Self.now()) {
        case .refused(let effects):
            perform(effects)
            return
        case .admitted(let admitted):
            principal = admitted
        }
        guard importsInFlight < Self.maxConcurrentImports else {
            var busy = APIResponse.error(.unavailable, "another job sheet is being read; try again in a few seconds")
            busy.headers.append(("retry-after", String(Self.importRetryAfterSeconds)))
            respond(id, busy)
            return
        }
        guard !exchange.body.isEmpty else {
            respond(id, SheetRefusal(error: "bad_request", message: "没有收到文件：请上传 .xlsx 或 .csv 表格", reason: "empty", errors: [], omitted: 0).response(status: 400))
            return
        }
        importsInFlight += 1
        sheetImports.submit(SheetImportRequest(
            connection: id, session: session, isDryRun: isDryRun, principal: principal,
            upload: exchange.body, context: JobSheet.Context(employers: hub.employers, creditCodes: hub.employerCreditCodes)
        ))
    }

    /// Answers the sheets the sheet thread has read: a refusal as it is, good jobs through the hub
    /// (which journals them and answers once they are durable).
    func takeSheetImports() {
        for result in sheetImports.takeResults() {
            importsInFlight -= 1
            switch result.outcome {
            case .refused(let response):
                respond(result.connection, response)
            case .jobs(let jobs):
                let request = AdminRequest.importJobs(session: result.session, jobs: jobs, isDryRun: result.isDryRun)
                perform(hub.handleAdmin(request, principal: result.principal, from: result.connection, now: Self.now()))
            }
        }
    }
}

/// An upload for the sheet thread, with what the answer needs.
struct SheetImportRequest: Sendable {
    let connection: ConnectionID
    let session: String
    let isDryRun: Bool
    let principal: Principal
    let upload: [UInt8]
    let context: JobSheet.Context
}

/// A sheet read: its jobs, or the refusal to send.
struct SheetImportResult: Sendable {
    enum Outcome: Sendable {
        case jobs([Job])
        case refused(APIResponse)
    }

    let connection: ConnectionID
    let session: String
    let isDryRun: Bool
    let principal: Principal
    let outcome: Outcome
}

typealias SheetImportWorker = BackgroundWorker<SheetImportRequest, SheetImportResult>

extension SheetImportWorker {
    /// Reads sheets: a file that cannot be read, or any bad row, refuses the whole import with every problem.
    /// `SheetLimits` bound the work (10 MiB, 10,000 rows, 64 MiB inflated).
    convenience init(control: ServerControl) {
        self.init(name: "daigang-sheets", control: control, ready: .sheetsRead) { request in
            SheetImportResult(
                connection: request.connection, session: request.session, isDryRun: request.isDryRun,
                principal: request.principal, outcome: Self.read(request.upload, context: request.context)
            )
        }
    }

    private static func read(_ upload: [UInt8], context: JobSheet.Context) -> SheetImportResult.Outcome {
        let rows: [[String]]
        do {
            rows = try SheetReader.rows(fromUpload: Data(upload))
        } catch {
            let refusal = SheetRefusal(error: "bad_request", message: error.message, reason: error.kind.rawValue, errors: [], omitted: 0)
            return .refused(refusal.response(status: error.kind == .tooLarge ? 413 : 400))
        }
        switch JobSheet.parse(rows: rows, context: context) {
        case .failure(let rejection):
            let message = "表格有\(rejection.errors.count + rejection.omitted)处问题，没有导入任何岗位；改好后整张表重新上传"
            let refusal = SheetRefusal(error: "bad_request", message: message, reason: "rows", errors: rejection.errors, omitted: rejection.omitted)
            return .refused(refusal.response(status: 400))
        case .success(let jobs):
            return .jobs(jobs)
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
