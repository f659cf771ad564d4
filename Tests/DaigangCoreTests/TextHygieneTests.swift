@testable import DaigangCore
import Foundation
import Testing

/// A JSON text for `object`, so tests can put any scalar (NUL, bidi controls…) into a message.
private func jsonText(_ object: [String: Any]) -> String {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

private func scalars(_ scalar: Unicode.Scalar, repeated count: Int) -> String {
    String(String.UnicodeScalarView(repeatElement(scalar, count: count)))
}

private let invisibleReason = "must not contain control or invisible formatting characters"
private let singleLineReason = "must be a single line (no line breaks or tabs)"

struct TextHygieneLengthTests {
    @Test func aOneCharacterNameCarryingTenThousandCombiningMarksIsTooLong() {
        let name = "张" + scalars("\u{0301}", repeated: 10_000)
        #expect(name.count == 1, "one grapheme cluster")
        #expect(throws: ValidationError(field: "name", reason: "must be at most 40 characters")) {
            try CatalogValidation.checkText(name, field: "name", maxLength: 40)
        }
    }

    @Test(arguments: [
        ("e\u{0301}", 20, true),   // 40 scalars, 20 characters
        ("e\u{0301}", 21, false),  // 42 scalars, 21 characters
        ("张", 40, true),
        ("张", 41, false),
        ("👨‍👩‍👧", 8, true),       // 5 scalars each: 40
        ("👨‍👩‍👧", 9, false),      // 45 scalars, 9 characters
    ])
    func lengthLimitsCountUnicodeScalars(unit: String, repeats: Int, isAccepted: Bool) {
        let text = String(repeating: unit, count: repeats)
        let outcome = Result { () throws(ValidationError) in try CatalogValidation.checkOptionalText(text, field: "note", maxLength: 40, shape: .multiLine) }
        switch outcome {
        case .success(let checked): #expect(isAccepted && checked == text, "\(text.unicodeScalars.count) scalars")
        case .failure(let error): #expect(!isAccepted && error == ValidationError(field: "note", reason: "must be at most 40 characters"))
        }
    }

    @Test func listItemsCountUnicodeScalars() {
        var job = Fixtures.job("j1")
        job.tags = ["包吃住", "长" + scalars("\u{0301}", repeated: 20)]
        #expect(throws: ValidationError(field: "job.tags[1]", reason: "must be at most 20 characters")) {
            try CatalogValidation.validate(job, prefix: "job", employers: ["acme": Fixtures.employers[0]])
        }
    }

    @Test func aPolicyLinkCountsUnicodeScalarsAndRefusesInvisibleCharacters() {
        var padded = Policy(id: "p9", title: "补贴", summary: "说明")
        padded.link = "https://example.org/" + scalars("\u{0301}", repeated: 500)
        var hidden = padded
        hidden.link = "https://example.org/\u{202E}gpj.exe"
        let reason = ValidationError(field: "policy.link", reason: "must be an http(s) URL of at most 500 characters")
        #expect(throws: reason) { try CatalogValidation.validate(padded, prefix: "policy") }
        #expect(throws: reason) { try CatalogValidation.validate(hidden, prefix: "policy") }
    }
}

struct TextHygieneCharacterTests {
    static let refusedEverywhere: [Unicode.Scalar] = [
        "\u{0000}", "\u{0007}", "\u{001B}", "\u{007F}", "\u{0080}", "\u{0085}", "\u{009B}",
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
        "\u{200E}", "\u{200F}", "\u{061C}", "\u{200B}", "\u{200C}", "\u{2060}", "\u{FEFF}", "\u{00AD}", "\u{FFFF}",
    ]

    @Test(arguments: refusedEverywhere)
    func aNameRefusesControlBidiAndInvisibleCharacters(scalar: Unicode.Scalar) {
        let expected = ValidationError(field: "name", reason: "\(invisibleReason) (found \(scalar.codePoint))")
        #expect(throws: expected) { try CatalogValidation.checkText("张\(scalar)三", field: "name", maxLength: 40) }
    }

    @Test(arguments: refusedEverywhere)
    func aNoteRefusesControlBidiAndInvisibleCharacters(scalar: Unicode.Scalar) {
        let expected = ValidationError(field: "note", reason: "\(invisibleReason) (found \(scalar.codePoint))")
        #expect(throws: expected) {
            try CatalogValidation.checkOptionalText("可以\(scalar)到岗", field: "note", maxLength: 500, shape: .multiLine)
        }
    }

    @Test(arguments: ["张\n三", "张\r\n三", "张\r三", "张\t三", "张\u{2028}三", "张\u{2029}三"])
    func aNameMustBeASingleLine(name: String) {
        #expect(throws: ValidationError(field: "name", reason: singleLineReason)) {
            try CatalogValidation.checkText(name, field: "name", maxLength: 40)
        }
    }

    @Test func aNameRefusesTheZeroWidthJoinerThatANoteAllows() throws {
        let family = "👨\u{200D}👩\u{200D}👧"
        #expect(throws: ValidationError(field: "name", reason: "\(invisibleReason) (found U+200D)")) {
            try CatalogValidation.checkText("张三\(family)", field: "name", maxLength: 40)
        }
        #expect(try CatalogValidation.checkOptionalText("全家\(family)一起来", field: "note", maxLength: 500, shape: .multiLine) == "全家\(family)一起来")
    }

    @Test(arguments: [
        ("第一行\n第二行", nil),
        ("第一行\r\n第二行", nil),
        ("时间\t晚班", nil),
        ("第一行\r第二行", "U+000D"),  // a lone CR is not a line break we accept
        ("第一行\u{2028}第二行", "U+2028"),
        ("表情\u{FE0F}", nil),           // variation selectors are visible emoji presentation, not formatting
    ] as [(String, String?)])
    func aNoteAllowsLineFeedsAndTabsOnly(note: String, refusedCodePoint: String?) {
        let outcome = Result { () throws(ValidationError) in try CatalogValidation.checkOptionalText(note, field: "note", maxLength: 500, shape: .multiLine) }
        switch (outcome, refusedCodePoint) {
        case (.success(let checked), nil): #expect(checked == note)
        case (.failure(let error), let codePoint?): #expect(error == ValidationError(field: "note", reason: "\(invisibleReason) (found \(codePoint))"))
        default: Issue.record("unexpected outcome \(outcome) for \(note.debugDescription)")
        }
    }

    @Test func catalogFieldsUseTheirShape() {
        var titled = Fixtures.job("j1")
        titled.title = "普工\n急招"
        #expect(throws: ValidationError(field: "job.title", reason: singleLineReason)) {
            try CatalogValidation.validate(titled, prefix: "job", employers: ["acme": Fixtures.employers[0]])
        }
        var tagged = Fixtures.job("j1")
        tagged.tags = ["包\u{200B}吃"]
        #expect(throws: ValidationError(field: "job.tags[0]", reason: "\(invisibleReason) (found U+200B)")) {
            try CatalogValidation.validate(tagged, prefix: "job", employers: ["acme": Fixtures.employers[0]])
        }
        let summary = Policy(id: "p9", title: "补贴", summary: "第一条\n第二条\u{2067}")
        #expect(throws: ValidationError(field: "policy.summary", reason: "\(invisibleReason) (found U+2067)")) {
            try CatalogValidation.validate(summary, prefix: "policy")
        }
        let multiLine = Policy(id: "p9", title: "补贴", summary: "第一条\n第二条", keyPoints: ["一\n二"])
        #expect((try? CatalogValidation.validate(multiLine, prefix: "policy"))?.summary == "第一条\n第二条")
    }
}

struct TextHygieneHubTests {
    let viewer = ConnectionID(1)
    let host = ConnectionID(2)
    let hrConnection = ConnectionID(9)

    func applyText(name: String = "张三", hometown: String? = nil, note: String? = nil, phone: String = "13812345678") -> String {
        var object: [String: Any] = ["type": "apply", "jobId": "j1", "name": name, "phone": phone, "consent": true]
        object["hometown"] = hometown
        object["note"] = note
        return jsonText(object)
    }

    @Test(arguments: [
        ("name", "张\u{0000}三", "U+0000"),
        ("name", "\u{202E}三张", "U+202E"),
        ("name", "张\u{200B}三", "U+200B"),
        ("hometown", "河南\u{2066}周口", "U+2066"),
        ("note", "可以\u{0007}到岗", "U+0007"),
        ("note", "可以\u{FEFF}到岗", "U+FEFF"),
    ])
    func anApplyWithHiddenCharactersIsRefusedNamingTheFieldAndCreatesNoLead(field: String, value: String, codePoint: String) {
        let hub = Fixtures.hub()
        hub.join(viewer)
        let text = switch field {
        case "name": applyText(name: value)
        case "hometown": applyText(hometown: value)
        default: applyText(note: value)
        }
        let reply = hub.send(text, from: viewer)
        #expect(reply.map(\.type) == ["error"], "no store write")
        #expect(reply.first?["code"] as? String == "bad_request")
        #expect(reply.first?["message"] as? String == "field '\(field)' \(invisibleReason) (found \(codePoint))")
        #expect(hub.leads.count == 0)
    }

    @Test func anApplyWhoseNameIsOneCharacterWithTenThousandMarksIsRefused() {
        let hub = Fixtures.hub()
        hub.join(viewer)
        let reply = hub.send(applyText(name: "张" + scalars("\u{0301}", repeated: 10_000)), from: viewer)
        #expect(reply.first?["message"] as? String == "field 'name' must be at most 40 characters")
        #expect(hub.leads.count == 0)
    }

    @Test func anApplyNoteMayHoldLineBreaksAndEmojiJoinersButTheNameMayNot() throws {
        let checked = try ApplyRequest(jobId: "j1", name: "张三", phone: "13812345678", hometown: nil, note: "能上夜班\r\n全家👨\u{200D}👩\u{200D}👧", consent: true).validated()
        #expect(checked.note == "能上夜班\r\n全家👨\u{200D}👩\u{200D}👧")
        #expect(throws: ValidationError(field: "name", reason: singleLineReason)) {
            try ApplyRequest(jobId: "j1", name: "张\n三", phone: "13812345678", hometown: nil, note: nil, consent: true).validated()
        }
    }

    @Test(arguments: [
        ("重要\u{202E}通知", "field 'text' \(invisibleReason) (found U+202E)"),
        ("重要\u{0000}通知", "field 'text' \(invisibleReason) (found U+0000)"),
        ("通知" + scalars("\u{0301}", repeated: 500), "field 'text' must be at most 500 characters"),
    ])
    func anAnnouncementWithHiddenCharactersOrTooManyScalarsIsRefused(text: String, message: String) {
        let hub = Fixtures.hub()
        hub.join(host, role: "host", token: "host-token-123")
        let reply = hub.send(jsonText(["type": "announce", "text": text]), from: host)
        #expect(reply.first?["message"] as? String == message)
        #expect(hub.snapshot(of: "s1")?.announcements.isEmpty == true)
    }

    @Test func anAnnouncementMaySpanLines() {
        let hub = Fixtures.hub()
        hub.join(host, role: "host", token: "host-token-123")
        _ = hub.send(jsonText(["type": "announce", "text": "第一行\n第二行\u{2067}"]), from: host)
        _ = hub.sendDurably(jsonText(["type": "announce", "text": "第一行\n第二行"]), from: host)
        #expect(hub.snapshot(of: "s1")?.announcements.map(\.text) == ["第一行\n第二行"])
    }

    @Test func aCallMessageWithABidiOverrideIsRefused() throws {
        var settings = Fixtures.settings()
        settings.appliesPerMinutePerAddress = 1000
        let hub = Hub(settings: settings)
        hub.join(host, role: "host", token: "host-token-123")
        hub.join(viewer)
        guard case .store(let token) = hub.send(applyText(), from: viewer).first?.target else { throw Failure("no write") }
        let leadId = try #require(Sent.decode(hub.persisted(token: token, isDurable: true, now: 1_000)).first?["leadId"] as? String)
        guard case .store(let joinToken) = hub.send(jsonText(["type": "queue_join", "leadId": leadId]), from: viewer).first?.target else {
            throw Failure("no queue write")
        }
        _ = hub.persisted(token: joinToken, isDurable: true, now: 1_000)
        let reply = hub.send(jsonText(["type": "queue_call", "message": "请\u{202E}准备"]), from: host)
        #expect(reply.first?["message"] as? String == "field 'message' \(invisibleReason) (found U+202E)")
        #expect(hub.send(jsonText(["type": "queue_call", "message": "请准备\n马上连麦"]), from: host).first?.type == "persist")
    }

    func followUp(_ hub: Hub, note: String) -> [Sent] {
        let body = Array(jsonText(["status": "contacted", "note": note]).utf8)
        let request = HRRequest.addFollowUp(leadId: "L000001", body: body)
        return Sent.decode(hub.handleHR(request, authorization: "Bearer hr-token-acme", address: "", from: hrConnection, now: 3_000))
    }

    @Test(arguments: [
        ("已联系\u{202E}", "field 'note' \(invisibleReason) (found U+202E)"),
        ("已联系\u{0000}", "field 'note' \(invisibleReason) (found U+0000)"),
        ("已联系\u{200B}", "field 'note' \(invisibleReason) (found U+200B)"),
        ("好" + scalars("\u{0301}", repeated: 2000), "field 'note' must be at most 2000 characters"),
    ])
    func aFollowUpNoteWithHiddenCharactersOrTooManyScalarsIsRefused(note: String, message: String) throws {
        let hub = Fixtures.hub()
        hub.join(viewer)
        guard case .store(let token) = hub.send(applyText(), from: viewer).first?.target else { throw Failure("no write") }
        _ = hub.persisted(token: token, isDurable: true, now: 2_000)
        let refused = followUp(hub, note: note)
        #expect(refused.first?["status"] as? Int == 400)
        #expect((refused.first?["body"] as? [String: Any])?["message"] as? String == message)
        let followups = hub.leads.lead(withID: "L000001")?.followups ?? []
        #expect(followups.isEmpty)
        #expect(followUp(hub, note: "已联系\n明天面试").first?.type == "persist", "line breaks are fine in a note")
    }
}

struct TextHygieneCSVTests {
    @Test(arguments: [
        ("=\u{200D}cmd", "'=\u{200D}cmd"),
        ("=\u{0301}1+1", "'=\u{0301}1+1"),
        ("=\u{FE0F}cmd", "'=\u{FE0F}cmd"),
        ("+\u{0301}86", "'+\u{0301}86"),
        (" =1+1", "' =1+1"),
        ("\u{3000}=1+1", "'\u{3000}=1+1"),
        ("\u{200B}=1+1", "'\u{200B}=1+1"),
        (" \t1", "' \t1"),
        ("\n=1", "\"'\n=1\""),
        ("＝1+1", "'＝1+1"),
        ("＋86", "'＋86"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("张=三", "张=三"),          // a formula character later in the text is harmless
        (" 张三", " 张三"),
        ("1-2", "1-2"),
        ("\u{00E9}=1", "\u{00E9}=1"),
    ])
    func formulaStartsAreFoundByTheirFirstScalar(value: String, expected: String) {
        #expect(LeadCSV.cell(value) == expected)
    }

    @Test(arguments: [
        ("x\r\ny", "\"x\r\ny\""),
        ("a\"\u{0301}b", "\"a\"\"\u{0301}b\""),
        (",\u{0301}", "\",\u{0301}\""),
    ])
    func quotingLooksAtScalarsSoCRLFAndDecoratedQuotesAreEscaped(value: String, expected: String) {
        #expect(LeadCSV.cell(value) == expected)
    }
}
