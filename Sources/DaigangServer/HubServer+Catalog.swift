import DaigangCore

extension HubServer {
    /// `GET /api/sessions/{id}/jobs`: the hub's catalog, gzip'd once per version and shared by
    /// every viewer (a join storm compresses it once, not once per viewer).
    func catalogResponse(sessionID: String, conditional: ConditionalRequest) -> APIResponse {
        guard let catalog = hub.catalog(of: sessionID) else { return .error(.notFound, "no such session") }
        if let cached = catalogs[sessionID], cached.etag == catalog.etag { return cached.response(to: conditional) }
        let representation = CachedRepresentation(
            body: catalog.body, gzipped: Gzip.compress(catalog.body, effort: .balanced), etag: catalog.etag, lastModified: nil,
            contentType: "application/json; charset=utf-8", cacheControl: JobCatalog.cacheControl
        )
        catalogs[sessionID] = representation
        return representation.response(to: conditional)
    }
}

extension HubServer {
    /// Shared caches may keep the front door's list this long: a new session shows within seconds,
    /// and a crowd opening `/` at once costs one answer per cache, not one per phone.
    static let sessionDirectoryCacheControl = "public, max-age=5"

    /// `GET /api/sessions`: live and upcoming sessions, validated and gzip'd once per version.
    func sessionDirectoryResponse(links: ShareLinks, conditional: ConditionalRequest) -> APIResponse {
        let body = hub.sessionDirectoryJSON(links: links)
        let etag = CachedRepresentation.etag(prefix: "d", of: body)
        if let cached = sessionDirectory, cached.etag == etag { return cached.response(to: conditional) }
        let representation = CachedRepresentation(
            body: body, gzipped: Gzip.compress(body, effort: .balanced), etag: etag, lastModified: nil,
            contentType: "application/json; charset=utf-8", cacheControl: Self.sessionDirectoryCacheControl
        )
        sessionDirectory = representation
        return representation.response(to: conditional)
    }
}
