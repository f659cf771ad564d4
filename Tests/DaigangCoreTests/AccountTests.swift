@testable import DaigangCore
import Foundation
import Testing

/// Accounts as the hub sees them: the book, the token hashes, the accounts API, and sign-ins by principal.
struct AccountTests {
    static let organizerToken = "org-0123456789abcdef0123456789abcdef"
    let organizer = "Bearer org-0123456789abcdef0123456789abcdef"
    let admin = ConnectionID(50)
    let now: Instant = 10_000

    func hub() -> Hub {
        var settings = Fixtures.settings()
        settings.organizerToken = Self.organizerToken
        settings.sessions.append(SessionDefinition(id: "s2", title: "第二场", status: .scheduled, jobs: [Fixtures.job("j9")], policies: []))
        let counter = Fixtures.Counter()
        return Hub(settings: settings) { counter.next() }
    }

    func request(_ hub: Hub, _ request: AccountRequest, authorization: String?, at time: Instant? = nil) -> [HubEffect] {
        hub.handleAccounts(request, authorization: authorization, address: "203.0.113.9", from: admin, now: time ?? now)
    }

    /// The one answer in `effects`, after letting any store write be durable.
    func answer(_ hub: Hub, _ effects: [HubEffect], isDurable: Bool = true) throws -> (status: Int, json: [String: Any], headers: [String: String], records: [StoreRecord], rest: [HubEffect]) {
        var effects = effects
        var records: [StoreRecord] = []
        if effects.count == 1, case .persist(let written, let token) = effects[0] {
            records = written
            effects = hub.persisted(token: token, isDurable: isDurable, now: now)
        }
        guard let first = effects.first, case .respond(let connection, let response) = first else { throw Failure("expected an answer, got \(effects)") }
        #expect(connection == admin)
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        let headers = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        return (response.status, json, headers, records, Array(effects.dropFirst()))
    }

    /// Creates an account as the organizer; returns its id and token.
    func create(_ hub: Hub, _ body: String) throws -> (id: String, token: String) {
        let result = try answer(hub, request(hub, .create(body: Array(body.utf8)), authorization: organizer))
        #expect(result.status == 201)
        let account = try #require(result.json["account"] as? [String: Any])
        return (try #require(account["id"] as? String), try #require(result.json["token"] as? String))
    }

    @Test func createdAccountKeepsOnlyTheHashAndSignsInAsItsScope() throws {
        let hub = hub()
        let result = try answer(hub, request(hub, .create(body: Array(#"{"name":"王主播","role":"host","sessions":["s2"]}"#.utf8)), authorization: organizer))
        #expect(result.status == 201)
        let token = try #require(result.json["token"] as? String)
        guard case .account(.created(let account)) = try #require(result.records.first) else { throw Failure("no account record") }
        #expect(account.tokenHash == AccountToken.hash(token))
        #expect(account.createdBy == "bootstrap-organizer")
        let stored = String(decoding: try JSONEncoder().encode(result.records), as: UTF8.self)
        #expect(!stored.contains(token))
        let principal = try #require(hub.principal(bearer: token, now: now.wall))
        #expect(principal == Principal(accountId: account.id, name: "王主播", role: .host, sessions: ["s2"]))
        #expect(principal.mayHost(session: "s2") && !principal.mayHost(session: "s1"))
        let listed = try answer(hub, request(hub, .list, authorization: organizer))
        let accounts = try #require(listed.json["accounts"] as? [[String: Any]])
        #expect(accounts.count == 1 && accounts[0]["status"] as? String == "active")
        #expect(accounts[0]["tokenHash"] == nil && accounts[0]["token"] == nil)
    }

    @Test func sha256IsTheStandardOne() {
        #expect(AccountToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func nothingIsCreatedUntilDurable() throws {
        let hub = hub()
        let effects = request(hub, .create(body: Array(#"{"name":"a","role":"organizer"}"#.utf8)), authorization: organizer)
        guard case .persist(_, let writeToken) = try #require(effects.first) else { throw Failure("no write") }
        #expect(hub.leads.state.accounts.all.isEmpty)
        let refused = try answer(hub, hub.persisted(token: writeToken, isDurable: false, now: now))
        #expect(refused.status == 503)
        #expect(hub.leads.state.accounts.all.isEmpty)
    }

    @Test func expiredTokenIsRefused() throws {
        let hub = hub()
        let (_, token) = try create(hub, #"{"name":"临时","role":"hr","employerId":"acme","expiresAt":20000}"#)
        #expect(hub.principal(bearer: token, now: 19_999)?.employerId == "acme")
        #expect(hub.principal(bearer: token, now: 20_000) == nil)
    }

    /// The admin API judges expiry by the wall clock, as every other sign-in, whatever the monotonic clock reads.
    @Test func anExpiredAccountIsRefusedByTheAdminAPI() throws {
        let hub = hub()
        let (_, token) = try create(hub, #"{"name":"临时主播","role":"host","sessions":["s1"],"expiresAt":20000}"#)
        let admit = { (wall: Int64) in
            hub.admitAdmin(.session("s1"), authorization: "Bearer \(token)", address: "203.0.113.9", from: admin, now: Instant(wall: wall, tick: 50))
        }
        guard case .admitted = admit(19_999) else { throw Failure("refused before it expired") }
        guard case .refused(let effects) = admit(20_000) else { throw Failure("an expired account was admitted") }
        guard case .respond(_, let response)? = effects.first else { throw Failure("no answer: \(effects)") }
        #expect(response.status == 401)
    }

    @Test func revokedTokenIsRefusedAndItsWebSocketsClosed() throws {
        let hub = hub()
        let (id, token) = try create(hub, #"{"name":"HR 小李","role":"hr","employerId":"acme"}"#)
        let hr = ConnectionID(7)
        #expect(hub.join(hr, role: "hr", token: token)?.type == "welcome")
        let result = try answer(hub, request(hub, .revoke(id: id), authorization: organizer))
        #expect(result.status == 200)
        #expect((result.json["account"] as? [String: Any])?["status"] as? String == "revoked")
        guard case .signOut(let closed, _) = try #require(result.rest.first) else { throw Failure("no sign-out: \(result.rest)") }
        #expect(closed == hr)
        #expect(hub.principal(bearer: token, now: now.wall) == nil)
        let again = try answer(hub, request(hub, .revoke(id: id), authorization: organizer))
        #expect(again.status == 200 && again.records.isEmpty)
    }

    @Test func tickSignsOutAnExpiredAccount() throws {
        let hub = hub()
        let (_, token) = try create(hub, #"{"name":"主播","role":"host","expiresAt":30000}"#)
        let host = ConnectionID(8)
        #expect(hub.join(host, role: "host", token: token, at: 10_000)?.type == "welcome")
        #expect(!hub.tick(now: 29_000).contains { if case .signOut = $0 { true } else { false } })
        let effects = hub.tick(now: 30_000)
        #expect(effects.contains { if case .signOut(host, _) = $0 { true } else { false } })
    }

    @Test func revokingUnknownOrBootstrapAccounts() throws {
        let hub = hub()
        #expect(try answer(hub, request(hub, .revoke(id: "a-nope"), authorization: organizer)).status == 404)
        #expect(try answer(hub, request(hub, .revoke(id: "bootstrap-host"), authorization: organizer)).status == 409)
    }

    @Test(arguments: [
        (#"{"name":"x","role":"boss"}"#, "'role'"),
        (#"{"name":"","role":"host"}"#, "'name'"),
        (#"{"name":"\#(String(repeating: "长", count: 81))","role":"host"}"#, "'name'"),
        (#"{"name":"x","role":"host","sessions":["s9"]}"#, "'sessions[0]'"),
        (#"{"name":"x","role":"host","sessions":[]}"#, "'sessions'"),
        (#"{"name":"x","role":"hr"}"#, "'employerId'"),
        (#"{"name":"x","role":"hr","employerId":"nobody"}"#, "'employerId'"),
        (#"{"name":"x","role":"host","employerId":"acme"}"#, "'employerId'"),
        (#"{"name":"x","role":"hr","employerId":"acme","sessions":["s1"]}"#, "'sessions'"),
        (#"{"name":"x","role":"organizer","expiresAt":9999}"#, "'expiresAt'"),
        (#"{"name":"x","role":"organizer","token":"mine"}"#, "'token'"),
        (#"{"role":"organizer"}"#, "'name'"),
    ])
    func badBodiesNameTheFieldAndChangeNothing(body: String, field: String) throws {
        let hub = hub()
        let result = try answer(hub, request(hub, .create(body: Array(body.utf8)), authorization: organizer))
        #expect(result.status == 400)
        #expect((result.json["message"] as? String)?.contains(field) == true, "\(result.json)")
        #expect(result.records.isEmpty)
    }

    @Test func onlyOrganizersManageAccounts() throws {
        let hub = hub()
        let none = try answer(hub, request(hub, .list, authorization: nil))
        #expect(none.status == 401 && none.headers["www-authenticate"] == #"Bearer realm="daigang""#)
        #expect(try answer(hub, request(hub, .list, authorization: "Bearer wrong")).status == 401)
        #expect(try answer(hub, request(hub, .list, authorization: "Bearer host-token-123")).status == 403)
        #expect(try answer(hub, request(hub, .list, authorization: "Bearer hr-token-acme")).status == 403)
        let (_, hostToken) = try create(hub, #"{"name":"主播","role":"host"}"#)
        #expect(try answer(hub, request(hub, .create(body: Array(#"{"name":"x","role":"organizer"}"#.utf8)), authorization: "Bearer \(hostToken)")).status == 403)
        let (_, organizerToken) = try create(hub, #"{"name":"局里","role":"organizer"}"#)
        #expect(try answer(hub, request(hub, .list, authorization: "Bearer \(organizerToken)")).status == 200)
    }

    @Test func bootstrapTokensArePrincipals() {
        let hub = hub()
        #expect(hub.principal(bearer: Self.organizerToken, now: 0)?.accountId == "bootstrap-organizer")
        #expect(hub.principal(bearer: "host-token-123", now: 0) == Principal(accountId: "bootstrap-host", name: "host", role: .host))
        #expect(hub.principal(bearer: "hr-token-swift", now: 0)?.accountId == "bootstrap-hr-swift-logistics")
        #expect(hub.principal(bearer: "hr-token-swift", now: 0)?.employerId == "swift-logistics")
        #expect(hub.principal(bearer: nil, now: 0) == nil)
        #expect(hub.principal(bearer: "", now: 0) == nil)
        #expect(Fixtures.hub().principal(bearer: Self.organizerToken, now: 0) == nil)
    }

    @Test func hostSignInFollowsScope() throws {
        let hub = hub()
        let (_, s2Host) = try create(hub, #"{"name":"二场主播","role":"host","sessions":["s2"]}"#)
        let (_, s1Host) = try create(hub, #"{"name":"一场主播","role":"host","sessions":["s1"]}"#)
        let (_, hrToken) = try create(hub, #"{"name":"HR","role":"hr","employerId":"swift-logistics"}"#)
        let refused = hub.join(ConnectionID(11), role: "host", token: s2Host)
        #expect(refused?.type == "error" && refused?["code"] as? String == "forbidden")
        #expect(hub.join(ConnectionID(12), role: "host", token: s1Host)?.type == "welcome")
        #expect(hub.join(ConnectionID(13), role: "host", token: Self.organizerToken)?.type == "welcome")
        #expect(hub.join(ConnectionID(14), role: "host", token: hrToken)?["code"] as? String == "forbidden")
        #expect(hub.join(ConnectionID(15), role: "hr", token: s1Host)?["code"] as? String == "forbidden")
        let hr = hub.join(ConnectionID(16), role: "hr", token: hrToken)
        #expect(hr?.type == "welcome" && hr?["employerId"] as? String == "swift-logistics")
    }

    @Test func hrAPIRecordsTheAccount() throws {
        let hub = hub()
        let (id, token) = try create(hub, #"{"name":"HR 小李","role":"hr","employerId":"acme"}"#)
        let effects = hub.handleHR(.exportCSV(LeadQuery()), authorization: "Bearer \(token)", address: "203.0.113.9", from: admin, now: now)
        guard case .persist(let records, _) = try #require(effects.first), case .audit(let entry) = try #require(records.first) else {
            throw Failure("no audit record: \(effects)")
        }
        #expect(entry.by == id && entry.employerId == "acme")
        let forbidden = hub.handleHR(.exportCSV(LeadQuery()), authorization: organizer, address: "203.0.113.9", from: admin, now: now)
        guard case .respond(_, let response) = try #require(forbidden.first) else { throw Failure("no answer") }
        #expect(response.status == 403)
    }

    @Test func bookReplaysFromItsSnapshot() throws {
        let hub = hub()
        let (id, _) = try create(hub, #"{"name":"甲","role":"host"}"#)
        _ = try create(hub, #"{"name":"乙","role":"hr","employerId":"acme","expiresAt":99999}"#)
        _ = try answer(hub, request(hub, .revoke(id: id), authorization: organizer))
        var snapshot: [StoreRecord] = []
        hub.leads.state.forEachCompactedRecord { snapshot.append($0) }
        let lines = try snapshot.map { try JSONEncoder().encode($0) }
        let replayed = LeadBook()
        for line in lines { replayed.apply(try JSONDecoder().decode(StoreRecord.self, from: line)) }
        #expect(replayed.state.accounts == hub.leads.state.accounts)
        #expect(replayed.state.accounts.accounts[id]?.revokedBy == "bootstrap-organizer")
    }

    @Test func accountRecordsDecodeFromTheirJSON() throws {
        let line = #"{"kind":"account","change":{"type":"revoked","accountId":"a-1","at":5,"by":"bootstrap-organizer"}}"#
        #expect(try JSONDecoder().decode(StoreRecord.self, from: Data(line.utf8)) == .account(.revoked(accountId: "a-1", at: 5, by: "bootstrap-organizer")))
    }

    @Test func configTakesTheOrganizerTokenFromTheEnvironmentFirst() throws {
        let text = ConfigTests.valid.replacingOccurrences(of: #""hostToken""#, with: #""organizerToken": "short", "hostToken""#)
        #expect(throws: ConfigError.self) { try DaigangConfig.parse(Data(text.utf8)) }
        let config = try DaigangConfig.parse(Data(text.utf8), environment: ["DAIGANG_ORGANIZER_TOKEN": Self.organizerToken])
        #expect(config.hubSettings.organizerToken == Self.organizerToken)
        #expect(try DaigangConfig.parse(Data(ConfigTests.valid.utf8)).organizerToken == nil)
    }
}
