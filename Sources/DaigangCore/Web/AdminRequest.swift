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
    /// `DELETE /api/admin/sessions/{id}/policies/{policyId}`: the policy withdrawn (un-shown if shown).
    case withdrawPolicy(session: String, policyId: String)
    /// `POST /api/admin/sessions/{id}/jobs/import`: the rows of a sheet that read cleanly, all
    /// to be added (or replaced, by id) at once; `isDryRun` only previews.
    case importJobs(session: String, jobs: [Job], isDryRun: Bool)
    /// `POST /api/admin/sessions`: a new scheduled session (organizers).
    case createSession(body: [UInt8])
    /// `PATCH /api/admin/sessions/{id}`: title, hostName, description, startsAt, campaign, status.
    case updateSession(id: String, body: [UInt8])
    /// `POST /api/admin/sessions/{id}/copy`: a new scheduled session with the same jobs and policies (organizers).
    case copySession(id: String, body: [UInt8])
    /// `GET /api/admin/policies`: the policy library shared across sessions.
    case listLibraryPolicies
    /// `POST /api/admin/policies`: a new library policy (organizers; 409 if its id is taken).
    case createLibraryPolicy(body: [UInt8])
    /// `PUT /api/admin/policies/{id}`: a library policy replaced whole (organizers).
    case replaceLibraryPolicy(id: String, body: [UInt8])
    /// `POST /api/admin/sessions/{id}/library-policies` body `{"policyId"}`: the library's policy
    /// added to (or, same id, replacing in) the session.
    case addLibraryPolicy(session: String, body: [UInt8])
    /// `GET /api/admin/employers`: the employer directory (organizers).
    case listEmployers
    /// `POST /api/admin/employers`: a new employer (409 if its id is taken).
    case createEmployer(body: [UInt8])
    /// `PATCH /api/admin/employers/{id}`: the fields given changed (verified, suspended, …).
    case updateEmployer(id: String, body: [UInt8])
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
        /// Organizers only (the employer directory).
        case organizer
    }

    public var access: Access {
        switch self {
        case .listSessions, .jobsTemplate, .methodNotAllowed, .notFound, .listLibraryPolicies: .staff
        case .createLibraryPolicy, .replaceLibraryPolicy: .organizer
        case .addLibraryPolicy(let id, _): .session(id)
        case .listEmployers, .createEmployer, .updateEmployer, .createSession, .copySession: .organizer
        case .updateSession(let id, _): .session(id)
        case .session(let id), .createJob(let id, _), .replaceJob(let id, _, _), .withdrawJob(let id, _), .importJobs(let id, _, _),
             .createPolicy(let id, _), .replacePolicy(let id, _, _),
             .withdrawPolicy(let id, _): .session(id)
        }
    }
}
