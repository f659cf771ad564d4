import DaigangCore
@testable import DaigangServer
import Testing

/// The router: method, path and query in, the typed destination out.
struct HTTPRouteTests {
    func route(_ method: String, _ path: String, _ arguments: [String: String] = [:], body: [UInt8] = []) -> HTTPRoute {
        HTTPRoute(method: method, path: path, arguments: arguments, body: body)
    }

    @Test(arguments: [
        ("GET", "/api/leads", HRRequest.listLeads(LeadQuery(), cursor: nil, limit: nil)),
        ("GET", "/api/leads/", .listLeads(LeadQuery(), cursor: nil, limit: nil)),
        ("GET", "/api/leads.csv", .exportCSV(LeadQuery())),
        ("GET", "/api/leads.xlsx", .exportXLSX(LeadQuery())),
        ("POST", "/api/leads.xlsx", .methodNotAllowed(allow: ["GET", "HEAD"])),
        ("GET", "/api/leads/L000042", .leadDetail(id: "L000042")),
        ("GET", "/api/leads//L000042/", .leadDetail(id: "L000042")),
        ("GET", "/api/leads/leads.csv", .leadDetail(id: "leads.csv")),
        ("POST", "/api/leads/L000042/followups", .addFollowUp(leadId: "L000042", body: [])),
        ("POST", "/api/leads", .methodNotAllowed(allow: ["GET", "HEAD"])),
        ("OTHER", "/api/leads", .methodNotAllowed(allow: ["GET", "HEAD"])),
        ("POST", "/api/leads.csv", .methodNotAllowed(allow: ["GET", "HEAD"])),
        ("POST", "/api/leads/L000042", .methodNotAllowed(allow: ["GET", "HEAD"])),
        ("GET", "/api/leads/L000042/followups", .methodNotAllowed(allow: ["POST"])),
        ("OTHER", "/api/leads/L000042/followups", .methodNotAllowed(allow: ["POST"])),
        ("GET", "/api/leads/L000042/notes", .notFound),
        ("POST", "/api/leads/L000042/notes", .notFound),
        ("GET", "/api/leads/L000042/followups/1", .notFound),
        ("GET", "/api/leads/sessions", .sessions),
        ("POST", "/api/leads/sessions", .methodNotAllowed(allow: ["GET", "HEAD"])),
    ])
    func theLeadsAPIIsRoutedToTypedRequests(method: String, path: String, expected: HRRequest) {
        #expect(route(method, path) == .hr(expected))
    }

    @Test(arguments: [
        ("GET", "/api/report", ReportRequest.report),
        ("GET", "/api/report.xlsx", .workbook),
        ("POST", "/api/report.xlsx", .methodNotAllowed(allow: ["GET", "HEAD"])),
        ("GET", "/api/board", .board(session: nil)),
    ])
    func theFiguresAreRoutedToTypedRequests(method: String, path: String, expected: ReportRequest) {
        #expect(route(method, path) == .report(expected))
    }

    @Test func theQueryFillsTheListAndTheExportUnchecked() {
        let arguments = ["session": "s1", "job": "", "status": "done", "since": "-5", "cursor": "L000009", "limit": "x", "token": "secret", "q": "张"]
        let query = LeadQuery(session: "s1", job: "", status: "done", since: "-5", q: "张")
        #expect(route("GET", "/api/leads", arguments) == .hr(.listLeads(query, cursor: "L000009", limit: "x")))
        #expect(route("GET", "/api/leads.csv", arguments) == .hr(.exportCSV(query)))
    }

    @Test func theSessionListIsItsOwnRouteAndReadOnly() {
        #expect(route("GET", "/api/sessions") == .sessionDirectory)
        #expect(route("POST", "/api/sessions") == .methodNotAllowed(allow: ["GET", "HEAD"]))
        #expect(route("GET", "/api/sessions/s1") == .site)
    }

    @Test func labelsAndHometownReachTheHubToBeChecked() {
        let query = LeadQuery(labels: "zh", hometown: "河南")
        #expect(route("GET", "/api/leads.xlsx", ["labels": "zh", "hometown": "河南"]) == .hr(.exportXLSX(query)))
        #expect(route("GET", "/api/leads", ["hometown": "河南"]) == .hr(.listLeads(LeadQuery(hometown: "河南"), cursor: nil, limit: nil)))
    }

    @Test func onlyAFollowUpKeepsTheBody() {
        let body = Array(#"{"status":"hired"}"#.utf8)
        #expect(route("POST", "/api/leads/L1/followups", body: body) == .hr(.addFollowUp(leadId: "L1", body: body)))
        #expect(route("GET", "/api/leads/L1", body: body) == .hr(.leadDetail(id: "L1")))
    }

    @Test(arguments: ["/", "/healthz", "/api/sessions/s1", "/qr.svg", "/api/leadsx", "/api/lead", "/api/leads.csv/L1", "/no/such/path"])
    func everythingElseIsTheSitesAndOnlyRead(path: String) {
        #expect(route("GET", path) == .site)
        #expect(route("POST", path) == .methodNotAllowed(allow: ["GET", "HEAD"]))
        #expect(route("OTHER", path) == .methodNotAllowed(allow: ["GET", "HEAD"]))
    }

    @Test(arguments: [
        ("/api/sessions/s1/poster.png", HTTPRoute.poster(session: "s1", job: nil)),
        ("/api/sessions/s1/jobs/j-1/poster.png", .poster(session: "s1", job: "j-1")),
        ("/api/sessions/s1", .site),
        ("/api/sessions//poster.png", .site),
        ("/api/sessions/s1/jobs//poster.png", .site),
        ("/api/sessions/s1/jobs/j1/x/poster.png", .site),
        ("/api/sessions/s1/other/j1/poster.png", .site),
    ])
    func postersAreRoutedBySessionAndJob(path: String, expected: HTTPRoute) {
        #expect(route("GET", path) == expected)
        if expected != .site { #expect(route("POST", path) == .methodNotAllowed(allow: ["GET", "HEAD"])) }
    }
}
