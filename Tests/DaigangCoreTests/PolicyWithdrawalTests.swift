@testable import DaigangCore
import Foundation
import Testing

/// `DELETE /api/admin/sessions/{id}/policies/{policyId}`: a durable `policy_withdrawn`, viewers
/// told, the shown policy un-shown, 404 for an unknown one, scope as for the other session routes.
struct PolicyWithdrawalTests {
    let admin = ConnectionID(7)
    let viewer = ConnectionID(1)
    let host = ConnectionID(2)
    let organizer = Principal(accountId: "o1", name: "王科长", role: .organizer)
    let now: Instant = 5_000

    /// A hub with a viewer and a host in session s1, the host showing policy p1.
    func hub() -> Hub {
        let hub = Fixtures.hub()
        hub.join(viewer)
        hub.join(host, role: "host", token: "host-token-123")
        _ = hub.sendDurably(#"{"type":"show_policy","policyId":"p1"}"#, from: host)
        return hub
    }

    /// Handles the request and makes its write durable; what followed, decoded.
    func withdraw(_ hub: Hub, _ policyId: String, session: String = "s1", as principal: Principal? = nil) throws -> (records: [StoreRecord], sent: [Sent]) {
        let effects = hub.handleAdmin(.withdrawPolicy(session: session, policyId: policyId), principal: principal ?? organizer, from: admin, now: now)
        guard case .persist(let records, let token)? = effects.first else { return ([], Sent.decode(effects)) }
        #expect(effects.count == 1, "nothing is answered or told before the write is durable")
        return (records, Sent.decode(hub.persisted(token: token, isDurable: true, now: now)))
    }

    func status(_ sent: [Sent]) -> Int? {
        sent.first { $0.target == .http(admin) }?["status"] as? Int
    }

    @Test func aWithdrawnShownPolicyIsJournaledUnShownAndViewersAreTold() throws {
        let hub = hub()
        #expect(hub.snapshot(of: "s1")?.shownPolicyId == "p1")
        let (records, sent) = try withdraw(hub, "p1")
        #expect(records == [.session(id: "s1", .policyWithdrawn(policyId: "p1", at: now.wall), by: "o1")])
        #expect(status(sent) == 200)
        let told = try #require(sent.first { $0.target == .session("s1") })
        #expect(told.type == "policy_withdrawn")
        #expect(told["policyId"] as? String == "p1")
        let snapshot = try #require(hub.snapshot(of: "s1"))
        #expect(snapshot.policies.map(\.id) == ["p2"])
        #expect(snapshot.shownPolicyId == nil)
        // Replayed from the book, as after a restart: still withdrawn.
        let restarted = Hub(settings: hub.settings, leads: hub.leads)
        #expect(restarted.snapshot(of: "s1")?.policies.map(\.id) == ["p2"])
        #expect(restarted.snapshot(of: "s1")?.shownPolicyId == nil)
    }

    @Test func aPolicyNotShownLeavesTheShownOneAlone() throws {
        let hub = hub()
        #expect(try status(withdraw(hub, "p2").sent) == 200)
        #expect(hub.snapshot(of: "s1")?.shownPolicyId == "p1")
    }

    @Test(arguments: ["p9", "p1"])
    func anUnknownOrAlreadyWithdrawnPolicyIsNotFoundAndChangesNothing(policyId: String) throws {
        let hub = hub()
        if policyId == "p1" { _ = try withdraw(hub, "p1") }
        let before = hub.snapshot(of: "s1")
        let (records, sent) = try withdraw(hub, policyId)
        #expect(records.isEmpty)
        #expect(status(sent) == 404)
        #expect(hub.snapshot(of: "s1") == before)
    }

    @Test func aHostOutsideItsSessionsIsForbiddenAndAClosedSessionRefuses() throws {
        let hub = hub()
        let otherHost = Principal(accountId: "x", name: "主播", role: .host, sessions: ["s2"])
        #expect(try status(withdraw(hub, "p2", as: otherHost).sent) == 403)
        let ownHost = Principal(accountId: "y", name: "主播", role: .host, sessions: ["s1"])
        #expect(try withdraw(hub, "p2", as: ownHost).records == [.session(id: "s1", .policyWithdrawn(policyId: "p2", at: now.wall), by: "y")])
        hub.leads.apply(.session(id: "s1", .statusChanged(.closed, at: 1)))
        let closed = Hub(settings: hub.settings, leads: hub.leads)
        let answer = Sent.decode(closed.handleAdmin(.withdrawPolicy(session: "s1", policyId: "p1"), principal: organizer, from: admin, now: now))
        #expect(status(answer) == 409)
    }

    @Test func thePolicyWithdrawnEventRoundTripsAsAJournalLine() throws {
        let record = StoreRecord.session(id: "s1", .policyWithdrawn(policyId: "p1", at: 7), by: "o1")
        let line = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(StoreRecord.self, from: line) == record)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains(#""event":"policy_withdrawn""#))
    }
}
