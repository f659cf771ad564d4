@testable import DaigangCore
import Foundation
import Testing

struct PhoneNumberTests {
    @Test(arguments: [
        ("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("138-1234-5678", "13812345678"),
        ("+86 13812345678", "13812345678"), ("8613812345678", "13812345678"), ("+86-199-0000-1111", "19900001111"),
    ])
    func acceptedFormsNormalise(input: String, expected: String) {
        #expect(PhoneNumber.normalize(input) == expected)
    }

    @Test(arguments: ["1381234567", "138123456789", "12812345678", "23812345678", "1381234567a", "+1 13812345678", "", "+8613812345678+"])
    func otherInputIsRefused(input: String) {
        #expect(PhoneNumber.normalize(input) == nil)
    }

    @Test func maskingKeepsPrefixAndLastFour() {
        #expect(PhoneNumber.mask("13812345678") == "138****5678")
    }

    @Test(arguments: [("", ""), ("12345", "*****"), ("138123456789", "************")])
    func aNumberThatIsNotElevenDigitsIsMaskedWhole(phone: String, expected: String) {
        #expect(PhoneNumber.mask(phone) == expected)
    }
}

struct ApplyTests {
    let viewer = ConnectionID(1)
    let hr = ConnectionID(9)
    let apply = #"{"type": "apply", "ref": 4, "jobId": "j1", "name": " 张三 ", "phone": "138 1234 5678", "consent": true}"#

    @Test func anApplicationIsAnsweredOnlyOnceDurable() throws {
        let hub = Fixtures.hub()
        hub.join(viewer)
        let sent = hub.send(apply, from: viewer)
        #expect(sent.map(\.type) == ["persist"], "no reply before the disk")
        guard case .store(let token) = sent[0].target else { throw Failure("expected a store write") }
        let replies = Sent.decode(hub.persisted(token: token, isDurable: true, now: 2_000))
        #expect(replies.first?.type == "applied")
        #expect(replies.first?["leadId"] as? String == "L000001")
        #expect(replies.first?["duplicate"] as? Bool == false)
        #expect(replies.first?["ref"] as? Int == 4)
        #expect(hub.leads.lead(withID: "L000001")?.name == "张三")
        #expect(hub.snapshot(of: "s1")?.counters.applications == 1)
    }

    @Test func aRefusedWriteAnswersUnavailableAndRecordsNothing() throws {
        let hub = Fixtures.hub()
        hub.join(viewer)
        guard case .store(let token) = hub.send(apply, from: viewer)[0].target else { throw Failure("expected a store write") }
        let replies = Sent.decode(hub.persisted(token: token, isDurable: false, now: 2_000))
        #expect(replies.first?["code"] as? String == "unavailable")
        #expect(hub.leads.count == 0)
        #expect(hub.snapshot(of: "s1")?.counters.applications == 0)
        #expect(hub.send(apply, from: viewer).map(\.type) == ["persist"], "trying again is possible")
    }

    @Test func theSameIdentityPhoneAndJobIsADuplicateWhilePendingAndAfter() throws {
        let hub = Fixtures.hub()
        hub.join(viewer)
        guard case .store(let token) = hub.send(apply, from: viewer)[0].target else { throw Failure("expected a store write") }
        #expect(hub.send(apply.replacingOccurrences(of: "138 1234 5678", with: "+8613812345678"), from: viewer).isEmpty, "joins the pending write")
        let replies = Sent.decode(hub.persisted(token: token, isDurable: true, now: 2_000))
        #expect(replies.map { $0["duplicate"] as? Bool } == [false, true])
        #expect(replies.map { $0["leadId"] as? String } == ["L000001", "L000001"])
        let later = hub.send(apply, from: viewer)
        #expect(later.first?["leadId"] as? String == "L000001")
        #expect(later.first?["duplicate"] as? Bool == true)
        #expect(hub.leads.count == 1)
    }

    @Test(arguments: [
        (#""consent": true"#, #""consent": false"#, "field 'consent' must be true: we need your consent to pass your number to the employer"),
        (#""name": " 张三 ""#, #""name": "   ""#, "field 'name' must not be empty"),
        (#""phone": "138 1234 5678""#, #""phone": "12812345678""#, "field 'phone' must be a mainland mobile number (11 digits starting 13–19)"),
        (#""consent": true"#, #""consent": true, "note": "\#(String(repeating: "长", count: 501))""#, "field 'note' must be at most 500 characters"),
        (#""consent": true"#, #""consent": true, "hometown": 5"#, "field 'hometown' must be a string"),
    ])
    func invalidApplicationsNameTheField(original: String, replacement: String, message: String) {
        let hub = Fixtures.hub()
        hub.join(viewer)
        let reply = hub.send(apply.replacingOccurrences(of: original, with: replacement), from: viewer)
        #expect(reply.first?["code"] as? String == "bad_request")
        #expect(reply.first?["message"] as? String == message)
    }

    @Test func hrOfTheEmployerHearsOfTheLeadWithTheNumberMasked() throws {
        let hub = Fixtures.hub()
        hub.join(viewer)
        let welcome = hub.join(hr, role: "hr", token: "hr-token-acme")
        #expect(welcome?["employerId"] as? String == "acme")
        hub.join(ConnectionID(10), role: "hr", token: "hr-token-swift")
        guard case .store(let token) = hub.send(apply, from: viewer)[0].target else { throw Failure("expected a store write") }
        let sent = Sent.decode(hub.persisted(token: token, isDurable: true, now: 2_000))
        let news = sent.filter { $0.type == "lead_new" }
        #expect(news.map(\.target) == [.one(hr)])
        let lead = try #require(news.first?["lead"] as? [String: Any])
        #expect(lead["phoneMasked"] as? String == "138****5678")
        #expect(lead["phone"] == nil)
    }

    @Test func applyingIsRateLimitedPerConnection() {
        var settings = Fixtures.settings()
        settings.appliesPerMinute = 2
        let hub = Hub(settings: settings)
        hub.join(viewer)
        _ = hub.send(apply, from: viewer)
        _ = hub.send(apply.replacingOccurrences(of: "j1", with: "j2"), from: viewer)
        let third = hub.send(apply.replacingOccurrences(of: "j1", with: "j3"), from: viewer)
        #expect(third.first?["code"] as? String == "rate_limited")
    }

    @Test func hostsAndHRMayNotApply() {
        let hub = Fixtures.hub()
        hub.join(hr, role: "hr", token: "hr-token-acme")
        #expect(hub.send(apply, from: hr).first?["code"] as? String == "forbidden")
    }
}

struct LeadCSVTests {
    @Test func cellsStartingWithFormulaCharactersAreNeutralised() {
        #expect(LeadCSV.cell("=1+1") == "'=1+1")
        #expect(LeadCSV.cell("+86") == "'+86")
        #expect(LeadCSV.cell("@x") == "'@x")
        #expect(LeadCSV.cell("a,b") == "\"a,b\"")
        #expect(LeadCSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
    }

    @Test func timesAreShownInChinaStandardTime() {
        #expect(LeadCSV.beijingTime(0) == "1970-01-01 08:00")
        #expect(LeadCSV.beijingTime(1_795_556_727_251) == "2026-11-25 05:45")
    }

    @Test func theFileStartsWithABOMAndUsesCRLF() {
        let bytes = LeadCSV.render([])
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("\r\n"))
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
