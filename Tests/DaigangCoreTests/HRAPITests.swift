@testable import DaigangCore
import Foundation
import Testing

/// The HR API as the hub sees it: typed requests in (the server routed them), effects out.
struct HRAPITests {
    let viewer = ConnectionID(1)
    let hr = ConnectionID(9)
    let acme = "Bearer hr-token-acme"
    let now: Instant = 5_000

    /// A hub with three durable leads: L000001 (j1, acme), L000002 (j3, swift-logistics), L000003 (j2, acme).
    func hubWithLeads() throws -> Hub {
        let hub = Fixtures.hub()
        hub.join(viewer)
        for (job, phone) in [("j1", "13812345678"), ("j3", "13900001111"), ("j2", "15012345678")] {
            let apply = #"{"type":"apply","jobId":"\#(job)","name":"张三","phone":"\#(phone)","consent":true}"#
            guard case .persist(_, let token) = hub.receive(text: Array(apply.utf8), from: viewer, now: 1_000).first else {
                throw Failure("the apply asked for no write")
            }
            _ = hub.persisted(token: token, isDurable: true, now: 1_000)
        }
        #expect(hub.leads.count == 3)
        return hub
    }

    func handle(_ hub: Hub, _ request: HRRequest, authorization: String? = "Bearer hr-token-acme") -> [HubEffect] {
        hub.handleHR(request, authorization: authorization, address: "203.0.113.7", from: hr, now: now)
    }

    /// The one answer of `effects`, which must be nothing but that answer.
    func answer(_ effects: [HubEffect]) throws -> APIResponse {
        guard effects.count == 1, case .respond(let connection, let response) = effects[0] else {
            throw Failure("expected one answer, got \(effects)")
        }
        #expect(connection == hr)
        return response
    }

    /// The records of the one store write of `effects`, and the answer once they are durable (or not).
    func write(_ hub: Hub, _ effects: [HubEffect], isDurable: Bool = true) throws -> (records: [StoreRecord], response: APIResponse) {
        guard effects.count == 1, case .persist(let records, let token) = effects[0] else {
            throw Failure("expected one store write, got \(effects)")
        }
        return (records, try answer(hub.persisted(token: token, isDurable: isDurable, now: now)))
    }

    func json(_ response: APIResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    func ids(_ response: APIResponse) -> [String] {
        (json(response)["leads"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    static let everyRequest: [HRRequest] = [
        .listLeads(LeadQuery(), cursor: nil, limit: nil),
        .exportCSV(LeadQuery()),
        .leadDetail(id: "L000001"),
        .addFollowUp(leadId: "L000001", body: Array(#"{"status":"contacted"}"#.utf8)),
        .methodNotAllowed(allow: ["GET", "HEAD"]),
        .notFound,
    ]

    @Test(arguments: everyRequest)
    func everyRequestWithoutASignInIsUnauthorizedBeforeItIsLookedAt(request: HRRequest) throws {
        let hub = try hubWithLeads()
        let response = try answer(handle(hub, request, authorization: nil))
        #expect(response.status == 401)
        #expect(json(response)["error"] as? String == "unauthorized")
        #expect(response.headers.map(\.name) == ["www-authenticate"])
        #expect(response.headers.first?.value == #"Bearer realm="daigang""#)
        #expect(hub.leads.lead(withID: "L000001")?.followups ?? [] == [])
    }

    @Test(arguments: everyRequest)
    func aWrongTokenIsUnauthorizedAndLoggedForEveryRequest(request: HRRequest) throws {
        let hub = try hubWithLeads()
        let effects = handle(hub, request, authorization: "Bearer hr-token-swift-guess")
        #expect(effects.count == 2)
        guard case .respond(_, let response) = effects.first, case .securityEvent(let event) = effects.last else {
            throw Failure("expected an answer and a security event, got \(effects)")
        }
        #expect(response.status == 401)
        #expect(event == SecurityEvent(kind: "auth_failed", address: "203.0.113.7", channel: "http_hr", detail: "wrong token"))
    }

    @Test func theListHoldsOnlyTheEmployersLeadsNewestFirst() throws {
        let hub = try hubWithLeads()
        let response = try answer(handle(hub, .listLeads(LeadQuery(), cursor: nil, limit: nil)))
        #expect(response.status == 200)
        #expect(response.contentType == "application/json; charset=utf-8")
        #expect(ids(response) == ["L000003", "L000001"])
        #expect(json(response)["nextCursor"] is NSNull)
        #expect(String(decoding: response.body, as: UTF8.self).contains("13812345678"), "HR sees the full phone number")
    }

    @Test func theCursorWalksThePages() throws {
        let hub = try hubWithLeads()
        let first = try answer(handle(hub, .listLeads(LeadQuery(), cursor: nil, limit: "1")))
        #expect(ids(first) == ["L000003"])
        let cursor = try #require(json(first)["nextCursor"] as? String)
        let second = try answer(handle(hub, .listLeads(LeadQuery(), cursor: cursor, limit: "1")))
        #expect(ids(second) == ["L000001"])
        #expect(json(second)["nextCursor"] is NSNull)
    }

    @Test(arguments: [
        (LeadQuery(job: "j2"), ["L000003"]),
        (LeadQuery(job: "j3"), []),  // another employer's job
        (LeadQuery(session: "s1", status: "new"), ["L000003", "L000001"]),
        (LeadQuery(status: "hired"), []),
        (LeadQuery(since: "1000"), ["L000003", "L000001"]),
        (LeadQuery(since: "1001"), []),
        (LeadQuery(session: "", job: "", status: "", since: ""), ["L000003", "L000001"]),  // empty means unset
    ])
    func theFiltersNarrowTheList(query: LeadQuery, expected: [String]) throws {
        let hub = try hubWithLeads()
        #expect(ids(try answer(handle(hub, .listLeads(query, cursor: nil, limit: nil)))) == expected)
    }

    static let statusMessage = "status must be one of new, contacted, interview_scheduled, agreed, hired, rejected, unreachable, line_no_show, withdrawn"

    @Test(arguments: [
        (LeadQuery(status: "done"), nil, nil, statusMessage),
        (LeadQuery(since: "-1"), nil, nil, "since must be milliseconds since 1970"),
        (LeadQuery(since: "yesterday"), nil, nil, "since must be milliseconds since 1970"),
        (LeadQuery(), nil, "0", "limit must be 1–200"),
        (LeadQuery(), nil, "201", "limit must be 1–200"),
        (LeadQuery(), nil, "", "limit must be 1–200"),
        (LeadQuery(), "L-nope", nil, "cursor is not valid"),
        (LeadQuery(status: "done"), "L-nope", "0", statusMessage),  // the filter is checked first
        (LeadQuery(), "L-nope", "0", "limit must be 1–200"),
    ] as [(LeadQuery, String?, String?, String)])
    func aBadQueryValueIsRefusedNamingIt(query: LeadQuery, cursor: String?, limit: String?, message: String) throws {
        let hub = try hubWithLeads()
        let response = try answer(handle(hub, .listLeads(query, cursor: cursor, limit: limit)))
        #expect(response.status == 400)
        #expect(json(response)["error"] as? String == "bad_request")
        #expect(json(response)["message"] as? String == message)
    }

    @Test func aBadFilterRefusesTheExportWithoutAnAuditRecord() throws {
        let hub = try hubWithLeads()
        let response = try answer(handle(hub, .exportCSV(LeadQuery(status: "done"))))
        #expect(response.status == 400)
        #expect(json(response)["message"] as? String == Self.statusMessage)
    }

    @Test func aLeadDetailIsAnsweredOnceItsAuditRecordIsDurable() throws {
        let hub = try hubWithLeads()
        let (records, response) = try write(hub, handle(hub, .leadDetail(id: "L000001")))
        #expect(records == [.audit(AuditEntry(employerId: "acme", action: .viewLead, leadIds: ["L000001"], at: now.wall, by: "bootstrap-hr-acme"))])
        #expect(response.status == 200)
        let lead = try #require(json(response)["lead"] as? [String: Any])
        #expect(lead["id"] as? String == "L000001")
        #expect(lead["phone"] as? String == "13812345678")
        #expect(lead["followups"] as? [Any] != nil)
    }

    @Test func aLeadDetailWhoseAuditRecordCannotBeWrittenIsUnavailable() throws {
        let hub = try hubWithLeads()
        let (_, response) = try write(hub, handle(hub, .leadDetail(id: "L000001")), isDurable: false)
        #expect(response.status == 503)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("13812345678"))
    }

    @Test func anotherEmployersLeadIsAnsweredExactlyLikeAMissingOne() throws {
        let hub = try hubWithLeads()
        let foreign = try answer(handle(hub, .leadDetail(id: "L000002")))
        let missing = try answer(handle(hub, .leadDetail(id: "L999999")))
        #expect(foreign.status == 404)
        #expect(json(foreign)["message"] as? String == "no lead 'L000002'")
        #expect(String(decoding: foreign.body, as: UTF8.self).replacingOccurrences(of: "L000002", with: "<ID>")
            == String(decoding: missing.body, as: UTF8.self).replacingOccurrences(of: "L999999", with: "<ID>"))
        let followUp = try answer(handle(hub, .addFollowUp(leadId: "L000002", body: Array(#"{"status":"hired"}"#.utf8))))
        #expect(followUp.status == 404)
        #expect(hub.leads.lead(withID: "L000002")?.followups ?? [] == [])
    }

    @Test func anExportIsAuditedWithEveryLeadItHolds() throws {
        let hub = try hubWithLeads()
        let (records, response) = try write(hub, handle(hub, .exportCSV(LeadQuery())))
        #expect(records == [.audit(AuditEntry(employerId: "acme", action: .export, leadIds: ["L000003", "L000001"], at: now.wall, by: "bootstrap-hr-acme"))])
        #expect(response.status == 200)
        #expect(response.contentType == "text/csv; charset=utf-8")
        #expect(response.headers.map(\.name) == ["content-disposition"])
        #expect(response.headers.first?.value
            == #"attachment; filename="leads-acme.csv"; filename*=UTF-8''%E7%BA%BF%E7%B4%A2-Acme%20%E7%94%B5%E5%AD%90-acme.csv"#)
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.contains("L000001") && text.contains("L000003") && !text.contains("L000002"))
    }

    @Test func aFollowUpIsRecordedThenAnsweredWithTheLead() throws {
        let hub = try hubWithLeads()
        let body = Array(#"{"status":"contacted","note":"已联系"}"#.utf8)
        let (records, response) = try write(hub, handle(hub, .addFollowUp(leadId: "L000001", body: body)))
        #expect(records == [.followup(leadId: "L000001", FollowUp(status: .contacted, note: "已联系", at: now.wall, by: "bootstrap-hr-acme", byName: "HR acme"))])
        #expect(response.status == 201)
        let lead = try #require(json(response)["lead"] as? [String: Any])
        #expect(lead["status"] as? String == "contacted")
        #expect(hub.leads.lead(withID: "L000001")?.followups?.count == 1)
    }

    @Test(arguments: [#"not json"#, #"{"status":"done"}"#, #"{"note":"no status"}"#, ""])
    func aFollowUpWithABadBodyIsRefusedAndChangesNothing(body: String) throws {
        let hub = try hubWithLeads()
        let response = try answer(handle(hub, .addFollowUp(leadId: "L000001", body: Array(body.utf8))))
        #expect(response.status == 400)
        #expect(json(response)["error"] as? String == "bad_request")
        #expect(hub.leads.lead(withID: "L000001")?.followups ?? [] == [])
    }

    @Test(arguments: [["GET", "HEAD"], ["POST"]])
    func aMethodTheAPIPathDoesNotTakeNamesTheOnesItDoes(allow: [String]) throws {
        let hub = try hubWithLeads()
        let response = try answer(handle(hub, .methodNotAllowed(allow: allow)))
        #expect(response.status == 405)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"method_not_allowed","message":"method not allowed here"}"#)
        #expect(response.headers.map(\.name) == ["allow"])
        #expect(response.headers.first?.value == allow.joined(separator: ", "))
    }

    @Test func anUnknownAPIResourceIsNotFound() throws {
        let hub = try hubWithLeads()
        let response = try answer(handle(hub, .notFound))
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"not_found","message":"no such API"}"#)
    }
}
