@testable import DaigangCore
import Foundation
import Testing

/// The retention period: personal data goes, the counts the reports need stay.
struct RetentionTests {
    static let day = Int64(86_400_000)
    static let start = CalendarDate("2026-06-01")!.startMillis + 10 * 3600 * 1000

    /// Three leads: L000001 on 2026-06-01 (s1, acme, hired with a note), L000002 on 2026-06-10
    /// (s2, swift-logistics), L000003 on 2026-09-01 (s1, acme).
    func book() -> LeadBook {
        let book = LeadBook()
        let made: [(String, String, String, Int64)] = [("L000001", "s1", "acme", Self.start), ("L000002", "s2", "swift-logistics", Self.start + 9 * Self.day),
                                                        ("L000003", "s1", "acme", Self.start + 92 * Self.day)]
        for (id, session, employer, at) in made {
            book.apply(.lead(Lead(id: id, session: session, jobId: "j1", jobTitle: "普工", employerId: employer, name: "张三", phone: "13812345678",
                                  hometown: "河南周口", note: "夜班可以", createdAt: at, viewerId: "v-\(id)")))
        }
        book.apply(.followup(leadId: "L000001", FollowUp(status: .hired, note: "电话 13812345678", at: Self.start + Self.day, by: "hr:acme",
                                                         startDate: CalendarDate("2026-06-05"))))
        return book
    }

    func erasedIDs(_ records: [StoreRecord]) -> [String] {
        records.flatMap { record -> [String] in
            if case .leadsErased(let ids, _) = record { return ids }
            return []
        }
    }

    @Test func leadsPastTheirPeriodAreErasedAndTheRestKept() {
        let book = book()
        let policy = RetentionPolicy(days: 180)
        // 2026-06-01 + 180 days = 2026-11-28: on that day L000001 is due, L000002 (06-10) not yet.
        let records = policy.erasure(of: book, today: CalendarDate("2026-11-28")!, at: 99)
        #expect(erasedIDs(records) == ["L000001"])
        #expect(policy.erasure(of: book, today: CalendarDate("2026-11-27")!, at: 99).isEmpty)
    }

    @Test func aSessionCanKeepItsLeadsShorter() {
        let policy = RetentionPolicy(days: 180, daysBySession: ["s2": 30])
        #expect(erasedIDs(policy.erasure(of: book(), today: CalendarDate("2026-07-10")!, at: 99)) == ["L000002"])
    }

    @Test func erasureKeepsTheCountsAndDropsThePersonalData() throws {
        let book = book()
        let before = book.state.leads.map { "\($0.id) \($0.status) \($0.jobId) \($0.employerId) \($0.session) \($0.createdAt) \(String(describing: $0.startDate))" }
        let records = RetentionPolicy.erasure(of: book, before: CalendarDate("2026-12-31")!, at: 1234)
        records.forEach(book.apply)
        let after = book.state.leads.map { "\($0.id) \($0.status) \($0.jobId) \($0.employerId) \($0.session) \($0.createdAt) \(String(describing: $0.startDate))" }
        #expect(before == after)
        for lead in book.state.leads {
            #expect(lead.name.isEmpty && lead.phone.isEmpty && lead.hometown == nil && lead.note == nil && lead.viewerId.isEmpty)
            #expect(lead.followups?.allSatisfy { $0.note == nil } ?? true)
            #expect(lead.erasedAt == 1234)
            #expect(!lead.hasContactData)
        }
        // Nothing is erased twice.
        #expect(RetentionPolicy.erasure(of: book, before: CalendarDate("2026-12-31")!, at: 1235).isEmpty)
    }

    @Test func theAuditSaysWhoseLeadsAndWhichPeriod() {
        let records = RetentionPolicy.erasure(of: book(), before: CalendarDate("2026-07-01")!, at: 1234)
        let audits = records.compactMap { record -> AuditEntry? in
            if case .audit(let entry) = record { return entry }
            return nil
        }
        #expect(audits.map(\.employerId) == ["acme", "swift-logistics"])
        #expect(audits.map(\.leadIds) == [["L000001"], ["L000002"]])
        #expect(audits.allSatisfy { $0.action == .retentionErase && $0.before == CalendarDate("2026-07-01") })
    }

    @Test func theErasureRecordSurvivesTheJournalAndASnapshot() throws {
        let book = book()
        RetentionPolicy.erasure(of: book, before: CalendarDate("2026-07-01")!, at: 1234).forEach(book.apply)
        let replayed = LeadBook()
        for record in book.compactedRecords {
            replayed.apply(try JSONDecoder().decode(StoreRecord.self, from: try JSONEncoder().encode(record)))
        }
        #expect(replayed.state.leads == book.state.leads)
        #expect(replayed.lead(withID: "L000001")?.name == "")
        #expect(replayed.lead(withID: "L000003")?.name == "张三")
    }

    @Test func anErasedApplicationIsNoLongerADuplicate() {
        let book = book()
        #expect(book.existingLeadID(session: "s1", jobId: "j1", phone: "13812345678", viewerId: "v-L000001") == "L000001")
        book.apply(.leadsErased(leadIds: ["L000001"], at: 5))
        #expect(book.existingLeadID(session: "s1", jobId: "j1", phone: "13812345678", viewerId: "v-L000001") == nil)
    }

    @Test func theHubSweepsAtTheFirstTickThenDaily() throws {
        var settings = Fixtures.settings()
        settings.retention = RetentionPolicy(days: 1)
        let hub = Hub(settings: settings, leads: book(), now: 0)
        let now = Instant(wall: CalendarDate("2026-06-03")!.startMillis, tick: 10_000)
        guard case .persist(let records, let token)? = hub.tick(now: now).first(where: { if case .persist = $0 { true } else { false } }) else {
            throw Failure("the first tick did not sweep")
        }
        #expect(erasedIDs(records) == ["L000001"])
        // Nothing more until the write is answered and a day has passed.
        #expect(!hub.tick(now: Instant(wall: now.wall, tick: 11_000)).contains { if case .persist = $0 { true } else { false } })
        _ = hub.persisted(token: token, isDurable: true, now: Instant(wall: now.wall, tick: 12_000))
        #expect(hub.leads.lead(withID: "L000001")?.isErased == true)
        let later = Instant(wall: CalendarDate("2026-06-12")!.startMillis, tick: 12_000 + Hub.retentionSweepIntervalMillis)
        #expect(!hub.tick(now: Instant(wall: later.wall, tick: later.tick - 1)).contains { if case .persist = $0 { true } else { false } })
        let next = hub.tick(now: later).compactMap { effect -> [StoreRecord]? in
            if case .persist(let records, _) = effect { return records }
            return nil
        }
        #expect(next.map(erasedIDs) == [["L000002"]])
    }

    @Test func hometownIsNeverAFilter() {
        let hub = Fixtures.hub()
        let effects = hub.handleHR(.exportXLSX(LeadQuery(hometown: "河南")), authorization: "Bearer hr-token-acme", address: "203.0.113.7",
                                   from: ConnectionID(9), now: 5_000)
        guard case .respond(_, let response)? = effects.first else {
            Issue.record("expected an answer")
            return
        }
        #expect(response.status == 400)
        #expect(String(decoding: response.body, as: UTF8.self).contains("hometown is not a filter"))
    }

    @Test(arguments: [(#"{"days":0}"#, "retention.days"), (#"{"days":30,"sessions":{"s1":9999}}"#, "retention.sessions.s1"), (#"{"day":3}"#, "day")])
    func aBadRetentionConfigIsRefusedNamingTheField(section: String, field: String) {
        let text = #"{"hostToken":"host-token-1234","employers":[{"id":"acme","name":"Acme","hrToken":"hr-token-acme"}],"sessions":[{"id":"s1","title":"t","status":"scheduled","jobs":[],"policies":[]}],"retention":\#(section)}"#
        #expect(throws: ConfigError.self) { try DaigangConfig.parse(Data(text.utf8)) }
        do {
            _ = try DaigangConfig.parse(Data(text.utf8))
        } catch {
            #expect("\(error)".contains(field), "\(error)")
        }
    }

    @Test func theRetentionConfigDefaultsTo180Days() throws {
        let text = #"{"hostToken":"host-token-1234","employers":[{"id":"acme","name":"Acme","hrToken":"hr-token-acme"}],"sessions":[{"id":"s1","title":"t","status":"scheduled","jobs":[],"policies":[]}]}"#
        #expect(try DaigangConfig.parse(Data(text.utf8)).hubSettings.retention == RetentionPolicy(days: 180))
        let custom = text.dropLast() + #","retention":{"days":90,"sessions":{"s1":30}}}"#
        #expect(try DaigangConfig.parse(Data(custom.utf8)).hubSettings.retention == RetentionPolicy(days: 90, daysBySession: ["s1": 30]))
    }
}
