@testable import DaigangCore
import Foundation
import Testing

struct AudienceCountTests {
    @Test func peakIsTheMostOnlineAtOnceAndUniqueCountsEachViewerOnce() {
        var count = AudienceCount(durable: SessionAudience())
        count.viewerJoined("v-a", address: "10.0.0.1", online: 1)
        count.viewerJoined("v-b", address: "10.0.0.1", online: 2)
        count.viewerJoined("v-a", address: "10.0.0.1", online: 1)  // v-a came back after leaving
        count.viewerJoined("v-c", address: "10.0.0.1", online: 2)
        #expect(count.figures == SessionAudience(peak: 2, unique: 3))
    }

    @Test func oneAddressAddsAtMostItsShareOfNewViewersAndOthersStillCount() {
        var count = AudienceCount(durable: SessionAudience())
        for n in 0..<(AudienceCount.newViewersPerAddress + 50) {
            count.viewerJoined("v-script-\(n)", address: "203.0.113.9", online: 1)
        }
        #expect(count.figures.unique == AudienceCount.newViewersPerAddress, "fresh ids from one address stop counting at its share")
        count.viewerJoined("v-phone", address: "198.51.100.7", online: 2)
        #expect(count.figures.unique == AudienceCount.newViewersPerAddress + 1, "another address's viewer still counts")
        count.viewerJoined("v-script-0", address: "203.0.113.9", online: 1)
        #expect(count.figures.unique == AudienceCount.newViewersPerAddress + 1, "a counted id coming back is not new")
    }

    @Test func afterARestartTheCountContinuesAndViewersInTheLineAreNotCountedTwice() {
        var count = AudienceCount(durable: SessionAudience(peak: 7, unique: 40), carried: ["v-inline"])
        count.viewerJoined("v-inline", address: "10.0.0.1", online: 1)
        #expect(count.figures == SessionAudience(peak: 7, unique: 40))
        count.viewerJoined("v-new", address: "10.0.0.1", online: 2)
        #expect(count.figures == SessionAudience(peak: 7, unique: 41))
    }

    @Test func figuresAreWrittenAtMostEveryThirtySecondsWhileTheyChange() {
        var count = AudienceCount(durable: SessionAudience())
        #expect(!count.recordDue(written: SessionAudience(), now: 0, isFinal: true), "nothing changed: nothing to write")
        count.viewerJoined("v-a", address: "10.0.0.1", online: 1)
        #expect(count.recordDue(written: SessionAudience(), now: 1_000, isFinal: false), "the first change is written at once")
        count.recorded(now: 1_000)
        let written = count.figures
        count.viewerJoined("v-b", address: "10.0.0.1", online: 2)
        #expect(!count.recordDue(written: written, now: 1_000 + AudienceCount.recordEveryMillis - 1, isFinal: false))
        #expect(count.recordDue(written: written, now: 1_000 + AudienceCount.recordEveryMillis, isFinal: false))
        #expect(count.recordDue(written: written, now: 1_001, isFinal: true), "the session's end or a shutdown does not wait")
    }

    @Test func anAudienceRecordSurvivesTheJournalsJSONAndOnlyRaisesTheFigures() throws {
        let event = SessionEvent.audience(SessionAudience(peak: 12, unique: 30))
        let json = try JSONEncoder().encode(event)
        #expect(String(decoding: json, as: UTF8.self).contains(#""event":"audience""#))
        #expect(try JSONDecoder().decode(SessionEvent.self, from: json) == event)
        var state = SessionState(Fixtures.session)
        state.apply(event)
        state.apply(.audience(SessionAudience(peak: 5, unique: 31)))
        #expect(state.audience == SessionAudience(peak: 12, unique: 31))
        #expect(state.eventCount == 0, "not a broadcast: seq does not move")
    }
}

struct AudienceHubTests {
    /// Answers every store write in `effects` as durable; returns the records written.
    static func settle(_ hub: Hub, _ effects: [HubEffect], at now: Instant) -> [StoreRecord] {
        var written: [StoreRecord] = []
        for effect in effects {
            guard case .persist(let records, let token) = effect else { continue }
            written += records
            _ = hub.persisted(token: token, isDurable: true, now: now)
        }
        return written
    }

    static func audienceRecords(_ records: [StoreRecord]) -> [SessionAudience] {
        records.compactMap { if case .session(_, .audience(let figures), _) = $0 { figures } else { nil } }
    }

    static func reportedSession(_ hub: Hub) throws -> [String: Any] {
        let answer = try #require(Sent.decode(hub.handleReport(.report, authorization: "Bearer host-token-123", address: "10.0.0.1", from: ConnectionID(900), now: 90_000)).first)
        let sessions = try #require(answer["body"].flatMap { ($0 as? [String: Any])?["sessions"] as? [[String: Any]] })
        return try #require(sessions.first { $0["id"] as? String == "s1" })
    }

    @Test func joinsAreCountedLiveAndJournaledByTheTickNotPerJoin() throws {
        let book = LeadBook()
        let hub = Hub(settings: Fixtures.settings(), leads: book)
        for n in 1...3 { hub.join(ConnectionID(UInt64(n)), at: 1_000) }
        hub.disconnect(ConnectionID(3), now: 1_100)
        hub.join(ConnectionID(4), at: 1_200)
        hub.join(ConnectionID(5), role: "host", token: "host-token-123", at: 1_200)
        let records = Self.settle(hub, hub.tick(now: 2_000), at: 2_000)
        #expect(Self.audienceRecords(records) == [SessionAudience(peak: 3, unique: 4)], "hosts are not the audience")
        #expect(book.state.sessions["s1"]?.audience == SessionAudience(peak: 3, unique: 4))
        hub.join(ConnectionID(6), at: 3_000)
        #expect(Self.audienceRecords(Self.settle(hub, hub.tick(now: 3_000), at: 3_000)).isEmpty, "within 30 s of the last record")
        let session = try Self.reportedSession(hub)
        #expect(session["peakViewers"] as? Int == 4 && session["uniqueViewers"] as? Int == 5, "the report reads the live figures")
        let atStop = Self.settle(hub, hub.recordAudience(now: 4_000), at: 4_000)
        #expect(Self.audienceRecords(atStop) == [SessionAudience(peak: 4, unique: 5)])
        #expect(hub.recordAudience(now: 4_100).isEmpty, "nothing new: nothing written")
    }

    @Test func aRestartedHubContinuesFromTheJournaledFigures() throws {
        let book = LeadBook()
        let first = Hub(settings: Fixtures.settings(), leads: book)
        for n in 1...5 { first.join(ConnectionID(UInt64(n)), at: 1_000) }
        _ = Self.settle(first, first.recordAudience(now: 2_000), at: 2_000)
        let second = Hub(settings: Fixtures.settings(), leads: book)
        second.join(ConnectionID(1), at: 5_000)
        second.join(ConnectionID(2), at: 5_000)
        let records = Self.settle(second, second.tick(now: 6_000), at: 6_000)
        #expect(Self.audienceRecords(records) == [SessionAudience(peak: 5, unique: 7)], "the peak stays, new ids add to the unique count")
        let session = try Self.reportedSession(second)
        #expect(session["peakViewers"] as? Int == 5 && session["uniqueViewers"] as? Int == 7)
    }

    @Test func anEndedSessionWritesItsFiguresWithoutWaitingAndLateVisitorsChangeNothing() {
        let hub = Fixtures.hub()
        hub.join(ConnectionID(1), at: 1_000)
        #expect(Self.audienceRecords(Self.settle(hub, hub.tick(now: 1_000), at: 1_000)).count == 1)
        hub.join(ConnectionID(2), at: 1_200)
        hub.join(ConnectionID(9), role: "host", token: "host-token-123", at: 1_000)
        _ = hub.sendDurably(#"{"type":"session_status","status":"ended"}"#, from: ConnectionID(9), at: 1_500)
        #expect(Self.audienceRecords(Self.settle(hub, hub.tick(now: 2_000), at: 2_000)) == [SessionAudience(peak: 2, unique: 2)])
        for n in 3...6 { hub.join(ConnectionID(UInt64(n)), at: 3_000) }
        #expect(Self.audienceRecords(Self.settle(hub, hub.tick(now: 4_000), at: 4_000)).isEmpty, "an ended session's figures are final")
    }

    @Test func theCampaignPeakIsTheHighestSessionAndUniqueTheSum() {
        let book = ReportBuilderTests.book()
        book.apply(.session(id: "s1", .audience(SessionAudience(peak: 120, unique: 300))))
        book.apply(.session(id: "s2", .audience(SessionAudience(peak: 80, unique: 250))))
        let report = ReportBuilder(employers: [], thresholds: .standard).build(book.state, includeOrigins: false)
        #expect(report.sessions.map(\.peakViewers) == [120, 80])
        #expect(report.sessions.map(\.uniqueViewers) == [300, 250])
        #expect(report.headline.peakViewers == 120 && report.headline.uniqueViewers == 550)
        #expect(report.campaign.peakViewers == 120 && report.campaign.uniqueViewers == 550)
        #expect(report.employers.allSatisfy { $0.tally.applications >= 0 } && report.industries.allSatisfy { $0.peakViewers == nil },
                "viewers are not split by employer, industry or district")
    }

    @Test func theWorkbooksJobRowsCoverEverySession() {
        let book = ReportBuilderTests.book()
        let rows = ReportBuilder(employers: [], thresholds: .standard).build(book.state, includeOrigins: false, jobsOf: .every).jobs ?? []
        #expect(rows.map { "\($0.session)/\($0.id)" } == ["s1/j1", "s1/j2", "s2/j1", "s2/j9"])
        #expect(rows.map(\.tally.applications) == [2, 1, 1, 2])
        #expect(rows[0].tally.openings == 10 && rows[0].tally.hired == 1)
    }
}

extension Hub {
    /// Whether the write with this token is an `audience` record (the tick's, not a command's).
    func isAudienceWrite(_ token: UInt64) -> Bool {
        guard case .sessionEvent(_, .audience, _, _) = pendingWrites[token]?.purpose else { return false }
        return true
    }
}
