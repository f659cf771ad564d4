import DaigangStore
import Foundation
import Testing

/// `LeadStore.writeRefusal` (what `/readyz` reports): set by a refused batch, cleared by the next
/// durable one or, with nothing to write, by the writer's own probe once the disk takes writes.
struct StoreReadinessTests {
    @Test func aRefusedBatchSetsTheRefusalAndTheProbeClearsItWithoutAnyWrite() throws {
        let directory = TemporaryDirectory()
        let faultFile = directory.path + "-fault"
        defer { unlink(faultFile) }
        let harness = try StoreHarness(directory, faultFile: faultFile)
        #expect(harness.store.writeRefusal == nil)
        _ = FileManager.default.createFile(atPath: faultFile, contents: Data("write".utf8))
        #expect(harness.write([lead(1)], token: 1) == false)
        #expect(harness.store.writeRefusal?.errno == EIO)
        // The probe fails as long as the fault lasts.
        usleep(1_500_000)
        #expect(harness.store.writeRefusal != nil)
        _ = FileManager.default.createFile(atPath: faultFile, contents: Data())
        #expect(harness.waitUntil { harness.store.writeRefusal == nil }, "the probe noticed the disk is back")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/readiness-probe"))
        harness.store.shutdown()
        #expect(try storedRecords(directory) == [], "the probe wrote nothing into the journal")
    }

    @Test func aDurableBatchClearsTheRefusal() throws {
        let directory = TemporaryDirectory()
        let faultFile = directory.path + "-fault"
        defer { unlink(faultFile) }
        let harness = try StoreHarness(directory, faultFile: faultFile)
        _ = FileManager.default.createFile(atPath: faultFile, contents: Data("fsync".utf8))
        #expect(harness.write([lead(1)], token: 1) == false)
        #expect(harness.store.writeRefusal != nil)
        _ = FileManager.default.createFile(atPath: faultFile, contents: Data())
        #expect(harness.write([lead(2)], token: 2) == true)
        #expect(harness.store.writeRefusal == nil)
        harness.store.shutdown()
    }
}
