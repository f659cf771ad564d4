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

/// Opens a store, collects completions, and closes it.
final class StoreHarness {
    let store: LeadStore
    let recovered: [StoreRecord]
    private let woken = Mutex(0)

    init(_ directory: TemporaryDirectory, compactAfterBytes: Int = 1 << 30, faultFile: String? = nil) throws {
        let counter = Mutex(0)
        (store, recovered) = try LeadStore.open(
            directory: directory.path, compactAfterBytes: compactAfterBytes, faultFile: faultFile,
            report: { _ in }, wake: { counter.withLock { $0 += 1 } }
        )
    }

    /// Submits and waits (bounded) for the completion of `token`.
    func write(_ records: [StoreRecord], token: UInt64) -> Bool? {
        store.submit(records, token: token)
        return waitFor(token)
    }

    func waitFor(_ token: UInt64) -> Bool? {
        let deadline = Date().addingTimeInterval(20)
        var seen: [UInt64: Bool] = [:]
        while Date() < deadline {
            for completion in store.takeCompletions() { seen[completion.token] = completion.isDurable }
            if let result = seen[token] { return result }
            usleep(1000)
        }
        return nil
    }
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
        let reopened = try StoreHarness(directory)
        #expect(reopened.recovered == records)
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
            for completion in harness.store.takeCompletions() where completion.isDurable { durable.insert(completion.token) }
            usleep(1000)
        }
        harness.store.shutdown()
        #expect(durable.count == writers * perWriter)
        let recovery = try StoreRecovery.read(directory.directory)
        #expect(recovery.records.count == writers * perWriter)
        // Each writer's records stay in the order that writer submitted them.
        for writer in 0..<writers {
            let numbers = recovery.records.compactMap { record -> Int? in
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
            let recovery = try StoreRecovery.read(directory.directory)
            #expect(recovery.records == [lead(1), lead(2)], "cut at \(cut)")
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
            #expect(throws: StoreError.self, "flip at \(position)") { try StoreRecovery.read(directory.directory) }
            do {
                _ = try StoreRecovery.read(directory.directory)
            } catch {
                guard case .corrupted(let file, let offset, _) = error else { Issue.record("wrong error \(error)"); continue }
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
        let recovery = try StoreRecovery.read(directory.directory)
        #expect(recovery.records == [lead(1), lead(2)])
        #expect(recovery.tornTail?.offset == lastStart)
    }

    @Test func twoLastLinesMergedByALostNewlineAreCorruptionNotATornTail() throws {
        let (bytes, lastStart) = journal()
        var damaged = bytes
        damaged[lastStart - 1] = UInt8(ascii: " ")  // the newline that ended the second record
        let directory = TemporaryDirectory()
        try directory.directory.create()
        directory.write("journal-000001.log", damaged)
        #expect(throws: StoreError.self) { try StoreRecovery.read(directory.directory) }
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
            for number in 1...60 {
                var batch = [lead(number)]
                if number % 4 == 0 {
                    batch.append(.followup(leadId: LeadBook.leadID(number: number - 1), FollowUp(status: .hired, note: nil, at: Int64(number), by: "hr:acme")))
                }
                if number % 10 == 0 { batch.append(.audit(AuditEntry(employerId: "acme", action: .export, leadIds: ["L000001"], at: Int64(number)))) }
                written += batch
                #expect(harness.write(batch, token: UInt64(number)) == true)
            }
            harness.store.shutdown()
        }
        let (journals, snapshots) = try directory.directory.list()
        #expect(!snapshots.isEmpty, "the threshold was crossed, so a snapshot exists")
        #expect(journals.allSatisfy { $0 > snapshots.last! }, "replaced journals are gone")

        let replayed = LeadBook()
        written.forEach(replayed.apply)
        let recovered = LeadBook()
        let reopened = try StoreHarness(directory)
        reopened.recovered.forEach(recovered.apply)
        reopened.store.shutdown()
        #expect(recovered.leads(matching: LeadFilter()) == replayed.leads(matching: LeadFilter()))
        #expect(recovered.audit == replayed.audit)
        #expect(recovered.highestLeadNumber == 60)
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
        let recovery = try StoreRecovery.read(directory.directory)
        #expect(recovery.records == written, "every acknowledged record is still there")
        #expect(try directory.directory.list().snapshots.isEmpty, "no snapshot claims journal 1")
    }

    @Test func verifyingLeavesTemporaryFilesAlone() throws {
        let directory = TemporaryDirectory()
        try directory.directory.create()
        directory.write("snapshot-000003.jsonl.tmp", [1, 2, 3])
        _ = try StoreRecovery.read(directory.directory)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/snapshot-000003.jsonl.tmp"))
    }
}

struct StoreFaultTests {
    @Test(arguments: ["write", "fsync"])
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
        let recovery = try StoreRecovery.read(directory.directory)
        #expect(recovery.records == [lead(1), lead(3)], "the refused batch was cut off, the others kept")
        #expect(recovery.tornTail?.offset == nil)
    }
}
