@testable import DaigangCore
import Foundation
import Testing

/// The outcomes bureaus count: 初步达成意向, hired with a start date, 还在岗吗 seven days later.
struct LeadOutcomeTests {
    let hr = ConnectionID(9)
    /// 2026-12-01 12:00 in Beijing.
    static let noon = CalendarDate("2026-12-01")!.startMillis + 12 * 3600 * 1000

    func hubWithLead() throws -> Hub {
        let hub = Fixtures.hub()
        let viewer = ConnectionID(1)
        hub.join(viewer)
        let apply = #"{"type":"apply","jobId":"j1","name":"张三","phone":"13812345678","consent":true}"#
        guard case .persist(_, let token) = hub.receive(text: Array(apply.utf8), from: viewer, now: 1_000).first else {
            throw Failure("the apply asked for no write")
        }
        _ = hub.persisted(token: token, isDurable: true, now: 1_000)
        return hub
    }

    /// Posts a follow-up at `at` (wall ms) and makes it durable; the answer's status code and JSON.
    func followUp(_ hub: Hub, _ body: String, at wall: Int64 = noon) -> (status: Int, json: [String: Any]) {
        let instant = Instant(wall: wall, tick: 2_000)
        let effects = hub.handleHR(.addFollowUp(leadId: "L000001", body: Array(body.utf8)), authorization: "Bearer hr-token-acme",
                                   address: "203.0.113.7", from: hr, now: instant)
        var response: APIResponse?
        for effect in effects {
            switch effect {
            case .persist(_, let token):
                if case .respond(_, let answer)? = hub.persisted(token: token, isDurable: true, now: instant).first { response = answer }
            case .respond(_, let answer): response = answer
            default: break
            }
        }
        let json = response.flatMap { try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any] } ?? [:]
        return (response?.status ?? 0, json)
    }

    @Test(arguments: LeadStatus.allCases)
    func everyStatusHasAChineseLabel(status: LeadStatus) {
        #expect(!status.chineseLabel.isEmpty)
        #expect(status.chineseLabel.unicodeScalars.allSatisfy { $0.value > 0x2E80 })
    }

    @Test func agreedIsTheBureausInitialAgreement() {
        #expect(LeadStatus.agreed.rawValue == "agreed")
        #expect(LeadStatus.agreed.chineseLabel == "初步达成意向")
        #expect(LeadStatus.agreed.isSetByHR)
        #expect(!LeadStatus.lineNoShow.isSetByHR)
    }

    @Test(arguments: ["2026-12-01", "2024-02-29", "2000-02-29", "1970-01-01"])
    func aRealDateReadsBackAsItself(text: String) throws {
        #expect(try #require(CalendarDate(text)).description == text)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "2026/01/01", "20261201", "1900-02-29", "", "2026-12-01T00:00"])
    func aMalformedOrImpossibleDateIsRefused(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func theBeijingDayTurnsAtSixteenUTC() {
        let midnight = CalendarDate("2026-12-02")!.startMillis
        #expect(CalendarDate(beijingDayOf: midnight - 1).description == "2026-12-01")
        #expect(CalendarDate(beijingDayOf: midnight).description == "2026-12-02")
        #expect(Date(timeIntervalSince1970: Double(midnight) / 1000).ISO8601Format() == "2026-12-01T16:00:00Z")
    }

    @Test func hiredWithAStartDateAsksOnTheSeventhDayAfterIt() throws {
        let hub = try hubWithLead()
        let answer = followUp(hub, #"{"status":"hired","startDate":"2026-11-24"}"#)
        #expect(answer.status == 201)
        let lead = try #require(hub.leads.lead(withID: "L000001"))
        #expect(lead.startDate == CalendarDate("2026-11-24"))
        #expect(lead.retentionAskDate == CalendarDate("2026-12-01"))
        #expect(!lead.asksRetention(on: CalendarDate("2026-11-30")!))
        #expect(lead.asksRetention(on: CalendarDate("2026-12-01")!))
        let view = try #require(answer.json["lead"] as? [String: Any])
        #expect(view["startDate"] as? String == "2026-11-24")
        #expect(view["retentionAskDate"] as? String == "2026-12-01")
        #expect(view["statusLabel"] as? String == "已录用")
    }

    @Test func theRetentionAnswerIsKeptAndStopsTheQuestion() throws {
        let hub = try hubWithLead()
        #expect(followUp(hub, #"{"status":"hired","startDate":"2026-11-20"}"#).status == 201)
        let answer = followUp(hub, #"{"status":"hired","retained_7d":false,"note":"第三天离职"}"#)
        #expect(answer.status == 201)
        let lead = try #require(hub.leads.lead(withID: "L000001"))
        #expect(lead.retained7d == false)
        #expect(lead.startDate == CalendarDate("2026-11-20"))
        #expect(!lead.asksRetention(on: CalendarDate("2026-12-31")!))
        #expect((answer.json["lead"] as? [String: Any])?["retained_7d"] as? Bool == false)
    }

    @Test(arguments: [
        (#"{"status":"agreed","startDate":"2026-12-01"}"#, "startDate goes only with status hired"),
        (#"{"status":"hired","startDate":"2026-02-30"}"#, "startDate"),
        (#"{"status":"hired","startDate":"2028-01-01"}"#, "within a year"),
        (#"{"status":"hired","retained_7d":true}"#, "retained_7d answers"),
        (#"{"status":"contacted","retained_7d":true}"#, "retained_7d answers"),
        (#"{"status":"hired","startDate":"2026-11-28","retained_7d":true}"#, "from 2026-12-05 on"),
        (#"{"status":"hired","retained_7d":"yes","startDate":"2026-11-01"}"#, "retained_7d"),
    ])
    func aBadOutcomeIsRefusedAndChangesNothing(body: String, message: String) throws {
        let hub = try hubWithLead()
        let answer = followUp(hub, body)
        #expect(answer.status == 400)
        #expect((answer.json["message"] as? String ?? "").contains(message), "\(answer.json)")
        #expect(hub.leads.lead(withID: "L000001")?.followups == nil)
    }

    @Test func aFollowUpWithOutcomeFieldsSurvivesTheJournal() throws {
        let record = StoreRecord.followup(leadId: "L000001", FollowUp(status: .hired, note: nil, at: 5, by: "hr:acme", startDate: CalendarDate("2026-11-24"), retained7d: true))
        let text = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(text.contains(#""startDate":"2026-11-24""#))
        #expect(text.contains(#""retained_7d":true"#))
        #expect(try JSONDecoder().decode(StoreRecord.self, from: Data(text.utf8)) == record)
    }

    @Test func theCSVCarriesChineseLabelsOnlyWhenAsked() {
        var lead = Lead(id: "L000001", session: "s1", jobId: "j1", jobTitle: "普工", employerId: "acme", name: "张三", phone: "13812345678",
                        hometown: nil, note: nil, createdAt: Self.noon, viewerId: "v-1")
        lead.followups = [FollowUp(status: .agreed, note: "周一面谈", at: Self.noon, by: "hr:acme")]
        let zh = String(decoding: LeadCSV.render([lead], chineseLabels: true), as: UTF8.self)
        let codes = String(decoding: LeadCSV.render([lead]), as: UTF8.self)
        #expect(zh.hasPrefix("\u{FEFF}"))
        #expect(zh.contains(",初步达成意向,"))
        #expect(codes.contains(",agreed,"))
        #expect(!codes.contains("初步达成意向"))
        #expect(zh.contains("周一面谈"))
    }
}
