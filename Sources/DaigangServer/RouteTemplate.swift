/// The route a request path matched, as a template: the `route` label of
/// `daigang_http_requests_total` and the access log's `http.route`.
///
/// Ids are replaced by placeholders (`/api/leads/{id}`), every page and asset is `static`, and
/// anything else is `other`, so the label has a small fixed set of values whatever clients send.
enum RouteTemplate {
    static func of(path: String, isStaticAsset: Bool) -> String {
        switch path {
        case "/healthz", "/metrics", "/qr.svg", "/ws", "/api/leads", "/api/leads.csv": return path
        case "/api/leads/": return "/api/leads"
        default: break
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        if segments.count == 3, segments[0] == "api", segments[1] == "sessions" { return "/api/sessions/{id}" }
        if segments.count >= 3, segments[0] == "api", segments[1] == "leads" {
            if segments.count == 3 { return "/api/leads/{id}" }
            if segments.count == 4, segments[3] == "followups" { return "/api/leads/{id}/followups" }
            return "/api/leads/other"
        }
        return isStaticAsset ? "static" : "other"
    }
}
