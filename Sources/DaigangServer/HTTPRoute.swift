import DaigangCore

/// Where an HTTP request goes, decided once from its method, path and query.
///
/// The one place that reads the API's paths (STYLE.md: route HTTP once, in the server layer):
/// the hub gets a typed `HRRequest`, never a path. HEAD reaches the router as GET (the server
/// answers it as GET without the body), so every path that takes GET allows HEAD too.
enum HTTPRoute: Equatable {
    /// The HR leads API: the hub checks the sign-in, then answers.
    case hr(HRRequest)
    /// The admin API: the hub checks the sign-in, then answers.
    case admin(AdminRequest)
    /// `POST /api/admin/sessions/{id}/jobs/import`: the server reads the sheet once the sign-in passed.
    case adminImport(session: String, isDryRun: Bool)
    /// A GET for the poster of a session (`job` nil) or of one of its jobs.
    case poster(session: String, job: String?)
    /// A GET for the server's own read-only resources: pages, health, session snapshots, the QR code.
    case site
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
        if path == "/api/admin" || path.hasPrefix("/api/admin/") {
            self = Self.adminRoute(method: method, path: path, arguments: arguments, body: body)
            return
        }
        guard path == "/api/leads" || path.hasPrefix("/api/leads/") || path == "/api/leads.csv" else {
            guard method == "GET" else {
                self = .methodNotAllowed(allow: Self.readOnly)
                return
            }
            // Posters first: `/api/sessions/{id}/jobs/{jobId}/poster.png` is not a job.
            self = Self.poster(path) ?? Self.sessionResource(path) ?? .site
            return
        }
        self = .hr(Self.hrRequest(method: method, path: path, arguments: arguments, body: body))
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
        case ("leads", 2):
            guard method == "GET" else { return .methodNotAllowed(allow: readOnly) }
            return .leadDetail(id: segments[1])
        case ("leads", 3) where segments[2] == "followups":
            guard method == "POST" else { return .methodNotAllowed(allow: postOnly) }
            return .addFollowUp(leadId: segments[1], body: body)
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
            return only(["GET"], .listSessions)
        case 1 where segments[0] == "jobs-template.xlsx":
            return only(["GET"], .jobsTemplate)
        case 2 where segments[0] == "sessions":
            return only(["GET"], .session(id: segments[1]))
        case 3 where segments[0] == "sessions" && segments[2] == "jobs":
            return only(["POST"], .createJob(session: segments[1], body: body))
        case 4 where segments[0] == "sessions" && segments[2] == "jobs" && segments[3] == "import":
            guard method == "POST" else { return .admin(.methodNotAllowed(allow: postOnly)) }
            let dryRun = arguments["dryRun"].map { $0 == "1" || $0 == "true" } ?? false
            return .adminImport(session: segments[1], isDryRun: dryRun)
        case 3 where segments[0] == "sessions" && segments[2] == "policies":
            return only(["POST"], .createPolicy(session: segments[1], body: body))
        case 4 where segments[0] == "sessions" && segments[2] == "policies":
            return only(["PUT"], .replacePolicy(session: segments[1], policyId: segments[3], body: body))
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
        LeadQuery(session: arguments["session"], job: arguments["job"], status: arguments["status"], since: arguments["since"])
    }
}
