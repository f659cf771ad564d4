@testable import DaigangCore
import Foundation
import Testing

/// Every change journaled through the host console or the admin API names the acting account
/// (`StoreRecord`'s `by`), and the name survives the journal: encoded, decoded, replayed.
struct ActingAccountTests {
    static let organizerToken = "org-0123456789abcdef0123456789abcdef"
    let admin = ConnectionID(50)
    let host = ConnectionID(3)
    let viewer = ConnectionID(4)
    let now: Instant = 10_000

    func hub() -> Hub {
        var settings = Fixtures.settings()
        settings.organizerToken = Self.organizerToken
        let counter = Fixtures.Counter()
        return Hub(settings: settings) { counter.next() }
    }

    /// Issues an account over the accounts API as the bootstrap organizer; its id and token.
    func issue(_ hub: Hub, _ body: String, journal: inout [StoreRecord]) throws -> (id: String, token: String) {
        let effects = hub.handleAccounts(.create(body: Array(body.utf8)), authorization: "Bearer \(Self.organizerToken)", address: "203.0.113.9", from: admin, now: now)
        let answer = try durably(hub, effects, journal: &journal)
        let json = try #require(answer.first { $0.target == .http(admin) }?["body"] as? [String: Any])
        let account = try #require(json["account"] as? [String: Any])
        return (try #require(account["id"] as? String), try #require(json["token"] as? String))
    }

    /// Makes every write in `effects` durable, keeping its records as the journal would.
    func durably(_ hub: Hub, _ effects: [HubEffect], journal: inout [StoreRecord]) throws -> [Sent] {
        var sent: [Sent] = []
        for effect in effects {
            if case .persist(let records, let token) = effect {
                journal += records
                sent += Sent.decode(hub.persisted(token: token, isDurable: true, now: now))
            } else {
                sent += Sent.decode([effect])
            }
        }
        return sent
    }

    @Test func aHostAccountsPinAndAnOrganizersPatchCarryTheirAccountIDsThroughARestart() throws {
        let hub = hub()
        var journal = SessionSeed.records(for: hub.settings.sessions, book: LeadBook())
        let hostAccount = try issue(hub, #"{"name":"王主播","role":"host","sessions":["s1"]}"#, journal: &journal)
        let organizerAccount = try issue(hub, #"{"name":"李科长","role":"organizer"}"#, journal: &journal)

        hub.join(host, role: "host", token: hostAccount.token)
        _ = try durably(hub, hub.receive(text: Array(#"{"type":"pin_job","jobId":"j2"}"#.utf8), from: host, now: now), journal: &journal)

        guard case .admitted(let organizer) = hub.admitAdmin(.session("s1"), authorization: "Bearer \(organizerAccount.token)", address: "203.0.113.9", from: admin, now: now) else {
            throw Failure("the organizer account was not admitted")
        }
        let patch = hub.handleAdmin(.updateSession(id: "s1", body: Array(#"{"title":"秋季招聘"}"#.utf8)), principal: organizer, from: admin, now: now)
        _ = try durably(hub, patch, journal: &journal)

        // The journal as the store writes and reads it, then a fresh hub over what it replays.
        let lines = try journal.map { try JSONEncoder().encode($0) }
        let reread = try lines.map { try JSONDecoder().decode(StoreRecord.self, from: $0) }
        #expect(reread == journal)
        let book = LeadBook()
        reread.forEach(book.apply)
        let restarted = Hub(settings: hub.settings, leads: book)
        #expect(restarted.snapshot(of: "s1")?.pinnedJobId == "j2")
        #expect(restarted.snapshot(of: "s1")?.title == "秋季招聘")

        let actors = reread.compactMap { record -> (String, String?)? in
            guard case .session(_, let event, let by) = record else { return nil }
            switch event {
            case .jobPinned: return ("pin", by)
            case .detailsChanged: return ("patch", by)
            default: return nil
            }
        }
        #expect(actors.map(\.0) == ["pin", "patch"])
        #expect(actors.map(\.1) == [hostAccount.id, organizerAccount.id])
    }

    @Test func aHostsQueueCallNamesItsAccountAndAViewersJoinNamesNone() throws {
        let hub = hub()
        var journal: [StoreRecord] = []
        hub.join(host, role: "host", token: "host-token-123")
        hub.join(viewer)
        let applied = try durably(hub, hub.receive(text: Array(#"{"type":"apply","jobId":"j1","name":"张三","phone":"13800138000","consent":true}"#.utf8), from: viewer, now: now), journal: &journal)
        let leadId = try #require(applied.first { $0.type == "applied" }?["leadId"] as? String)
        _ = try durably(hub, hub.receive(text: Array(#"{"type":"queue_join","leadId":"\#(leadId)"}"#.utf8), from: viewer, now: now), journal: &journal)
        _ = try durably(hub, hub.receive(text: Array(#"{"type":"queue_call"}"#.utf8), from: host, now: now), journal: &journal)
        let queueActors = journal.compactMap { record -> String?? in
            guard case .queue(_, _, let by) = record else { return nil }
            return .some(by)
        }
        #expect(queueActors == [nil, "bootstrap-host"])
    }

    @Test(arguments: [
        #"{"kind":"session","session":"s1","change":{"event":"job_pinned","jobId":"j1"}}"#,
        #"{"kind":"queue","session":"s1","change":{"event":"pause","paused":true,"at":5}}"#,
        #"{"kind":"library_policy","policy":{"id":"p1","title":"t","summary":"s"}}"#,
    ])
    func aRecordFromBeforeAccountsStillLoadsWithoutAnActor(line: String) throws {
        let record = try JSONDecoder().decode(StoreRecord.self, from: Data(line.utf8))
        switch record {
        case .session(_, _, let by), .queue(_, _, let by), .libraryPolicy(_, let by), .employer(_, let by): #expect(by == nil)
        default: Issue.record("decoded as \(record)")
        }
    }
}
