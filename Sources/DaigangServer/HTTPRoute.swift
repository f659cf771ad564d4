import DaigangCore

/// Where an HTTP request goes, decided once from its method, path and query.
///
/// The one place that reads the API's paths (STYLE.md: route HTTP once, in the server layer):
/// the hub gets a typed `HRRequest`, never a path. HEAD reaches the router as GET (the server
/// answers it as GET without the body), so every path that takes GET allows HEAD too.
enum HTTPRoute: Equatable {
    /// The HR leads API: the hub checks the sign-in, then answers.
    case hr(HRRequest)
    /// The bureau's figures (board, report): the hub checks the organizer's or host's sign-in, then answers.
    case report(ReportRequest)
    /// The accounts API (`/api/admin/accounts`): the hub checks the organizer's sign-in, then answers.
    case accounts(AccountRequest)
    /// The admin API: the hub checks the sign-in, then answers.
    case admin(AdminRequest)
    /// `POST /api/admin/sessions/{id}/jobs/import`: the server reads the sheet once the sign-in passed.
    case adminImport(session: String, isDryRun: Bool)
    /// A GET for the poster of a session (`job` nil) or of one of its jobs.
    case poster(session: String, job: String?)
    /// A GET for the server's own read-only resources: pages, health, session snapshots, the QR code.
    case site
    /// The public front door's list of live and upcoming sessions, `GET /api/sessions`.
    case sessionDirectory
    /// A session's job list, `GET /api/sessions/{id}/jobs`.
    case catalog(sessionID: String)
    /// One job of a session, `GET /api/sessions/{id}/jobs/{jobId}`.
    case job(sessionID: String, jobID: String)
    /// Another method on one of the server's own paths; `allow` names the methods it takes.
    case methodNotAllowed(allow: [String])

    /// The methods of a resource that can only be read.
    static let readOnly = ["GET", "HEAD"]
    /// The methods of a resource that can only be added to.
    static let postOnly = ["POST"]

    /// - Parameters:
    ///   - method: `GET` (also for HEAD), `POST`, or anything else the server did not name.
    ///   - arguments: the query's arguments, URL-decoded; the last of a repeated name wins.
    ///   - body: the request body, read in full; only a follow-up keeps it.
    init(method: String, path: String, arguments: [String: String], body: [UInt8]) {
        if let report = Self.reportRequest(method: method, path: path, session: arguments["session"]) {
            self = .report(report)
            return
        }
        if path == "/api/admin/accounts" || path.hasPrefix("/api/admin/accounts/") {
            self = .accounts(Self.accountRequest(method: method, path: path, body: body))
            return
        }
        if path == "/api/admin" || path.hasPrefix("/api/admin/") {
            self = Self.adminRoute(method: method, path: path, arguments: arguments, body: body)
            return
        }
        guard path == "/api/leads" || path.hasPrefix("/api/leads/") || path == "/api/leads.csv" || path == "/api/leads.xlsx" else {
            guard method == "GET" else {
                self = .methodNotAllowed(allow: Self.readOnly)
                return
            }
            // Posters first: `/api/sessions/{id}/jobs/{jobId}/poster.png` is not a job.
            self = path == "/api/sessions" ? .sessionDirectory : Self.poster(path) ?? Self.sessionResource(path) ?? .site
            return
        }
        self = .hr(Self.hrRequest(method: method, path: path, arguments: arguments, body: body))
    }

    /// `/api/board`, `/api/report` and `/api/report.xlsx`; nil for any other path.
    private static func reportRequest(method: String, path: String, session: String?) -> ReportRequest? {
        let request: ReportRequest
        switch path {
        case "/api/board": request = .board(session: session.flatMap { $0.isEmpty ? nil : $0 })
        case "/api/report": request = .report
        case "/api/report.xlsx": request = .workbook
        default: return nil
        }
        return method == "GET" ? request : .methodNotAllowed(allow: readOnly)
    }

    /// `/api/sessions/{id}/jobs` and `/api/sessions/{id}/jobs/{jobId}`; nil for any other path.
    private static func sessionResource(_ path: String) -> HTTPRoute? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard segments.count >= 4, segments[0] == "api", segments[1] == "sessions", segments[3] == "jobs", !segments[2].isEmpty else { return nil }
        switch segments.count {
        case 4: return .catalog(sessionID: segments[2])
        case 5 where !segments[4].isEmpty: return .job(sessionID: segments[2], jobID: segments[4])
        default: return nil
        }
    }

    /// Routes under `/api/leads`; empty segments are ignored (`/api/leads/` is the list).
    private static func hrRequest(method: String, path: String, arguments: [String: String], body: [UInt8]) -> HRRequest {
        let segments = path.split(separator: "/").dropFirst().map(String.init)  // after "api"
        switch (segments.first, segments.count) {
        case ("leads", 1):
            guard method == "GET" else { return .methodNotAllowed(allow: readOnly) }
            return .listLeads(leadQuery(arguments), cursor: arguments["cursor"], limit: arguments["limit"])
        case ("leads.csv", 1):
            guard method == "GET" else { return .methodNotAllowed(allow: readOnly) }
            return .exportCSV(leadQuery(arguments))
        case ("leads.xlsx", 1):
            guard method == "GET" else { return .methodNotAllowed(allow: readOnly) }
            return .exportXLSX(leadQuery(arguments))
        case ("leads", 2):
            guard method == "GET" else { return .methodNotAllowed(allow: readOnly) }
            // Lead ids are `L` and digits, so this name is never a lead's.
            return segments[1] == "sessions" ? .sessions : .leadDetail(id: segments[1])
        case ("leads", 3) where segments[2] == "followups":
            guard method == "POST" else { return .methodNotAllowed(allow: postOnly) }
            return .addFollowUp(leadId: segments[1], body: body)
        default:
            return .notFound
        }
    }

    /// Routes under `/api/admin/accounts`; empty segments are ignored.
    private static func accountRequest(method: String, path: String, body: [UInt8]) -> AccountRequest {
        let segments = path.split(separator: "/").dropFirst(3).map(String.init)  // after "api/admin/accounts"
        switch segments.count {
        case 0:
            switch method {
            case "GET": return .list
            case "POST": return .create(body: body)
            default: return .methodNotAllowed(allow: ["GET", "HEAD", "POST"])
            }
        case 1:
            guard method == "DELETE" else { return .methodNotAllowed(allow: ["DELETE"]) }
            return .revoke(id: segments[0])
        default:
            return .notFound
        }
    }

    /// Whether a request may carry a body larger than `HubServer.maxRequestBody`: a job sheet upload.
    static func takesLargeBody(method: String, path: String) -> Bool {
        guard method == "POST" else { return false }
        let segments = path.split(separator: "/")
        return segments.count == 6 && segments[0] == "api" && segments[1] == "admin" && segments[2] == "sessions"
            && segments[4] == "jobs" && segments[5] == "import"
    }

    /// Routes under `/api/admin`; empty segments are ignored.
    private static func adminRoute(method: String, path: String, arguments: [String: String], body: [UInt8]) -> HTTPRoute {
        let segments = path.split(separator: "/").dropFirst(2).map(String.init)  // after "api", "admin"
        func only(_ allowed: [String], _ request: AdminRequest) -> HTTPRoute {
            let methods = allowed.contains("GET") ? allowed + ["HEAD"] : allowed
            return .admin(allowed.contains(method) ? request : .methodNotAllowed(allow: methods))
        }
        switch segments.count {
        case 1 where segments[0] == "sessions":
            return only(["GET", "POST"], method == "POST" ? .createSession(body: body) : .listSessions)
        case 1 where segments[0] == "policies":
            return only(["GET", "POST"], method == "POST" ? .createLibraryPolicy(body: body) : .listLibraryPolicies)
        case 2 where segments[0] == "policies":
            return only(["PUT"], .replaceLibraryPolicy(id: segments[1], body: body))
        case 3 where segments[0] == "sessions" && segments[2] == "library-policies":
            return only(["POST"], .addLibraryPolicy(session: segments[1], body: body))
        case 1 where segments[0] == "employers":
            return only(["GET", "POST"], method == "POST" ? .createEmployer(body: body) : .listEmployers)
        case 2 where segments[0] == "employers":
            return only(["PATCH"], .updateEmployer(id: segments[1], body: body))
        case 1 where segments[0] == "jobs-template.xlsx":
            return only(["GET"], .jobsTemplate)
        case 2 where segments[0] == "sessions":
            return only(["GET", "PATCH"], method == "PATCH" ? .updateSession(id: segments[1], body: body) : .session(id: segments[1]))
        case 3 where segments[0] == "sessions" && segments[2] == "copy":
            return only(["POST"], .copySession(id: segments[1], body: body))
        case 3 where segments[0] == "sessions" && segments[2] == "jobs":
            return only(["POST"], .createJob(session: segments[1], body: body))
        case 4 where segments[0] == "sessions" && segments[2] == "jobs" && segments[3] == "import":
            guard method == "POST" else { return .admin(.methodNotAllowed(allow: postOnly)) }
            let dryRun = arguments["dryRun"].map { $0 == "1" || $0 == "true" } ?? false
            return .adminImport(session: segments[1], isDryRun: dryRun)
        case 3 where segments[0] == "sessions" && segments[2] == "policies":
            return only(["POST"], .createPolicy(session: segments[1], body: body))
        case 4 where segments[0] == "sessions" && segments[2] == "policies":
            switch method {
            case "PUT": return .admin(.replacePolicy(session: segments[1], policyId: segments[3], body: body))
            case "DELETE": return .admin(.withdrawPolicy(session: segments[1], policyId: segments[3]))
            default: return .admin(.methodNotAllowed(allow: ["PUT", "DELETE"]))
            }
        case 4 where segments[0] == "sessions" && segments[2] == "jobs":
            switch method {
            case "PUT": return .admin(.replaceJob(session: segments[1], jobId: segments[3], body: body))
            case "DELETE": return .admin(.withdrawJob(session: segments[1], jobId: segments[3]))
            default: return .admin(.methodNotAllowed(allow: ["PUT", "DELETE"]))
            }
        default:
            return .admin(.notFound)
        }
    }

    /// `/api/sessions/{id}/poster.png` and `/api/sessions/{id}/jobs/{jobId}/poster.png`.
    private static func poster(_ path: String) -> HTTPRoute? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard segments.count >= 4, segments[0] == "api", segments[1] == "sessions", segments.last == "poster.png",
              !segments[2].isEmpty else { return nil }
        switch segments.count {
        case 4: return .poster(session: segments[2], job: nil)
        case 6 where segments[3] == "jobs" && !segments[4].isEmpty: return .poster(session: segments[2], job: segments[4])
        default: return nil
        }
    }

    private static func leadQuery(_ arguments: [String: String]) -> LeadQuery {
        LeadQuery(session: arguments["session"], job: arguments["job"], status: arguments["status"], since: arguments["since"], q: arguments["q"],
                  labels: arguments["labels"], hometown: arguments["hometown"] ?? arguments["hometownCode"])
    }
}
