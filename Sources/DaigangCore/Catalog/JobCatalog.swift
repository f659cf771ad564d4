import Foundation

/// A session's job list as served over HTTP (`GET /api/sessions/{id}/jobs`): encoded once per
/// version of the list and shared by every viewer that asks.
///
/// The ETag is a hash of the encoded jobs, so it changes with every job event that changes a
/// job (and stays the same across a restart that changed nothing: caches stay valid).
public struct JobCatalog: Sendable, Equatable {
    /// A weak validator (`W/"…"`): the gzip'd and the plain bytes are the same list.
    public let etag: String
    /// `{"etag":…,"jobs":[…]}`.
    public let body: [UInt8]
    public let jobCount: Int

    /// - Precondition: the encoder sorts keys (the hash must not depend on dictionary order).
    init(jobs: [Job], encoder: JSONEncoder) {
        guard let jobsJSON = try? encoder.encode(jobs) else { preconditionFailure("jobs always encode") }
        etag = CachedRepresentation.etag(prefix: "j", of: Array(jobsJSON))
        let head = Array("{\"etag\":\(APIResponse.jsonString(etag)),\"jobs\":".utf8)
        body = head + Array(jobsJSON) + [UInt8(ascii: "}")]
        jobCount = jobs.count
    }

    /// Caches may keep it but must ask (a 304 costs a few bytes) before each use: it changes
    /// whenever a job does, and the welcome names the current ETag.
    public static let cacheControl = "public, max-age=0, must-revalidate"

    /// Where viewers fetch it.
    public static func url(forSession id: String) -> String {
        "/api/sessions/\(id)/jobs"
    }
}
