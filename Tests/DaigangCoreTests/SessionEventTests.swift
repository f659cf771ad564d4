@testable import DaigangCore
import Foundation
import Testing

struct SessionStateTests {
    @Test func eachEventChangesWhatItNamesAndCounts() {
        var state = SessionState(Fixtures.session)
        state.apply(.jobUpserted(Fixtures.job("j9")))
        state.apply(.jobPinned(jobId: "j9"))
        state.apply(.policyShown(policyId: "p2"))
        state.apply(.announced(Announcement(text: "你好", at: 5)))
        state.apply(.statusChanged(.ended, at: 6))
        #expect(state.definition.jobs.map(\.id) == ["j1", "j2", "j3", "j9"])
        #expect(state.definition.pinnedJobId == "j9")
        #expect(state.definition.shownPolicyId == "p2")
        #expect(state.announcements.map(\.text) == ["你好"])
        #expect(state.definition.status == .ended)
        #expect(state.eventCount == 5)
        state.apply(.jobWithdrawn(jobId: "j9", at: 7))
        #expect(state.definition.jobs.map(\.id) == ["j1", "j2", "j3"])
        #expect(state.definition.pinnedJobId == nil, "withdrawing the pinned job clears the pin")
    }

    @Test func replayIsTotalForEventsThatNoLongerFit() {
        var state = SessionState(Fixtures.session)
        state.apply(.jobPinned(jobId: "gone"))
        state.apply(.jobWithdrawn(jobId: "gone", at: 1))
        state.apply(.policyShown(policyId: "gone"))
        #expect(state.definition.pinnedJobId == nil)
        #expect(state.definition.shownPolicyId == nil)
        #expect(state.definition.jobs.count == 3)
    }

    @Test func onlyTheLastTwentyAnnouncementsAreKept() {
        var state = SessionState(Fixtures.session)
        for number in 1...25 { state.apply(.announced(Announcement(text: "\(number)", at: Int64(number)))) }
        #expect(state.announcements.map(\.text) == (6...25).map(String.init))
    }

    @Test func eventsSurviveTheJournalsJSON() throws {
        let events: [SessionEvent] = [
            .created(Fixtures.session), .statusChanged(.closed, at: 1), .jobUpserted(Fixtures.job("j7")),
            .jobWithdrawn(jobId: "j1", at: 2), .policyUpserted(Policy(id: "p9", title: "t", summary: "s")),
            .jobPinned(jobId: nil), .jobPinned(jobId: "j2"), .policyShown(policyId: "p1"), .announced(Announcement(text: "a", at: 3)),
            .policyWithdrawn(policyId: "p2", at: 4),
        ]
        for event in events {
            let record = StoreRecord.session(id: "s1", event)
            let decoded = try JSONDecoder().decode(StoreRecord.self, from: JSONEncoder().encode(record))
            #expect(decoded == record)
        }
    }

    @Test(arguments: [
        (SessionStatus.scheduled, SessionStatus.live, true), (.live, .ended, true), (.ended, .closed, true),
        (.scheduled, .closed, true), (.ended, .live, true), (.live, .scheduled, false), (.ended, .scheduled, false),
        (.closed, .live, false), (.closed, .ended, false), (.closed, .closed, false), (.live, .live, true),
    ])
    func statusOrder(from: SessionStatus, to: SessionStatus, allowed: Bool) {
        #expect(from.allows(to) == allowed)
    }
}

struct SessionSeedTests {
    @Test func anEmptyBookGetsTheConfigsSessionsAndAFullOneNothing() {
        let book = LeadBook()
        let seed = SessionSeed.records(for: [Fixtures.session], book: book)
        #expect(seed == [.session(id: "s1", .created(Fixtures.session))])
        seed.forEach(book.apply)
        #expect(SessionSeed.records(for: [Fixtures.session], book: book).isEmpty)
    }

    @Test func differencesAreOneLinePerKind() {
        var data = SessionState(Fixtures.session)
        data.apply(.jobUpserted(Fixtures.job("j9")))
        data.apply(.jobPinned(jobId: "j9"))
        var config = Fixtures.session
        config.title = "改了标题"
        var other = Fixtures.session
        other.id = "s2"
        let lines = SessionSeed.differences(config: [config, other], data: [data])
        #expect(lines == [
            "sessions in the config but not in the data (not imported): s2",
            "title, host, description or status differ from the data in s1",
            "jobs differ from the data in s1",
            "the pinned job or shown policy differs from the data in s1",
        ])
        #expect(SessionSeed.differences(config: [Fixtures.session], data: [SessionState(Fixtures.session)]).isEmpty)
        #expect(SessionSeed.differences(config: [Fixtures.session], data: [SessionState(Fixtures.session)], employerIDs: ["acme"])
                == ["jobs whose employer is no longer in the config (they refuse applications): s1/j3"])
    }
}

struct SessionCommandTests {
    let host = ConnectionID(2)

    @Test func aCommandIsJudgedAgainstWhatIsPendingToo() {
        let hub = Fixtures.hub()
        hub.join(host, role: "host", token: "host-token-123")
        let upsert = hub.send(#"{"type": "upsert_job", "job": {"id": "j9", "title": "新岗位", "employerId": "acme", "pay": {"min": 1, "max": 2, "unit": "day"}, "location": {"city": "c"}}}"#, from: host)
        #expect(upsert.map(\.type) == ["persist"])
        let pin = hub.send(#"{"type": "pin_job", "jobId": "j9"}"#, from: host)
        #expect(pin.map(\.type) == ["persist"], "the job being added may be pinned before it is durable")
        // The upsert is refused: the pin then names a job that never existed and pins nothing.
        _ = hub.persisted(token: 1, isDurable: false, now: 1_000)
        let pinned = Sent.decode(hub.persisted(token: 2, isDurable: true, now: 1_000))
        #expect(pinned.map(\.type) == ["ok", "job_pinned"])
        #expect(pinned.last?["job"] is NSNull)
        #expect(hub.snapshot(of: "s1")?.pinnedJobId == nil)
    }

    @Test func aJobWhoseEmployerLeftTheConfigRefusesApplications() {
        var settings = Fixtures.settings()
        settings.employers = [Fixtures.employers[0]]  // swift-logistics (j3's employer) is gone
        let hub = Hub(settings: settings)
        hub.join(ConnectionID(1))
        let refused = hub.send(#"{"type": "apply", "jobId": "j3", "name": "张三", "phone": "13812345678", "consent": true}"#, from: ConnectionID(1))
        #expect(refused.map(\.type) == ["error"], "nobody could see the lead: refuse, never write it")
        #expect(refused.first?["reason"] as? String == "employer_gone")
    }

    @Test func aRenamedEmployerIsShownByItsNewNameEverywhereAndIsNoDifference() {
        let book = LeadBook()
        var journaled = Fixtures.session
        journaled.jobs = journaled.jobs.map { job in
            var job = job
            job.employerName = "旧名"
            return job
        }
        book.apply(.session(id: "s1", .created(journaled)))
        var settings = Fixtures.settings()
        settings.employers[0].name = "新名 电子"
        let hub = Hub(settings: settings, leads: book)
        let names = hub.snapshot(of: "s1")?.jobs.filter { $0.employerId == "acme" }.map(\.employerName)
        #expect(names == ["新名 电子", "新名 电子"])
        #expect(SessionSeed.differences(config: [Fixtures.session], data: [SessionState(journaled)]).isEmpty,
                "a name taken from the config is not a difference between the config and the data")
    }

    @Test func aClosedSessionRefusesChangesAndApplications() {
        var settings = Fixtures.settings()
        settings.appliesPerMinutePerAddress = 1000
        let hub = Hub(settings: settings)
        hub.join(host, role: "host", token: "host-token-123")
        hub.join(ConnectionID(1))
        _ = hub.sendDurably(#"{"type": "session_status", "status": "closed"}"#, from: host)
        let pin = hub.send(#"{"type": "pin_job", "jobId": "j1"}"#, from: host)
        #expect(pin.first?["reason"] as? String == "session_closed")
        let apply = hub.send(#"{"type": "apply", "jobId": "j1", "name": "张三", "phone": "13812345678", "consent": true}"#, from: ConnectionID(1))
        #expect(apply.first?["reason"] as? String == "session_closed")
        for command in [#"{"type": "queue_pause"}"#, #"{"type": "queue_call"}"#, #"{"type": "session_status", "status": "closed"}"#] {
            #expect(hub.send(command, from: host).first?["reason"] as? String == "session_closed", "\(command)")
        }
    }
}

/// Random host commands and applications, each write made durable or refused at random, and the
/// hub "crashing" at random (rebuilt from the records that reached the disk, as a restart does):
/// after every recovery the session equals a model of what was acknowledged, and so do the leads.
struct SessionRecoveryPropertyTests {
    struct Model {
        var titles: [String: String]
        var pinned: String?
        var announcements: [String] = []
        var status: SessionStatus = .live
        var leads = 0
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func recoveredStateEqualsWhatWasAcknowledged(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        var settings = Fixtures.settings()
        settings.appliesPerMinute = 1000
        settings.appliesPerMinutePerAddress = 100_000
        settings.messagesPerSecond = 100_000
        var disk: [StoreRecord] = []
        var hub = Hub(settings: settings)
        var model = Model(titles: Dictionary(uniqueKeysWithValues: Fixtures.session.jobs.map { ($0.id, $0.title) }))
        let host = ConnectionID(1)
        let viewer = ConnectionID(2)
        hub.join(host, role: "host", token: "host-token-123")
        hub.join(viewer)
        // Seeding the import: the first run's hub holds the config's sessions; make them durable.
        disk += SessionSeed.records(for: settings.sessions, book: LeadBook())

        for step in 0..<400 {
            let now = Instant(Int64(10_000 + step))
            let jobIDs = ["j1", "j2", "j3", "j4", "j5"]
            let job = jobIDs[Int.random(in: 0..<jobIDs.count, using: &random)]
            var change: (inout Model) -> Void = { _ in }
            let text: String
            switch Int.random(in: 0..<7, using: &random) {
            case 0:
                let title = "岗位\(Int.random(in: 0..<1000, using: &random))"
                text = #"{"type": "upsert_job", "job": {"id": "\#(job)", "title": "\#(title)", "employerId": "acme", "pay": {"min": 1, "max": 2, "unit": "day"}, "location": {"city": "c"}}}"#
                change = { $0.titles[job] = title }
            case 1:
                text = #"{"type": "withdraw_job", "jobId": "\#(job)"}"#
                change = { model in
                    model.titles[job] = nil
                    if model.pinned == job { model.pinned = nil }
                }
            case 2:
                text = #"{"type": "pin_job", "jobId": "\#(job)"}"#
                change = { $0.pinned = job }
            case 3:
                let words = "公告\(step)"
                text = #"{"type": "announce", "text": "\#(words)"}"#
                change = { $0.announcements = Array(($0.announcements + [words]).suffix(20)) }
            case 4:
                let next = [SessionStatus.live, .ended, .closed][Int.random(in: 0..<3, using: &random) == 2 && Int.random(in: 0..<4, using: &random) == 0 ? 2 : Int.random(in: 0..<2, using: &random)]
                text = #"{"type": "session_status", "status": "\#(next.rawValue)"}"#
                change = { $0.status = next }
            case 5:
                let phone = "139\(String(format: "%08d", Int.random(in: 0..<100_000_000, using: &random)))"
                text = #"{"type": "apply", "jobId": "\#(job)", "name": "张三", "phone": "\#(phone)", "consent": true}"#
                change = { $0.leads += 1 }
            default:
                // A crash: whatever was not durable is gone; the next run starts from the disk.
                let book = LeadBook()
                disk.forEach(book.apply)
                hub = Hub(settings: settings, leads: book, now: now)
                hub.join(host, role: "host", token: "host-token-123", at: now)
                hub.join(viewer, at: now)
                try check(hub, against: model, seed: seed, step: step)
                continue
            }
            let from = text.contains("\"apply\"") ? viewer : host
            for effect in hub.receive(text: Array(text.utf8), from: from, now: now) {
                guard case .persist(let records, let token) = effect else {
                    continue  // refused before any write (not found, closed, order): nothing changes
                }
                let durable = Int.random(in: 0..<100, using: &random) < 85
                if durable { disk += records }
                let answers = Sent.decode(hub.persisted(token: token, isDurable: durable, now: now))
                let acknowledged = answers.contains { $0.type == "ok" || $0.type == "applied" }
                #expect(acknowledged == durable, "seed \(seed) step \(step): acknowledged \(acknowledged) but durable \(durable)")
                if acknowledged { change(&model) }
            }
        }
    }

    private func check(_ hub: Hub, against model: Model, seed: UInt64, step: Int) throws {
        let snapshot = try #require(hub.snapshot(of: "s1"))
        let titles = Dictionary(uniqueKeysWithValues: snapshot.jobs.map { ($0.id, $0.title) })
        #expect(titles == model.titles, "seed \(seed) step \(step): jobs")
        #expect(snapshot.pinnedJobId == model.pinned, "seed \(seed) step \(step): pin")
        #expect(snapshot.announcements.map(\.text) == model.announcements, "seed \(seed) step \(step): announcements")
        #expect(snapshot.status == model.status, "seed \(seed) step \(step): status")
        #expect(snapshot.counters.applications == model.leads, "seed \(seed) step \(step): leads")
    }
}
