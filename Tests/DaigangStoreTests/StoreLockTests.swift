import DaigangCore
@testable import DaigangStore
import Foundation
import Testing

/// One writer per data directory: a `LOCK` file held with flock, naming its holder.
struct StoreLockTests {
    @Test func aSecondOpenIsRefusedNamingTheHolderAndChangesNothing() throws {
        let directory = TemporaryDirectory()
        let first = try StoreHarness(directory)
        #expect(first.write([lead(1)], token: 1) == true)
        #expect(String(decoding: directory.bytes(StoreLock.fileName), as: UTF8.self) == "\(getpid())\n")
        // Things the second opener would change if it went on: a torn tail to cut, a temp file to delete.
        let encoder = RecordLine.makeEncoder()
        let journal = directory.bytes("journal-000001.log") + Array(RecordLine.encode(lead(2), with: encoder).prefix(30))
        directory.write("journal-000001.log", journal)
        directory.write("snapshot-000001.jsonl.tmp", [1, 2, 3])
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()

        do {
            _ = try StoreHarness(directory)
            Issue.record("a second store opened the same directory")
        } catch let error as StoreError {
            #expect(error.isLocked)
            #expect(error.lockHolder == getpid())
            #expect(error.description.contains(directory.path) && error.description.contains("pid \(getpid())"))
            #expect(!error.description.contains("\n"), "one line")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == before)
        #expect(directory.bytes("journal-000001.log") == journal)

        first.store.shutdown()
        #expect(directory.bytes(StoreLock.fileName).isEmpty, "released: no pid left behind")
        let second = try StoreHarness(directory)
        #expect(second.book.count == 1)
        second.store.shutdown()
    }

    @Test func aKilledHolderLeavesNoStaleLock() throws {
        let directory = TemporaryDirectory()
        try directory.directory.create()
        directory.write(StoreLock.fileName, [])
        // Another process holds the lock (util-linux flock, exec'ing into sleep so that the one
        // process we kill is the holder), as a server that is then killed would.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { return }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--exclusive", "--no-fork", directory.path + "/" + StoreLock.fileName, "sleep", "60"]
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(10)
        var refused: StoreError?
        while Date() < deadline {
            do {
                let lock = try StoreLock.acquire(directory.directory)
                lock.release()
                usleep(10_000)  // flock has not taken it yet
            } catch {
                refused = error
                break
            }
        }
        #expect(refused?.isLocked == true)
        #expect(refused?.lockHolder == nil, "flock(1) writes no pid")
        #expect(refused?.description.contains("pid unknown") == true)

        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let harness = try StoreHarness(directory)
        harness.store.shutdown()
    }

    @Test func aFailedOpenReleasesTheLock() throws {
        let directory = TemporaryDirectory()
        try directory.directory.create()
        var bytes = (1...3).flatMap { RecordLine.encode(lead($0), with: RecordLine.makeEncoder()) }
        bytes[bytes.count / 2] ^= 0x01
        directory.write("journal-000001.log", bytes)
        #expect(throws: StoreError.self) { try StoreHarness(directory) }
        let lock = try StoreLock.acquire(directory.directory)
        lock.release()
    }
}
