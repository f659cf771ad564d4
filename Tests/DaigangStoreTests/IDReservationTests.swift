import DaigangCore
@testable import DaigangStore
import Foundation
import Testing

/// Lead ids are never handed out twice, even when the leads that had them were lost.
struct IDReservationTests {
    /// The `ids_reserved` values and lead numbers of a directory, in journal order.
    func history(_ directory: TemporaryDirectory) throws -> [String] {
        try readStore(directory).records.compactMap { record in
            switch record {
            case .idsReserved(let upTo): "reserve \(upTo)"
            case .lead(let lead): "lead \(LeadBook.number(ofLeadID: lead.id)!)"
            default: nil
            }
        }
    }

    /// The newest journal's name and size.
    func newestJournal(_ directory: TemporaryDirectory) throws -> (name: String, size: Int) {
        let name = StoreDirectory.journalName(try directory.directory.list().journals.last!)
        return (name, directory.bytes(name).count)
    }

    @Test func aFreshBlockIsReservedAtStartAndTheNextOneWhenHalfIsUsed() throws {
        let directory = TemporaryDirectory()
        let harness = try StoreHarness(directory, idBlockSize: 10)
        #expect(harness.book.nextLeadNumber == 1)
        #expect(try history(directory) == ["reserve 10"], "synced before anything is served")
        for number in 1...12 {
            #expect(harness.write([lead(number)], token: UInt64(number)) == true)
        }
        harness.store.shutdown()
        #expect(try history(directory) == [
            "reserve 10", "lead 1", "lead 2", "lead 3", "lead 4", "lead 5",
            "reserve 20", "lead 6", "lead 7", "lead 8", "lead 9", "lead 10", "lead 11", "lead 12",
        ])
    }

    @Test func aRestartStartsAboveTheHighestReservationAndReservesAFreshBlock() throws {
        let directory = TemporaryDirectory()
        do {
            let harness = try StoreHarness(directory, idBlockSize: 100)
            for number in 1...3 { #expect(harness.write([lead(number)], token: UInt64(number)) == true) }
            harness.store.shutdown()
        }
        let reopened = try StoreHarness(directory, idBlockSize: 100)
        #expect(reopened.book.nextLeadNumber == 101)
        reopened.store.shutdown()
        #expect(try history(directory).last == "reserve 200")
    }

    @Test func idsOfLostAcknowledgedLeadsAreNeverReused() throws {
        let directory = TemporaryDirectory()
        var handedOut = 0
        var generator = SystemRandomNumberGenerator()
        for round in 0..<12 {
            let harness = try StoreHarness(directory, idBlockSize: 8)
            var next = harness.book.nextLeadNumber
            #expect(next > handedOut, "round \(round): \(next) after \(handedOut) was handed out")
            // Batches of one or more leads, each acknowledged.
            var beforeLastWrite = try newestJournal(directory)
            for token in 1...Int.random(in: 1...12, using: &generator) {
                let batch = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                    defer { next += 1 }
                    return lead(next)
                }
                beforeLastWrite = try newestJournal(directory)
                #expect(harness.write(batch, token: UInt64(token)) == true)
                handedOut = max(handedOut, next - 1)
            }
            harness.store.shutdown()
            // A power cut loses the last acknowledged write (ext4 can report its fdatasync as done):
            // its leads, and the next block's reservation if it was in it.
            try directory.directory.truncate(beforeLastWrite.name, to: beforeLastWrite.size)
        }
    }

    @Test func withoutAStartReservationTheFirstLeadWaitsForOneOfItsOwn() throws {
        let directory = TemporaryDirectory()
        let faultFile = directory.path + "-fault"
        defer { unlink(faultFile) }
        try directory.directory.create()
        _ = FileManager.default.createFile(atPath: faultFile, contents: Data("write".utf8))
        let harness = try StoreHarness(directory, faultFile: faultFile, idBlockSize: 10)
        #expect(harness.reported("could not reserve lead ids at start"))
        _ = FileManager.default.createFile(atPath: faultFile, contents: Data())
        #expect(harness.write([lead(1), lead(2)], token: 1) == true)
        harness.store.shutdown()
        #expect(try history(directory) == ["reserve 11", "lead 1", "lead 2"])
    }

    @Test(arguments: [(reserved: 1000, highest: 500, expected: nil), (1000, 501, 2000), (1000, 1000, 2000), (1000, 1200, 2000), (0, 1, 1000)] as [(Int, Int, Int?)])
    func theNextBlockIsReservedFromTheSecondHalfOn(reserved: Int, highest: Int, expected: Int?) {
        #expect(IDReservations(blockSize: 1000, reservedUpTo: reserved).nextBlock(reaching: highest) == expected)
    }

    @Test func aNumberAboveTheReservationNeedsOneOfItsOwnFirst() {
        let reservations = IDReservations(blockSize: 1000, reservedUpTo: 1000)
        #expect(reservations.reservation(before: 1000) == nil)
        #expect(reservations.reservation(before: 1001) == 2000)
        #expect(reservations.reservation(before: 5000) == 5999)
    }
}
