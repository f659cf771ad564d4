/// A request to the admin API (`/api/admin/…`), as the server's router typed it.
///
/// The server maps method and path to a case once; the hub never sees a path. Bodies arrive raw
/// and are decoded once by the hub. A job sheet is read by the server (DaigangSheets) and arrives
/// as the jobs it holds: Core stays free of zip and XML.
public enum AdminRequest: Sendable, Equatable {
    /// `GET /api/admin/sessions`: the sessions the account may see.
    case listSessions
    /// `GET /api/admin/sessions/{id}`: one session with its jobs and policies.
    case session(id: String)
    /// `POST /api/admin/sessions/{id}/jobs`: a new job (409 if its id is taken).
    case createJob(session: String, body: [UInt8])
    /// `PUT /api/admin/sessions/{id}/jobs/{jobId}`: the job replaced whole.
    case replaceJob(session: String, jobId: String, body: [UInt8])
    /// `DELETE /api/admin/sessions/{id}/jobs/{jobId}`: the job withdrawn.
    case withdrawJob(session: String, jobId: String)
    /// `POST /api/admin/sessions/{id}/policies`: a new policy explainer (409 if its id is taken).
    case createPolicy(session: String, body: [UInt8])
    /// `PUT /api/admin/sessions/{id}/policies/{policyId}`: the policy replaced whole.
    case replacePolicy(session: String, policyId: String, body: [UInt8])
    /// `POST /api/admin/sessions/{id}/jobs/import`: the rows of a sheet that read cleanly, all
    /// to be added (or replaced, by id) at once; `isDryRun` only previews.
    case importJobs(session: String, jobs: [Job], isDryRun: Bool)
    /// `GET /api/admin/jobs-template.xlsx`: the server writes it once the sign-in passed.
    case jobsTemplate
    /// A path of the API with a method it does not take.
    case methodNotAllowed(allow: [String])
    /// Under `/api/admin`, but no resource of it.
    case notFound

    /// Who may make the request, before anything it names is looked up.
    public enum Access: Sendable, Equatable {
        /// Organizers and hosts (hosts see only their sessions in lists).
        case staff
        /// Organizers, and hosts given this session.
        case session(String)
    }

    public var access: Access {
        switch self {
        case .listSessions, .jobsTemplate, .methodNotAllowed, .notFound: .staff
        case .session(let id), .createJob(let id, _), .replaceJob(let id, _, _), .withdrawJob(let id, _), .importJobs(let id, _, _),
             .createPolicy(let id, _), .replacePolicy(let id, _, _): .session(id)
        }
    }
}
