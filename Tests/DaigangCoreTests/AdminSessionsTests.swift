@testable import DaigangCore
import Foundation
import Testing

/// Sessions created, edited and copied over the admin API: `created` / `details_changed` events,
/// the lifecycle, and a created session joining the hub once durable (and after a replay).
struct AdminSessionsTests {
    let admin = ConnectionID(7)
    let viewer = ConnectionID(1)
    let organizer = Principal(accountId: "o1", name: "王科长", role: .organizer)

    func perform(_ hub: Hub, _ request: AdminRequest, isDurable: Bool = true) -> [HubEffect] {
        let effects = hub.handleAdmin(request, principal: organizer, from: admin, now: 9_000)
        guard case .persist(_, let token)? = effects.first else { return effects }
        return hub.persisted(token: token, isDurable: isDurable, now: 9_000)
    }

    func answer(_ effects: [HubEffect]) -> (status: Int, json: [String: Any]) {
        for case .respond(let connection, let response) in effects where connection == admin {
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
            return (response.status, object["session"] as? [String: Any] ?? object)
        }
        return (0, [:])
    }

    @Test func aCreatedSessionJoinsTheHubOnceDurableAndSurvivesAReplay() throws {
        let hub = Hub(settings: Fixtures.settings())
        let body = #"{"title":"第二场","hostName":"小王","startsAt":1800000000000,"campaign":"春风行动2027"}"#
        let refused = perform(hub, .createSession(body: Array(body.utf8)), isDurable: false)
        #expect(answer(refused).status == 503 && hub.sessionIDs == ["s1"])
        let made = answer(perform(hub, .createSession(body: Array(body.utf8))))
        #expect(made.status == 201 && made.json["id"] as? String == "session-2" && made.json["status"] as? String == "scheduled")
        #expect(hub.sessionIDs == ["s1", "session-2"])
        hub.connect(viewer, address: "198.51.100.1", now: 9_000)
        let welcome = hub.receive(text: Array(#"{"type":"hello","session":"session-2","role":"viewer"}"#.utf8), from: viewer, now: 9_000)
        #expect(welcome.contains { if case .send(_, let m) = $0 { m.type == "welcome" } else { false } })
        #expect(hub.snapshot(of: "session-2")?.startsAt == 1_800_000_000_000)
        let restarted = Hub(settings: Fixtures.settings(), leads: hub.leads)
        #expect(restarted.snapshot(of: "session-2")?.campaign == "春风行动2027")
    }

    @Test func patchFollowsTheLifecycleAndNamesTheField() {
        let hub = Hub(settings: Fixtures.settings())
        let ended = answer(perform(hub, .updateSession(id: "s1", body: Array(#"{"status":"ended","title":"新"}"#.utf8))))
        #expect(ended.status == 200 && hub.snapshot(of: "s1")?.title == "新" && hub.snapshot(of: "s1")?.status == .ended)
        let back = answer(perform(hub, .updateSession(id: "s1", body: Array(#"{"status":"scheduled"}"#.utf8))))
        #expect(back.status == 409 && back.json["field"] as? String == "status")
        let bad = answer(perform(hub, .updateSession(id: "s1", body: Array(#"{"startsAt":12}"#.utf8))))
        #expect(bad.status == 400 && bad.json["field"] as? String == "startsAt")
    }

    @Test func aCopyHasTheJobsAndPoliciesAndNothingElse() {
        let hub = Hub(settings: Fixtures.settings())
        _ = perform(hub, .updateSession(id: "s1", body: Array(#"{"status":"live"}"#.utf8)))
        let copy = answer(perform(hub, .copySession(id: "s1", body: Array(#"{"id":"s2"}"#.utf8))))
        #expect(copy.status == 201)
        let source = hub.snapshot(of: "s1")
        let copied = hub.snapshot(of: "s2")
        #expect(copied?.jobs.map(\.id) == source?.jobs.map(\.id) && copied?.policies == source?.policies)
        #expect(copied?.status == .scheduled && copied?.pinnedJobId == nil)
        #expect(answer(perform(hub, .copySession(id: "s1", body: Array(#"{"id":"s2"}"#.utf8)))).status == 409)
    }
}
