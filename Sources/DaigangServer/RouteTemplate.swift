/// The route a request path matched, as a template: the `route` label of
/// `daigang_http_requests_total` and the access log's `http.route`.
///
/// Ids are replaced by placeholders (`/api/leads/{id}`), every page and asset is `static`, and
/// anything else is `other`, so the label has a small fixed set of values whatever clients send.
enum RouteTemplate {
    static func of(path: String, isStaticAsset: Bool) -> String {
        switch path {
        case "/healthz", "/readyz", "/version", "/metrics", "/qr.svg", "/ws", "/api/leads", "/api/leads.csv", "/api/leads.xlsx",
             "/api/sessions", "/api/admin/accounts", "/api/admin/sessions", "/api/admin/employers", "/api/admin/policies",
             "/api/admin/jobs-template.xlsx":
            return path
        case "/api/leads/": return "/api/leads"
        default: break
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if segments.count >= 3, segments[0] == "api", segments[1] == "sessions" {
            switch (segments.count, segments.count > 3 ? segments[3] : "", segments.last ?? "") {
            case (3, _, _): return "/api/sessions/{id}"
            case (4, "poster.png", _): return "/api/sessions/{id}/poster.png"
            case (4, "jobs", _): return "/api/sessions/{id}/jobs"
            case (5, "jobs", _): return "/api/sessions/{id}/jobs/{jobId}"
            case (6, "jobs", "poster.png"): return "/api/sessions/{id}/jobs/{jobId}/poster.png"
            default: return "/api/sessions/other"
            }
        }
        if segments.count >= 3, segments[0] == "api", segments[1] == "leads" {
            if segments.count == 3 { return "/api/leads/{id}" }
            if segments.count == 4, segments[3] == "followups" { return "/api/leads/{id}/followups" }
            return "/api/leads/other"
        }
        if segments.count >= 3, segments[0] == "api", segments[1] == "admin" {
            // Only names from a fixed list reach the label: a client chooses the path.
            let area = ["accounts", "sessions", "employers", "policies"].first { $0 == segments[2] } ?? "other"
            return "/api/admin/\(area)/…"
        }
        return isStaticAsset ? "static" : "other"
    }
}
