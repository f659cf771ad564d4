import DaigangCore
@testable import DaigangStore
import Foundation
import Testing

/// Snapshots are written off the ack path, from the loop's state handed over at a journal marker.
struct SnapshotTests {
    func leads(from first: Int, count: Int) -> [StoreRecord] { (first..<first + count).map(lead) }

    @Test func acksKeepFlowingWhileASnapshotOfManyLeadsIsWritten() throws {
        let directory = TemporaryDirectory()
        let harness = try StoreHarness(directory, compactAfterBytes: 1 << 20)
        // One big write takes the journal past the threshold: the marker follows its answer, and
        // the loop hands over a state of 30,000 leads.
        #expect(harness.write(leads(from: 1, count: 30_000), token: 1) == true)
        #expect(harness.waitUntil { harness.completedJournals == [1] })
        var acknowledgedDuringSnapshot = 0
        var next = 30_001
        var token: UInt64 = 2
        while !harness.reported("compacted into") && token < 10_000 {
            #expect(harness.write([lead(next)], token: token) == true)
            if !harness.reported("compacted into") { acknowledgedDuringSnapshot += 1 }
            next += 1
            token += 1
        }
        #expect(acknowledgedDuringSnapshot > 0, "every ack waited for the snapshot")
        #expect(harness.waitUntil { harness.reported("compacted into " + StoreDirectory.snapshotName(1)) })
        harness.store.shutdown()

        let (journals, snapshots) = try directory.directory.list()
        #expect(snapshots == [1] && journals == [2])
        // The snapshot holds exactly journal 1: the leads answered before the marker.
        var inSnapshot = 0
        _ = try JournalScan.scan(path: directory.directory.file(StoreDirectory.snapshotName(1)), allowTornTail: false) { record in
            if case .lead = record { inSnapshot += 1 }
        }
        #expect(inSnapshot == 30_000)
        let reopened = try StoreHarness(directory)
        #expect(reopened.book.count == next - 1)
        #expect(reopened.book.state.leads.last == harness.book.state.leads.last)
        reopened.store.shutdown()
    }

    @Test func aFailingSnapshotIsRetriedWithoutStartingMoreJournals() throws {
        let directory = TemporaryDirectory()
        let faultFile = directory.path + "-fault"
        defer { unlink(faultFile) }
        _ = FileManager.default.createFile(atPath: faultFile, contents: Data("snapshot".utf8))
        let harness = try StoreHarness(directory, compactAfterBytes: 4096, faultFile: faultFile)
        var token: UInt64 = 0
        // Journal 1 fills up, journal 2 starts, snapshot-1 fails; journal 2 then fills up as well
        // (well past the threshold) but no journal 3 starts while snapshot-1 is owed.
        for number in 1...80 {
            token += 1
            #expect(harness.write([lead(number)], token: token) == true)
        }
        #expect(harness.waitUntil { harness.reported("could not write " + StoreDirectory.snapshotName(1)) })
        var files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["LOCK", StoreDirectory.journalName(1), StoreDirectory.journalName(2)], "\(files)")
        #expect(harness.completedJournals == [1])

        // The disk has room again: the retry writes snapshot-1, and journals move on.
        _ = FileManager.default.createFile(atPath: faultFile, contents: Data())
        #expect(harness.waitUntil(seconds: 10) { harness.reported("compacted into " + StoreDirectory.snapshotName(1)) })
        for number in 81...90 {
            token += 1
            #expect(harness.write([lead(number)], token: token) == true)
        }
        #expect(harness.waitUntil { harness.reported("compacted into " + StoreDirectory.snapshotName(2)) })
        harness.store.shutdown()
        files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["BACKUP", "LOCK", StoreDirectory.journalName(3), StoreDirectory.snapshotName(2)], "\(files)")
        #expect(try storedRecords(directory) == (1...90).map(lead))
    }

    @Test func aStateHandedOverDoesNotChangeWhenTheBookDoes() {
        let book = LeadBook()
        for number in 1...2_500 { book.apply(lead(number)) }
        book.apply(.audit(AuditEntry(employerId: "acme", action: .export, leadIds: ["L000001"], at: 1)))
        let captured = book.state
        let before = captured.leads[5]
        book.apply(.followup(leadId: "L000006", FollowUp(status: .hired, note: nil, at: 9, by: "hr:acme")))
        book.apply(lead(2_501))
        book.apply(.audit(AuditEntry(employerId: "acme", action: .export, leadIds: ["L000002"], at: 2)))
        book.apply(.idsReserved(upTo: 9_000))
        #expect(captured.leads.count == 2_500 && captured.leads[5] == before && captured.audit.count == 1)
        #expect(captured.reservedUpTo == 0)
        #expect(book.state.leads.count == 2_501 && book.state.leads[5].status == .hired && book.audit.count == 2)
        #expect(book.nextLeadNumber == 9_001)
    }

    @Test func aSnapshotRebuildsTheSameBook() {
        let book = LeadBook()
        for number in 1...50 { book.apply(lead(number)) }
        book.apply(.followup(leadId: "L000007", FollowUp(status: .contacted, note: "ok", at: 3, by: "hr:acme")))
        book.apply(.audit(AuditEntry(employerId: "acme", action: .viewLead, leadIds: ["L000007"], at: 4)))
        book.apply(.idsReserved(upTo: 1_000))
        let rebuilt = LeadBook()
        book.state.forEachCompactedRecord { rebuilt.apply($0) }
        #expect(rebuilt.state == book.state)
        #expect(rebuilt.nextLeadNumber == 1_001)
    }
}
