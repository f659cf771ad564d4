import Foundation

extension Hub {
    /// A session's job list for `GET /api/sessions/{id}/jobs`; nil for an unknown session.
    public func catalog(of sessionID: String) -> JobCatalog? {
        sessions[sessionID]?.catalog(with: encoder)
    }

    /// One job as JSON for `GET /api/sessions/{id}/jobs/{jobId}`; nil when the session or the job is unknown.
    public func jobJSON(_ jobID: String, in sessionID: String) -> [UInt8]? {
        guard let job = sessions[sessionID]?.job(withID: jobID), let bytes = try? encoder.encode(job) else { return nil }
        return Array(bytes)
    }
}
