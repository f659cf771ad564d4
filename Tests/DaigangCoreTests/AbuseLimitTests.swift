@testable import DaigangCore
import Foundation
import Testing

/// Issue 9 ("Stay up for everyone"), findings 4–6: applications belong to their identity, one
/// address cannot fill the line, and guessing tokens costs time.

private let apply = #"{"type": "apply", "ref": 1, "jobId": "j1", "name": "张三", "phone": "13812345678", "consent": true}"#


private func joinMessage(_ leadId: String) -> String {
    #"{"type": "queue_join", "ref": 2, "leadId": "\#(leadId)"}"#
}

/// An apply with a phone made from `index`, so every applicant is distinct.
private func applyMessage(_ index: Int) -> String {
    apply.replacingOccurrences(of: "13812345678", with: "1390000\(String(format: "%04d", index))")
}

struct ApplicationOwnershipTests {
    let victim = ConnectionID(1)
    let attacker = ConnectionID(2)

    @Test func anotherIdentityWithTheSamePhoneAndJobGetsExactlyTheAnswerOfAFirstApplication() throws {
        let hub = Fixtures.hub()
        hub.join(victim)
        hub.join(attacker)
        let first = hub.send(apply, from: victim)
        let second = hub.send(apply, from: attacker)
        #expect(first.map(\.type) == ["persist"])
        #expect(second.map(\.type) == ["persist"], "waits for the disk like any first application, no early duplicate answer")
        guard case .store(let victimWrite) = first[0].target, case .store(let attackerWrite) = second[0].target else {
            throw Failure("expected store writes")
        }
        let victimReply = try #require(Sent.decode(hub.persisted(token: victimWrite, isDurable: true, now: 2_000)).first)
        let attackerReply = try #require(Sent.decode(hub.persisted(token: attackerWrite, isDurable: true, now: 2_000)).first)
        #expect(attackerReply.target == .one(attacker))
        #expect(Set(attackerReply.json.keys) == Set(victimReply.json.keys))
        #expect(attackerReply["duplicate"] as? Bool == false)
        let victimLead = try #require(victimReply["leadId"] as? String)
        let attackerLead = try #require(attackerReply["leadId"] as? String)
        #expect(attackerLead != victimLead)
        #expect(hub.leads.count == 2, "both leads are durable and HR sees both")
        #expect(hub.leads.lead(withID: attackerLead)?.viewerId != hub.leads.lead(withID: victimLead)?.viewerId)
        #expect(hub.snapshot(of: "s1")?.counters.applications == 2)
    }

    @Test func theSameIdentityReApplyingGetsItsOwnLeadAsADuplicateAlsoAfterResuming() throws {
        let hub = Fixtures.hub()
        let welcome = try #require(hub.join(victim))
        let lead = try #require(hub.sendDurably(apply, from: victim).first?["leadId"] as? String)
        let token = try #require(welcome["resume"] as? String)
        hub.disconnect(victim, now: 3_000)
        let back = ConnectionID(3)
        #expect(hub.join(back, resume: token, at: 4_000)?["resumed"] as? Bool == true)
        let again = hub.send(apply, from: back, at: 4_000)
        #expect(again.first?["leadId"] as? String == lead)
        #expect(again.first?["duplicate"] as? Bool == true)
    }

    @Test func anotherIdentityCannotTakeTheLeadToTheLineNorTouchTheOwnersTicket() throws {
        var settings = Fixtures.settings()
        settings.ticketsPerAddress = 100
        let hub = Hub(settings: settings)
        hub.join(victim)
        hub.join(attacker)
        let victimLead = try #require(hub.sendDurably(apply, from: victim).first?["leadId"] as? String)
        let ticket = try #require(hub.sendDurably(joinMessage(victimLead), from: victim).first?["ticket"] as? Int)
        let attackerLead = try #require(hub.sendDurably(apply, from: attacker).first?["leadId"] as? String)
        #expect(attackerLead != victimLead)
        #expect(hub.send(joinMessage(victimLead), from: attacker).first?["code"] as? String == "not_found")
        for message in [#"{"type": "queue_leave", "ticket": \#(ticket)}"#, #"{"type": "queue_here", "ticket": \#(ticket)}"#] {
            #expect(hub.send(message, from: attacker).first?["code"] as? String == "not_found", "\(message)")
        }
        let mine = hub.sendDurably(joinMessage(attackerLead), from: attacker)
        #expect(mine.first?["ticket"] as? Int != ticket, "the attacker's own lead gets a ticket of its own")
        let owner = hub.send(joinMessage(victimLead), from: victim)
        #expect(owner.first?["ticket"] as? Int == ticket)
        #expect(owner.first?["position"] as? Int == 1, "the owner's place is untouched")
    }

    @Test func aConnectionWhoseIdentityMovedCannotApply() throws {
        let hub = Fixtures.hub()
        let token = try #require(hub.join(victim)?["resume"] as? String)
        hub.join(ConnectionID(3), resume: token)  // the identity moves on before the old connection is noticed as dead
        let refused = hub.send(apply, from: victim)
        #expect(refused.first?["code"] as? String == "conflict")
        #expect(refused.first?["reason"] as? String == "identity_moved")
        #expect(hub.leads.count == 0)
    }

    @Test func theLeadBookIndexKeysApplicationsByIdentityAndSurvivesARebuild() {
        let book = LeadBook()
        for (id, viewer) in [("L000001", "v-a"), ("L000002", "v-b")] {
            book.apply(.lead(Lead(id: id, session: "s1", jobId: "j1", jobTitle: "普工", employerId: "acme", name: "张三",
                                  phone: "13812345678", hometown: nil, note: nil, createdAt: 0, viewerId: viewer)))
        }
        let rebuilt = LeadBook()
        book.compactedRecords.forEach(rebuilt.apply)
        for candidate in [book, rebuilt] {
            #expect(candidate.existingLeadID(session: "s1", jobId: "j1", phone: "13812345678", viewerId: "v-a") == "L000001")
            #expect(candidate.existingLeadID(session: "s1", jobId: "j1", phone: "13812345678", viewerId: "v-b") == "L000002")
            #expect(candidate.existingLeadID(session: "s1", jobId: "j1", phone: "13812345678", viewerId: "v-c") == nil)
        }
    }
}

struct TicketAddressLimitTests {
    /// A hub whose viewers `1...count` each applied (distinct phones) from `address`.
    func applicants(_ count: Int, from address: String, first: Int = 1, into hub: Hub) throws -> [(ConnectionID, String)] {
        try (first..<(first + count)).map { index in
            let viewer = ConnectionID(UInt64(index))
            hub.join(viewer, address: address)
            let lead = try #require(hub.sendDurably(applyMessage(index), from: viewer).first?["leadId"] as? String)
            return (viewer, lead)
        }
    }

    func hub(ticketsPerAddress: Int = 1000, joinsPerMinute: Int = 1000, burst: Int = 1000) -> Hub {
        var settings = Fixtures.settings()
        settings.appliesPerMinutePerAddress = 1000
        settings.ticketsPerAddress = ticketsPerAddress
        settings.queueJoinsPerMinutePerAddress = joinsPerMinute
        settings.queueJoinBurstPerAddress = burst
        return Hub(settings: settings)
    }

    @Test func oneAddressHoldsAtMostTicketsPerAddressAndIsRefusedWithNothingChanged() throws {
        let hub = hub(ticketsPerAddress: 2)
        let crowd = try applicants(3, from: "203.0.113.7", into: hub)
        let first = try #require(hub.sendDurably(joinMessage(crowd[0].1), from: crowd[0].0).first?["ticket"] as? Int)
        #expect(hub.sendDurably(joinMessage(crowd[1].1), from: crowd[1].0).first?.type == "queue_ticket")
        let refused = hub.send(joinMessage(crowd[2].1), from: crowd[2].0)
        #expect(refused.map(\.type) == ["error"], "no store write")
        #expect(refused.first?["code"] as? String == "rate_limited")
        #expect(refused.first?["reason"] as? String == "address_tickets")
        #expect(refused.first?["ref"] as? Int == 2)
        #expect((refused.first?["message"] as? String)?.contains("your network") == true)
        #expect(hub.snapshot(of: "s1")?.counters.queue == 2)

        let neighbour = try applicants(1, from: "198.51.100.9", first: 10, into: hub)[0]
        #expect(hub.sendDurably(joinMessage(neighbour.1), from: neighbour.0).first?.type == "queue_ticket", "other addresses are unaffected")

        _ = hub.sendDurably(#"{"type": "queue_leave", "ticket": \#(first)}"#, from: crowd[0].0)
        #expect(hub.sendDurably(joinMessage(crowd[2].1), from: crowd[2].0).first?.type == "queue_ticket", "a place held from the address was freed")
    }

    @Test func joinsFromOneAddressAreRateLimitedAfterASmallBurstAndRefillOverTime() throws {
        let hub = hub(joinsPerMinute: 6, burst: 2)  // one every 10 s after two at once
        let crowd = try applicants(3, from: "203.0.113.7", into: hub)
        #expect(hub.sendDurably(joinMessage(crowd[0].1), from: crowd[0].0).first?.type == "queue_ticket")
        #expect(hub.sendDurably(joinMessage(crowd[1].1), from: crowd[1].0).first?.type == "queue_ticket")
        let refused = hub.send(joinMessage(crowd[2].1), from: crowd[2].0, at: 1_000)
        #expect(refused.first?["code"] as? String == "rate_limited")
        #expect(refused.first?["reason"] as? String == "join_rate")
        #expect((refused.first?["message"] as? String)?.contains("try again in 10 seconds") == true)
        #expect(hub.snapshot(of: "s1")?.counters.queue == 2)
        #expect(hub.send(joinMessage(crowd[2].1), from: crowd[2].0, at: 5_000).first?["code"] as? String == "rate_limited")
        #expect(hub.sendDurably(joinMessage(crowd[2].1), from: crowd[2].0, at: 11_000).first?.type == "queue_ticket")
    }

    @Test func askingAgainForOnesOwnTicketIsNotCharged() throws {
        let hub = hub(ticketsPerAddress: 1, joinsPerMinute: 1, burst: 1)
        let (viewer, lead) = try applicants(1, from: "203.0.113.7", into: hub)[0]
        let ticket = try #require(hub.sendDurably(joinMessage(lead), from: viewer).first?["ticket"] as? Int)
        for _ in 0..<3 {
            #expect(hub.send(joinMessage(lead), from: viewer).first?["ticket"] as? Int == ticket)
        }
    }

    @Test func aLineOfTwentyCannotBeFilledFromOneAddressWithTheDefaults() throws {
        var settings = Fixtures.settings()
        settings.appliesPerMinutePerAddress = 1000
        settings.queueMaxLength = 20
        settings.ticketsPerAddress = DaigangConfig.Limits.defaultTicketsPerAddress(queueMaxLength: 20)
        let hub = Hub(settings: settings)
        let crowd = try applicants(20, from: "203.0.113.7", into: hub)
        let answers = crowd.map { hub.sendDurably(joinMessage($0.1), from: $0.0, at: 1_000).first }
        let placed = answers.filter { $0?.type == "queue_ticket" }.count
        #expect(placed == 5, "a quarter of a 20-place line, taken in one burst")
        #expect(answers.dropFirst(placed).allSatisfy { $0?["code"] as? String == "rate_limited" })
    }

    @Test func fullJoinBudgetsAreForgottenOnTick() throws {
        let hub = hub(joinsPerMinute: 6, burst: 2)
        let (viewer, lead) = try applicants(1, from: "203.0.113.7", into: hub)[0]
        _ = hub.sendDurably(joinMessage(lead), from: viewer)
        _ = hub.tick(now: 2_000)
        #expect(hub.joinBuckets.count == 1)
        _ = hub.tick(now: 20_000)
        #expect(hub.joinBuckets.isEmpty)
    }
}

struct AuthThrottleTests {
    let address = "203.0.113.7"

    func hub(failuresPerMinute: Int = 3) -> Hub {
        var settings = Fixtures.settings()
        settings.authFailuresPerMinutePerAddress = failuresPerMinute
        return Hub(settings: settings)
    }

    func hello(_ hub: Hub, _ connection: ConnectionID, role: String = "host", token: String?, address: String? = nil, at now: Instant = 1_000) -> [Sent] {
        hub.connect(connection, address: address ?? self.address, now: now)
        var message: [String: String] = ["type": "hello", "ref": "h", "session": "s1", "role": role]
        message["token"] = token
        let data = try! JSONSerialization.data(withJSONObject: message)
        return hub.send(String(decoding: data, as: UTF8.self), from: connection, at: now)
    }

    func leadsRequest(_ hub: Hub, authorization: String?, address: String? = nil, at now: Instant = 1_000) -> [Sent] {
        let request = HRRequest.listLeads(LeadQuery(), cursor: nil, limit: nil)
        return Sent.decode(hub.handleHR(request, authorization: authorization, address: address ?? self.address, from: ConnectionID(500), now: now))
    }

    @Test(arguments: [("host", "ws_host"), ("hr", "ws_hr")])
    func aFailedHelloIsUnauthorizedLoggedWithoutTheTokenAndClosed(role: String, channel: String) {
        let hub = hub()
        let connection = ConnectionID(1)
        let sent = hello(hub, connection, role: role, token: "secret-guess-42")
        #expect(sent.map(\.type) == ["error", "security", "disconnect"])
        #expect(sent[0]["code"] as? String == "unauthorized")
        #expect(sent[0]["ref"] as? String == "h")
        #expect(sent[1]["kind"] as? String == "auth_failed")
        #expect(sent[1]["address"] as? String == address)
        #expect(sent[1]["channel"] as? String == channel)
        #expect(!"\(sent[1].json)".contains("secret-guess-42"), "the security log never carries the token")
        #expect(sent[2].target == .one(connection))
        #expect(sent[2]["reason"] as? String == "authentication failed")
        #expect(hub.members(of: "s1").isEmpty)
    }

    @Test func afterTheBudgetEveryHelloFromThatAddressIsThrottledEvenWithTheRightToken() {
        let hub = hub(failuresPerMinute: 3)  // one every 20 s
        for index in 1...3 {
            #expect(hello(hub, ConnectionID(UInt64(index)), token: "guess-\(index)").first?["code"] as? String == "unauthorized")
        }
        let throttled = hello(hub, ConnectionID(10), token: "host-token-123", at: 2_000)
        #expect(throttled.map(\.type) == ["error", "security", "disconnect"])
        #expect(throttled[0]["code"] as? String == "rate_limited")
        #expect((throttled[0]["message"] as? String)?.contains("try again in 19 seconds") == true)
        #expect(throttled[1]["kind"] as? String == "auth_throttled")
        #expect(hub.members(of: "s1").isEmpty, "the right token did not get in")
        #expect(hello(hub, ConnectionID(11), role: "hr", token: "hr-token-acme", at: 2_000).first?["code"] as? String == "rate_limited")

        #expect(hello(hub, ConnectionID(20), token: "host-token-123", address: "198.51.100.9", at: 2_000).first?.type == "welcome",
                "other addresses are unaffected")
        #expect(hello(hub, ConnectionID(21), role: "viewer", token: nil, at: 2_000).first?.type == "welcome", "viewers need no token and are never throttled")
        #expect(hello(hub, ConnectionID(30), token: "host-token-123", at: 21_000).first?.type == "welcome", "the budget refills")
    }

    @Test func aLongRandomTokenStillGetsInWhileItsAddressIsThrottled() {
        // Staff on the venue's Wi-Fi share its address with the audience: a guesser there must not
        // lock the host out. A 32+ character random token cannot be guessed at any rate.
        let strongHost = String(repeating: "h7", count: 20)
        let strongHR = String(repeating: "r9", count: 20)
        var settings = Fixtures.settings()
        settings.authFailuresPerMinutePerAddress = 3
        settings.hostToken = strongHost
        settings.employers[0].hrToken = strongHR
        let hub = Hub(settings: settings)
        for index in 1...3 { _ = hello(hub, ConnectionID(UInt64(index)), token: "guess-\(index)") }
        #expect(hello(hub, ConnectionID(9), token: "guess-4", at: 2_000).first?["code"] as? String == "rate_limited")
        #expect(hello(hub, ConnectionID(10), token: strongHost, at: 2_000).first?.type == "welcome")
        #expect(hello(hub, ConnectionID(11), role: "hr", token: strongHR, at: 2_000).first?.type == "welcome")
        #expect(leadsRequest(hub, authorization: "Bearer \(strongHR)", at: 2_000).first?["status"] as? Int == 200)
        let wrongButLong = String(repeating: "x", count: 40)
        #expect(leadsRequest(hub, authorization: "Bearer \(wrongButLong)", at: 2_000).first?["status"] as? Int == 429,
                "a wrong long token is throttled like any other")
    }

    @Test func aWrongBearerTokenIs401WithAChallengeAndIsCharged() {
        let hub = hub()
        let sent = leadsRequest(hub, authorization: "Bearer not-the-token")
        #expect(sent.map(\.target) == [.http(ConnectionID(500)), .log])
        #expect(sent[0]["status"] as? Int == 401)
        #expect((sent[0]["headers"] as? [String: String])?["www-authenticate"] == #"Bearer realm="daigang""#)
        #expect(sent[1]["kind"] as? String == "auth_failed")
        #expect(sent[1]["channel"] as? String == "http_hr")
        #expect(!"\(sent[1].json)".contains("not-the-token"))
    }

    @Test func afterTheBudgetTheHRAPIAnswers429WithRetryAfterEvenForTheRightToken() {
        let hub = hub(failuresPerMinute: 3)
        for _ in 1...3 { #expect(leadsRequest(hub, authorization: "Bearer wrong-token").first?["status"] as? Int == 401) }
        for authorization in ["Bearer wrong-token", "Bearer hr-token-acme", nil] {
            let sent = leadsRequest(hub, authorization: authorization, at: 1_000)
            #expect(sent.first?["status"] as? Int == 429)
            #expect((sent.first?["headers"] as? [String: String])?["retry-after"] == "20")
            #expect((sent.first?["body"] as? [String: Any])?["error"] as? String == "rate_limited")
            #expect(sent.last?["kind"] as? String == "auth_throttled")
        }
        #expect(leadsRequest(hub, authorization: "Bearer hr-token-acme", address: "198.51.100.9").first?["status"] as? Int == 200)
        #expect(leadsRequest(hub, authorization: "Bearer hr-token-acme", at: 21_000).first?["status"] as? Int == 200)
    }

    @Test func aRequestWithoutCredentialsIsRefusedButNotCharged() {
        let hub = hub(failuresPerMinute: 3)
        for _ in 1...10 {
            let sent = leadsRequest(hub, authorization: nil)
            #expect(sent.count == 1)
            #expect(sent.first?["status"] as? Int == 401)
        }
        #expect(leadsRequest(hub, authorization: "Bearer hr-token-acme").first?["status"] as? Int == 200)
    }

    @Test func webSocketAndHTTPFailuresShareOneBudgetPerAddress() {
        let hub = hub(failuresPerMinute: 3)
        _ = hello(hub, ConnectionID(1), token: "guess-1")
        _ = hello(hub, ConnectionID(2), role: "hr", token: "guess-2")
        _ = leadsRequest(hub, authorization: "Bearer guess-3")
        #expect(leadsRequest(hub, authorization: "Bearer hr-token-acme").first?["status"] as? Int == 429)
        #expect(hello(hub, ConnectionID(3), token: "host-token-123").first?["code"] as? String == "rate_limited")
    }

    @Test func fullAuthBudgetsAreForgottenOnTick() {
        let hub = hub(failuresPerMinute: 3)
        _ = hello(hub, ConnectionID(1), token: "guess")
        _ = hub.tick(now: 2_000)
        #expect(hub.authBuckets.count == 1)
        _ = hub.tick(now: 30_000)
        #expect(hub.authBuckets.isEmpty)
    }
}

struct AbuseLimitConfigTests {
    func parse(_ limits: String?, queue: String? = nil) throws(ConfigError) -> DaigangConfig {
        var extra = ""
        if let limits { extra += #", "limits": {\#(limits)}"# }
        if let queue { extra += #", "queue": {\#(queue)}"# }
        let text = ConfigTests.valid.replacingOccurrences(of: #""hostToken": "host-token-123""#, with: #""hostToken": "host-token-123"\#(extra)"#)
        return try DaigangConfig.parse(Data(text.utf8))
    }

    @Test func defaultsAreNATAwareAndReachTheHub() throws {
        let config = try parse(nil)
        #expect(config.limits.queueJoinsPerMinutePerAddress == 20)
        #expect(config.limits.ticketsPerAddress == 25)
        #expect(config.limits.authFailuresPerMinutePerAddress == 10)
        let settings = config.hubSettings
        #expect(settings.queueJoinsPerMinutePerAddress == 20)
        #expect(settings.queueJoinBurstPerAddress == 5)
        #expect(settings.ticketsPerAddress == 25)
        #expect(settings.authFailuresPerMinutePerAddress == 10)
    }

    @Test(arguments: [(500, 25), (100, 25), (20, 5), (3, 1), (1, 1)])
    func theDefaultTicketCapIsAQuarterOfTheLineAtMost25(maxLength: Int, expected: Int) throws {
        #expect(try parse(nil, queue: #""maxLength": \#(maxLength)"#).limits.ticketsPerAddress == expected)
    }

    @Test func explicitValuesAreTaken() throws {
        let config = try parse(#""queueJoinsPerMinutePerAddress": 7, "ticketsPerAddress": 40, "authFailuresPerMinutePerAddress": 2"#, queue: #""maxLength": 20"#)
        #expect(config.hubSettings.queueJoinsPerMinutePerAddress == 7)
        #expect(config.hubSettings.ticketsPerAddress == 40)
        #expect(config.hubSettings.authFailuresPerMinutePerAddress == 2)
    }

    @Test(arguments: [
        (#""queueJoinsPerMinutePerAddress": 0"#, "limits.queueJoinsPerMinutePerAddress: must be between 1 and 1000000"),
        (#""ticketsPerAddress": 0"#, "limits.ticketsPerAddress: must be between 1 and 10000"),
        (#""authFailuresPerMinutePerAddress": 100000"#, "limits.authFailuresPerMinutePerAddress: must be between 1 and 10000"),
        (#""ticketsPerAdress": 3"#, "limits.ticketsPerAdress: unknown key"),
    ])
    func badValuesNameTheKey(limits: String, expected: String) {
        #expect(throws: ConfigError.self) { try parse(limits) }
        do {
            _ = try parse(limits)
        } catch {
            #expect(error.description == expected)
        }
    }
}
