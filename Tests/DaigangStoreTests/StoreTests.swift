import DaigangCore
@testable import DaigangStore
import Foundation
import Synchronization
import Testing

/// A fresh temporary data directory per test, removed afterwards.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "daigang-store-" + UUID().uuidString
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var directory: StoreDirectory { StoreDirectory(path: path) }

    func bytes(_ name: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path + "/" + name) ?? Data()) }
    func write(_ name: String, _ bytes: [UInt8]) { _ = FileManager.default.createFile(atPath: path + "/" + name, contents: Data(bytes)) }
}

func lead(_ number: Int) -> StoreRecord {
    .lead(Lead(
        id: LeadBook.leadID(number: number), session: "s1", jobId: "j\(number % 3)", jobTitle: "普工", employerId: "acme",
        name: "张\(number)", phone: "138" + String(format: "%08d", number), hometown: nil, note: "备注 \(number)",
        createdAt: Int64(number), viewerId: "v-\(number)"
    ))
}

/// Every record in a directory as recovery reads it, and what recovery says.
func readStore(_ directory: TemporaryDirectory) throws(StoreError) -> (recovery: StoreRecovery, records: [StoreRecord]) {
    var records: [StoreRecord] = []
    let recovery = try StoreRecovery.read(directory.directory) { records.append($0) }
    return (recovery, records)
}

/// The records a directory holds apart from the store's own lead id reservations.
func storedRecords(_ directory: TemporaryDirectory) throws -> [StoreRecord] {
    try readStore(directory).records.filter { if case .idsReserved = $0 { false } else { true } }
}

/// Opens a store and plays the loop: submits, collects completions, applies durable records to
/// the book, hands the book's state over when a journal is complete, and closes it.
final class StoreHarness {
    let store: LeadStore
    /// The recovered state, kept up to date like the server's.
    let book: LeadBook
    let reports = ReportLog()
    private var submitted: [UInt64: [StoreRecord]] = [:]
    private var seen: [UInt64: Bool] = [:]
    /// Journals reported complete, in order.
    private(set) var completedJournals: [Int] = []

    init(_ directory: TemporaryDirectory, compactAfterBytes: Int = 1 << 30, faultFile: String? = nil, idBlockSize: Int = 1000) throws {
        let reports = self.reports
        (store, book) = try LeadStore.open(
            directory: directory.path, compactAfterBytes: compactAfterBytes, faultFile: faultFile, idBlockSize: idBlockSize,
            report: { line in reports.lines.withLock { $0.append(line) } }, wake: {}
        )
    }

    /// Submits and waits (bounded) for the completion of `token`.
    func write(_ records: [StoreRecord], token: UInt64) -> Bool? {
        submit(records, token: token)
        return waitFor(token)
    }

    func submit(_ records: [StoreRecord], token: UInt64) {
        submitted[token] = records
        store.submit(records, token: token)
    }

    /// Takes what the store has completed, as the server's loop does.
    func poll() {
        for completion in store.takeCompletions() {
            switch completion {
            case .written(let write):
                seen[write.token] = write.isDurable
                if write.isDurable { submitted[write.token]?.forEach(book.apply) }
                submitted[write.token] = nil
            case .journalCompleted(let journal):
                completedJournals.append(journal)
                store.writeSnapshot(of: journal, state: book.state)
            }
        }
    }

    func waitFor(_ token: UInt64) -> Bool? {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            poll()
            if let result = seen[token] { return result }
            usleep(1000)
        }
        return nil
    }

    /// Polls until `condition` holds (bounded); whether it did.
    func waitUntil(seconds: Double = 20, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            poll()
            if condition() { return true }
            usleep(1000)
        }
        return false
    }

    func reported(_ text: String) -> Bool { reports.lines.withLock { $0.contains { $0.contains(text) } } }
}

/// The store's one-line reports, collected from any thread.
final class ReportLog: Sendable {
    let lines = Mutex<[String]>([])
}

struct StoreRoundTripTests {
    @Test func recordsWrittenAreRecoveredInOrder() throws {
        let directory = TemporaryDirectory()
        let records = (1...20).map(lead) + [.followup(leadId: "L000003", FollowUp(status: .contacted, note: "ok", at: 5, by: "hr:acme"))]
        do {
            let harness = try StoreHarness(directory)
            #expect(harness.write(records, token: 1) == true)
            harness.store.shutdown()
        }
        #expect(try storedRecords(directory) == records)
        let reopened = try StoreHarness(directory)
        #expect(reopened.book.count == 20)
        reopened.store.shutdown()
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/journal-000001.log")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(atPath: directory.path)
        #expect((directoryAttributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func manyConcurrentSubmissionsAreAllDurableInOrder() throws {
        let directory = TemporaryDirectory()
        let harness = try StoreHarness(directory)
        let writers = 8, perWriter = 50
        let store = harness.store
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            for index in 0..<perWriter {
                let number = writer * perWriter + index + 1
                store.submit([lead(number)], token: UInt64(number))
            }
        }
        var durable = Set<UInt64>()
        let deadline = Date().addingTimeInterval(30)
        while durable.count < writers * perWriter && Date() < deadline {
            for case .written(let write) in harness.store.takeCompletions() where write.isDurable { durable.insert(write.token) }
            usleep(1000)
        }
        harness.store.shutdown()
        #expect(durable.count == writers * perWriter)
        let records = try storedRecords(directory)
        #expect(records.count == writers * perWriter)
        // Each writer's records stay in the order that writer submitted them.
        for writer in 0..<writers {
            let numbers = records.compactMap { record -> Int? in
                guard case .lead(let lead) = record, let number = Int(lead.id.dropFirst()) else { return nil }
                return (number - 1) / perWriter == writer ? number : nil
            }
            #expect(numbers == numbers.sorted())
        }
    }
}

struct StoreRecoveryTests {
    /// A journal of three records, and the offset where the last one starts.
    func journal() -> (bytes: [UInt8], lastStart: Int) {
        let encoder = RecordLine.makeEncoder()
        let lines = (1...3).map { RecordLine.encode(lead($0), with: encoder) }
        return (lines.flatMap { $0 }, lines[0].count + lines[1].count)
    }

    @Test func truncatingInsideTheLastRecordKeepsExactlyTheCompleteOnes() throws {
        let (bytes, lastStart) = journal()
        for cut in lastStart..<bytes.count {
            let directory = TemporaryDirectory()
            try directory.directory.create()
            directory.write("journal-000001.log", Array(bytes[..<cut]))
            let (recovery, records) = try readStore(directory)
            #expect(records == [lead(1), lead(2)], "cut at \(cut)")
            if cut > lastStart {
                #expect(recovery.tornTail?.offset == lastStart, "cut at \(cut)")
            }
            try recovery.cutTornTail(in: directory.directory)
            #expect(directory.bytes("journal-000001.log").count == lastStart)
        }
    }

    @Test func flippingAnyByteOfAMiddleRecordIsReportedNotSkipped() throws {
        let encoder = RecordLine.makeEncoder()
        let lines = (1...3).map { RecordLine.encode(lead($0), with: encoder) }
        let bytes = lines.flatMap { $0 }
        let middle = lines[0].count..<(lines[0].count + lines[1].count)
        for position in middle {
            var damaged = bytes
            damaged[position] ^= 0x20
            let directory = TemporaryDirectory()
            try directory.directory.create()
            directory.write("journal-000001.log", damaged)
            #expect(throws: StoreError.self, "flip at \(position)") { try readStore(directory) }
            do {
                _ = try readStore(directory)
            } catch {
                guard let (file, offset) = error.corruption else { Issue.record("wrong error \(error)"); continue }
                #expect(file.hasSuffix("journal-000001.log"))
                #expect(offset >= lines[0].count && offset <= middle.upperBound, "flip at \(position) reported at \(offset)")
            }
        }
    }

    @Test func aLastLineOfTheRightLengthWithABadChecksumIsATornTail() throws {
        let (bytes, lastStart) = journal()
        var damaged = bytes
        damaged[bytes.count - 5] ^= 0x01  // inside the last record's data: bytes that never reached the disk
        let directory = TemporaryDirectory()
        try directory.directory.create()
        directory.write("journal-000001.log", damaged)
        let (recovery, records) = try readStore(directory)
        #expect(records == [lead(1), lead(2)])
        #expect(recovery.tornTail?.offset == lastStart)
    }

    @Test func twoLastLinesMergedByALostNewlineAreCorruptionNotATornTail() throws {
        let (bytes, lastStart) = journal()
        var damaged = bytes
        damaged[lastStart - 1] = UInt8(ascii: " ")  // the newline that ended the second record
        let directory = TemporaryDirectory()
        try directory.directory.create()
        directory.write("journal-000001.log", damaged)
        #expect(throws: StoreError.self) { try readStore(directory) }
    }

    @Test func theServerRefusesToStartOnACorruptedJournal() throws {
        let encoder = RecordLine.makeEncoder()
        var bytes = (1...3).flatMap { RecordLine.encode(lead($0), with: encoder) }
        bytes[bytes.count / 2] ^= 0x01
        let directory = TemporaryDirectory()
        try directory.directory.create()
        directory.write("journal-000001.log", bytes)
        #expect(throws: StoreError.self) { try StoreHarness(directory) }
    }
}

struct StoreCompactionTests {
    @Test func snapshotAndCompactionGiveTheSameStateAsReplay() throws {
        let directory = TemporaryDirectory()
        var written: [StoreRecord] = []
        do {
            let harness = try StoreHarness(directory, compactAfterBytes: 4096)
            defer { harness.store.shutdown() }
            for number in 1...60 {
                var batch = [lead(number)]
                if number % 4 == 0 {
                    batch.append(.followup(leadId: LeadBook.leadID(number: number - 1), FollowUp(status: .hired, note: nil, at: Int64(number), by: "hr:acme")))
                }
                if number % 10 == 0 { batch.append(.audit(AuditEntry(employerId: "acme", action: .export, leadIds: ["L000001"], at: Int64(number)))) }
                written += batch
                #expect(harness.write(batch, token: UInt64(number)) == true)
            }
            #expect(harness.waitUntil { harness.reported("compacted into " + StoreDirectory.snapshotName(harness.completedJournals.last ?? 0)) })
        }
        let (journals, snapshots) = try directory.directory.list()
        #expect(!snapshots.isEmpty, "the threshold was crossed, so a snapshot exists")
        #expect(journals.allSatisfy { $0 > snapshots.last! }, "replaced journals are gone")

        let replayed = LeadBook()
        written.forEach(replayed.apply)
        let reopened = try StoreHarness(directory)
        let recovered = reopened.book
        reopened.store.shutdown()
        #expect(recovered.leads(matching: LeadFilter()) == replayed.leads(matching: LeadFilter()))
        #expect(recovered.audit == replayed.audit)
        #expect(recovered.count == 60)
        #expect(recovered.nextLeadNumber > 1000, "the snapshot kept the id reservation")
    }
}

extension StoreCompactionTests {
    @Test func aCompactionThatCannotStartANewJournalLosesNothing() throws {
        let directory = TemporaryDirectory()
        var written: [StoreRecord] = []
        do {
            let harness = try StoreHarness(directory, compactAfterBytes: 4096)
            // A directory where the next journal would go: opening it fails, as with EMFILE or ENOSPC.
            try FileManager.default.createDirectory(atPath: directory.path + "/journal-000002.log", withIntermediateDirectories: false)
            for number in 1...40 {
                written.append(lead(number))
                #expect(harness.write([lead(number)], token: UInt64(number)) == true)
            }
            harness.store.shutdown()
        }
        try FileManager.default.removeItem(atPath: directory.path + "/journal-000002.log")
        #expect(try storedRecords(directory) == written, "every acknowledged record is still there")
        #expect(try directory.directory.list().snapshots.isEmpty, "no snapshot claims journal 1")
    }

    @Test func verifyingLeavesTemporaryFilesAlone() throws {
        let directory = TemporaryDirectory()
        try directory.directory.create()
        directory.write("snapshot-000003.jsonl.tmp", [1, 2, 3])
        _ = try readStore(directory)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/snapshot-000003.jsonl.tmp"))
    }
}

struct StoreFaultTests {
    @Test(arguments: ["write", "fsync", "shutdown"])
    func anInjectedFaultRefusesTheBatchLosesNothingAndClears(fault: String) throws {
        let directory = TemporaryDirectory()
        let faultFile = directory.path + "-fault"
        defer { unlink(faultFile) }
        let harness = try StoreHarness(directory, faultFile: faultFile)
        #expect(harness.write([lead(1)], token: 1) == true)
        _ = FileManager.default.createFile(atPath: faultFile, contents: Data(fault.utf8))
        #expect(harness.write([lead(2)], token: 2) == false)
        _ = FileManager.default.createFile(atPath: faultFile, contents: Data())
        #expect(harness.write([lead(3)], token: 3) == true)
        harness.store.shutdown()
        let (recovery, _) = try readStore(directory)
        #expect(try storedRecords(directory) == [lead(1), lead(3)], "the refused batch was cut off, the others kept")
        #expect(recovery.tornTail?.offset == nil)
    }
}
