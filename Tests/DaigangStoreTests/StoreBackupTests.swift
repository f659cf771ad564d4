import DaigangCore
import DaigangStore
import Foundation
import Testing

/// `StoreBackup.copy`: the newest snapshot and the journals after it, a record being written cut
/// like a torn tail, bad targets refused before anything is written.
struct StoreBackupTests {
    @Test func aCopyHoldsTheSameRecordsAndCutsARecordBeingWritten() throws {
        let source = TemporaryDirectory()
        do {
            let harness = try StoreHarness(source, compactAfterBytes: 4096)
            for number in 1...60 { #expect(harness.write([lead(number)], token: UInt64(number)) == true) }
            #expect(harness.waitUntil { harness.reported("compacted into") })
            harness.store.shutdown()
        }
        // A write in progress: the first half of a record line at the end of the newest journal.
        let journal = try #require(try FileManager.default.contentsOfDirectory(atPath: source.path).filter { $0.hasPrefix("journal-") }.max())
        let partial = Array(#"{"len":300,"crc":"00000000","data":{"kind":"le"#.utf8)
        let handle = try #require(FileHandle(forWritingAtPath: source.path + "/" + journal))
        handle.seekToEndOfFile()
        handle.write(Data(partial))
        handle.closeFile()

        let target = TemporaryDirectory()  // not created yet: the backup creates it
        let backup = try StoreBackup.copy(from: StoreDirectory(path: source.path), to: target.path)
        #expect(backup.cutBytes == partial.count)
        #expect(try storedRecords(target) == (1...60).map(lead))
        #expect(try readStore(target).recovery.tornTail == nil, "store verify accepts the copy")
        let names = try FileManager.default.contentsOfDirectory(atPath: target.path)
        #expect(!names.contains("LOCK") && !names.contains("BACKUP") && names.contains { $0.hasPrefix("snapshot-") })
    }

    @Test func badTargetsAreRefusedAndNothingIsWritten() throws {
        let source = TemporaryDirectory()
        do {
            let harness = try StoreHarness(source)
            #expect(harness.write([lead(1)], token: 1) == true)
            harness.store.shutdown()
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: source.path).sorted()
        for inside in [source.path, source.path + "/copy", source.path + "/../" + URL(fileURLWithPath: source.path).lastPathComponent + "/copy"] {
            #expect(throws: StoreError.self) { try StoreBackup.copy(from: StoreDirectory(path: source.path), to: inside) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: source.path).sorted() == before)
        let occupied = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: occupied.path, withIntermediateDirectories: false)
        occupied.write("keep", [1])
        let error = try #require(throws: StoreError.self) { try StoreBackup.copy(from: StoreDirectory(path: source.path), to: occupied.path) }
        #expect(error.description.contains("not empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: occupied.path) == ["keep"])
    }
}
