@testable import DaigangCore
import Foundation
import Testing

/// The admin API's jobs as the hub sees them: sign-in and scope, then session events, answered once durable.
struct AdminJobsTests {
    let admin = ConnectionID(7)
    let viewer = ConnectionID(1)
    let organizer = Principal(accountId: "o1", name: "王科长", role: .organizer)
    let now: Instant = 5_000

    func hub() -> Hub {
        var settings = Fixtures.settings()
        settings.organizerToken = "organizer-token-0123456789"
        let hub = Hub(settings: settings)
        hub.connect(viewer, address: "198.51.100.1", now: 1_000)
        _ = hub.receive(text: Array(#"{"type":"hello","session":"s1","role":"viewer"}"#.utf8), from: viewer, now: 1_000)
        return hub
    }

    func admit(_ hub: Hub, _ access: AdminRequest.Access = .session("s1"), authorization: String?) -> AdminAdmission {
        hub.admitAdmin(access, authorization: authorization, address: "203.0.113.9", from: admin, now: now)
    }

    func response(_ effects: [HubEffect]) throws -> APIResponse {
        guard let found = effects.compactMap({ effect -> APIResponse? in
            if case .respond(let connection, let response) = effect, connection == admin { return response }
            return nil
        }).first else { throw Failure("no answer in \(effects)") }
        return found
    }

    /// Performs the request; a store write is made durable (or refused) and its effects returned.
    func perform(_ hub: Hub, _ request: AdminRequest, as principal: Principal? = nil, isDurable: Bool = true) -> [HubEffect] {
        let effects = hub.handleAdmin(request, principal: principal ?? organizer, from: admin, now: now)
        guard case .persist(_, let token)? = effects.first else { return effects }
        return hub.persisted(token: token, isDurable: isDurable, now: now)
    }

    func json(_ response: APIResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    static let newJob = #"{"id":"j9","title":"叉车司机","employerId":"acme","pay":{"min":6000,"max":8000,"unit":"month"},"location":{"city":"苏州"}}"#

    @Test func theOrganizerTokenSignsInAsTheBootstrapOrganizer() {
        guard case .admitted(let principal) = admit(hub(), authorization: "Bearer organizer-token-0123456789") else {
            Issue.record("not admitted")
            return
        }
        #expect(principal.accountId == "bootstrap-organizer")
        #expect(principal.role == .organizer)
    }

    @Test(arguments: [nil, "Bearer wrong-token-of-some-length", "Basic abc"])
    func noOrAWrongTokenIsUnauthorized(authorization: String?) throws {
        guard case .refused(let effects) = admit(hub(), authorization: authorization) else {
            Issue.record("admitted")
            return
        }
        #expect(try response(effects).status == 401)
        #expect(effects.contains { if case .securityEvent = $0 { true } else { false } } == (authorization != nil))
    }

    @Test func hrAccountsAreForbiddenAndHostsOnlySeeTheirSessions() throws {
        let hr = Principal(accountId: "h1", name: "HR", role: .hr, employerId: "acme")
        #expect(try response(perform(hub(), .listSessions, as: hr)).status == 403)
        let otherHost = Principal(accountId: "x", name: "主播", role: .host, sessions: ["s2"])
        #expect(try response(perform(hub(), .session(id: "s1"), as: otherHost)).status == 403)
        let list = try response(perform(hub(), .listSessions, as: otherHost))
        #expect((json(list)["sessions"] as? [Any])?.isEmpty == true)
        let host = Principal(accountId: "y", name: "主播", role: .host, sessions: ["s1"])
        #expect(try response(perform(hub(), .session(id: "s1"), as: host)).status == 200)
    }

    @Test func aCreatedJobIsASessionEventViewersAreToldOfOnceDurable() throws {
        let hub = hub()
        let effects = hub.handleAdmin(.createJob(session: "s1", body: Array(Self.newJob.utf8)), principal: organizer, from: admin, now: now)
        guard case .persist(let records, let token)? = effects.first, effects.count == 1 else { throw Failure("expected one write, got \(effects)") }
        #expect(records.count == 1)
        #expect(hub.snapshot(of: "s1")?.jobs.contains { $0.id == "j9" } == false)  // not before it is durable
        let done = hub.persisted(token: token, isDurable: true, now: now)
        #expect(try response(done).status == 201)
        #expect(done.contains { if case .broadcast(let session, _) = $0 { session == "s1" } else { false } })
        #expect(hub.snapshot(of: "s1")?.jobs.first { $0.id == "j9" }?.employerName == "Acme 电子")
    }

    @Test func aRefusedWriteChangesNothingAndSaysSo() throws {
        let hub = hub()
        let done = perform(hub, .createJob(session: "s1", body: Array(Self.newJob.utf8)), isDurable: false)
        #expect(try response(done).status == 503)
        #expect(hub.snapshot(of: "s1")?.jobs.count == 3)
        #expect(try response(perform(hub, .createJob(session: "s1", body: Array(Self.newJob.utf8)))).status == 201)
    }

    @Test(arguments: [
        (#"{"id":"j9","title":"","employerId":"acme","pay":{"min":1,"max":2,"unit":"month"},"location":{"city":"苏州"}}"#, "title"),
        (#"{"id":"j9","title":"x","employerId":"nobody","pay":{"min":1,"max":2,"unit":"month"},"location":{"city":"苏州"}}"#, "employerId"),
        (#"{"id":"j9","title":"x","employerId":"acme","pay":{"min":1,"max":2,"unit":"year"},"location":{"city":"苏州"}}"#, "pay.unit"),
        (#"{"id":"j9","title":"x","employerId":"acme","pay":{"min":1,"max":2,"unit":"month"}}"#, "location"),
        (#"{"id":"j1","title":"x","employerId":"acme","pay":{"min":1,"max":2,"unit":"month"},"location":{"city":"苏州"}}"#, "id"),
    ])
    func aBadJobNamesItsFieldAndChangesNothing(body: String, field: String) throws {
        let hub = hub()
        let answer = try response(perform(hub, .createJob(session: "s1", body: Array(body.utf8))))
        #expect(answer.status == 400 || answer.status == 409)
        #expect(json(answer)["field"] as? String == field)
        #expect(hub.snapshot(of: "s1")?.jobs.count == 3)
    }

    @Test func aPutReplacesTheJobWholeAndADeleteWithdrawsIt() throws {
        let hub = hub()
        let body = #"{"title":"普工（夜班）","employerId":"acme","pay":{"min":5500,"max":7500,"unit":"month"},"location":{"city":"无锡"}}"#
        #expect(try response(perform(hub, .replaceJob(session: "s1", jobId: "j1", body: Array(body.utf8)))).status == 200)
        #expect(hub.snapshot(of: "s1")?.jobs.first { $0.id == "j1" }?.location.city == "无锡")
        #expect(try response(perform(hub, .replaceJob(session: "s1", jobId: "nope", body: Array(body.utf8)))).status == 404)
        #expect(try response(perform(hub, .withdrawJob(session: "s1", jobId: "j1"))).status == 200)
        #expect(hub.snapshot(of: "s1")?.jobs.contains { $0.id == "j1" } == false)
        #expect(try response(perform(hub, .withdrawJob(session: "s1", jobId: "j1"))).status == 404)
    }

    @Test func anImportIsOneWriteAndADryRunWritesNothing() throws {
        let hub = hub()
        let jobs = (1...150).map { Fixtures.job("row\($0)") }
        let preview = hub.handleAdmin(.importJobs(session: "s1", jobs: jobs, isDryRun: true), principal: organizer, from: admin, now: now)
        #expect(try json(response(preview))["added"] as? Int == 150)
        #expect(hub.snapshot(of: "s1")?.jobs.count == 3)
        let effects = hub.handleAdmin(.importJobs(session: "s1", jobs: jobs, isDryRun: false), principal: organizer, from: admin, now: now)
        guard case .persist(let records, let token)? = effects.first, effects.count == 1 else { throw Failure("expected one write") }
        #expect(records.count == 150)
        let done = hub.persisted(token: token, isDurable: true, now: now)
        #expect(hub.snapshot(of: "s1")?.jobs.count == 153)
        // Too many for one broadcast each: one catalog_changed naming the catalog as it is now.
        let broadcasts = done.compactMap { effect -> OutboundMessage? in
            if case .broadcast(let session, let message) = effect, session == "s1" { return message }
            return nil
        }
        try #require(broadcasts.count == 1)
        let changed = (try? JSONSerialization.jsonObject(with: Data(broadcasts[0].bytes))) as? [String: Any] ?? [:]
        #expect(changed["type"] as? String == "catalog_changed")
        #expect(changed["jobCount"] as? Int == 153)
        #expect(changed["catalogURL"] as? String == "/api/sessions/s1/jobs")
        #expect(changed["catalogETag"] as? String == hub.catalog(of: "s1")?.etag)
        #expect(hub.catalog(of: "s1")?.jobCount == 153)
    }

    @Test func policiesAreCreatedAndReplacedLikeJobs() throws {
        let hub = hub()
        let policy = #"{"id":"p9","title":"技能补贴","summary":"培训合格可领","keyPoints":["最高1500元"]}"#
        #expect(try response(perform(hub, .createPolicy(session: "s1", body: Array(policy.utf8)))).status == 201)
        #expect(try response(perform(hub, .createPolicy(session: "s1", body: Array(policy.utf8)))).status == 409)
        let replaced = #"{"title":"技能补贴（新）","summary":"培训合格可领","keyPoints":["最高2000元"]}"#
        #expect(try response(perform(hub, .replacePolicy(session: "s1", policyId: "p9", body: Array(replaced.utf8)))).status == 200)
        #expect(hub.snapshot(of: "s1")?.policies.first { $0.id == "p9" }?.title == "技能补贴（新）")
        let bad = #"{"title":"","summary":"x","keyPoints":["y"]}"#
        let refusal = try response(perform(hub, .replacePolicy(session: "s1", policyId: "p9", body: Array(bad.utf8))))
        #expect(refusal.status == 400 && json(refusal)["field"] as? String == "title")
    }

    @Test func aClosedSessionTakesNoJobs() throws {
        let hub = hub()
        _ = perform(hub, .createJob(session: "s1", body: Array(Self.newJob.utf8)))
        hub.leads.apply(.session(id: "s1", .statusChanged(.closed, at: 1)))
        let closed = Hub(settings: hub.settings, leads: hub.leads)
        let answer = try response(closed.handleAdmin(.withdrawJob(session: "s1", jobId: "j9"), principal: organizer, from: admin, now: now))
        #expect(answer.status == 409)
    }

    @Test func replayGivesTheSameJobs() throws {
        let hub = hub()
        _ = perform(hub, .createJob(session: "s1", body: Array(Self.newJob.utf8)))
        _ = perform(hub, .withdrawJob(session: "s1", jobId: "j2"))
        let restarted = Hub(settings: hub.settings, leads: hub.leads)
        #expect(restarted.snapshot(of: "s1")?.jobs.map(\.id) == ["j1", "j3", "j9"])
    }
}
