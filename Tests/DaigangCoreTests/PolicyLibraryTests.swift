@testable import DaigangCore
import Foundation
import Testing

/// The policy library: `library_policy` records (replayed, compacted) and adding one to a session.
struct PolicyLibraryTests {
    let admin = ConnectionID(7)
    let organizer = Principal(accountId: "o1", name: "王科长", role: .organizer)
    static let policy = #"{"id":"lib1","title":"社保补贴","summary":"符合条件可领","keyPoints":["最长三年"]}"#

    func perform(_ hub: Hub, _ request: AdminRequest, as principal: Principal? = nil) -> [HubEffect] {
        let effects = hub.handleAdmin(request, principal: principal ?? organizer, from: admin, now: 9_000)
        guard case .persist(_, let token)? = effects.first else { return effects }
        return hub.persisted(token: token, isDurable: true, now: 9_000)
    }

    func status(_ effects: [HubEffect]) -> Int {
        for case .respond(let connection, let response) in effects where connection == admin { return response.status }
        return 0
    }

    @Test func aLibraryPolicyIsKeptAddedToASessionAndReplayed() throws {
        let hub = Hub(settings: Fixtures.settings())
        #expect(status(perform(hub, .createLibraryPolicy(body: Array(Self.policy.utf8)))) == 201)
        #expect(status(perform(hub, .createLibraryPolicy(body: Array(Self.policy.utf8)))) == 409)
        let host = Principal(accountId: "h1", name: "主播", role: .host)
        #expect(status(perform(hub, .createLibraryPolicy(body: Array(Self.policy.utf8)), as: host)) == 403)
        let added = perform(hub, .addLibraryPolicy(session: "s1", body: Array(#"{"policyId":"lib1"}"#.utf8)), as: host)
        #expect(status(added) == 201)
        #expect(added.contains { if case .broadcast(_, let m) = $0 { m.type == "policy_updated" } else { false } })
        #expect(hub.snapshot(of: "s1")?.policies.contains { $0.id == "lib1" } == true)
        #expect(status(perform(hub, .addLibraryPolicy(session: "s1", body: Array(#"{"policyId":"nope"}"#.utf8)))) == 404)

        let replayed = LeadBook()
        var records: [StoreRecord] = []
        hub.leads.state.forEachCompactedRecord { records.append($0) }
        for record in records { replayed.apply(try JSONDecoder().decode(StoreRecord.self, from: JSONEncoder().encode(record))) }
        #expect(replayed.state.libraryPolicies == hub.leads.state.libraryPolicies && replayed.state.libraryPolicyOrder == ["lib1"])
    }
}
