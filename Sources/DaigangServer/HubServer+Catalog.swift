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
