import DaigangCore
@testable import DaigangStore
import Foundation
import Testing

/// A record cut anywhere and followed only by NUL bytes is a torn tail (what a crash leaves where
/// the file system allocated space it never filled); NULs followed by anything else are not.
struct TornTailTests {
    /// Three records; the offset where the last one starts.
    static func journal() -> (lines: [[UInt8]], lastStart: Int) {
        let encoder = RecordLine.makeEncoder()
        let lines = (1...3).map { RecordLine.encode(lead($0), with: encoder) }
        return (lines, lines[0].count + lines[1].count)
    }

    static let paddings = [1, 2, 7, 64, 511, 4096, 9000]

    @Test(arguments: paddings)
    func aRecordCutAtAnyPointAndFollowedByNULsIsATornTail(padding: Int) throws {
        let (lines, lastStart) = Self.journal()
        let whole = lines.flatMap { $0 }
        let directory = TemporaryDirectory()
        try directory.directory.create()
        // Every cut point of the last record, from nothing of it to all of it (newline included).
        for cut in lastStart...whole.count {
            directory.write("journal-000001.log", Array(whole[..<cut]) + [UInt8](repeating: 0, count: padding))
            let (recovery, records) = try readStore(directory)
            let expectedEnd = cut == whole.count ? whole.count : lastStart
            #expect(records == (cut == whole.count ? [lead(1), lead(2), lead(3)] : [lead(1), lead(2)]), "cut \(cut), padding \(padding)")
            #expect(recovery.tornTail?.offset == expectedEnd, "cut \(cut), padding \(padding)")
            try recovery.cutTornTail(in: directory.directory)
            #expect(directory.bytes("journal-000001.log") == Array(whole[..<expectedEnd]), "cut \(cut), padding \(padding)")
        }
    }

    @Test func theStoreOpensOnANULTailCutsItAndReportsIt() throws {
        let (lines, lastStart) = Self.journal()
        let directory = TemporaryDirectory()
        try directory.directory.create()
        directory.write("journal-000001.log", lines[0] + lines[1] + Array(lines[2].prefix(40)) + [UInt8](repeating: 0, count: 4000))
        let harness = try StoreHarness(directory)
        #expect(harness.book.count == 2)
        #expect(harness.reported("cut a torn tail"))
        #expect(harness.write([lead(3)], token: 1) == true)
        harness.store.shutdown()
        #expect(try storedRecords(directory) == [lead(1), lead(2), lead(3)])
        #expect(directory.bytes("journal-000001.log").prefix(lastStart).elementsEqual(lines[0] + lines[1]))
    }

    /// Damage with NUL bytes that is not a torn tail.
    enum NULDamage: String, CaseIterable, Sendable {
        case dataAfterNULs = "data after NULs"
        case aByteAfterACutRecordAndNULs = "a cut record, NULs, then a byte"
        case aHoleInAMiddleRecord = "a NUL hole inside a record with records after it"
        case aHoleInTheLastRecordThenMoreOfIt = "NULs inside the last record, then more of it"

        func apply(to lines: [[UInt8]]) -> [UInt8] {
            let nuls = { (count: Int) in [UInt8](repeating: 0, count: count) }
            switch self {
            case .dataAfterNULs:
                return lines[0] + nuls(100) + lines[1]
            case .aByteAfterACutRecordAndNULs:
                return lines[0] + Array(lines[1].prefix(30)) + nuls(50) + [UInt8(ascii: "x")]
            case .aHoleInAMiddleRecord:
                var middle = lines[1]
                for index in 20..<60 { middle[index] = 0 }
                return lines[0] + middle + lines[2]
            case .aHoleInTheLastRecordThenMoreOfIt:
                var last = lines[2]
                for index in 20..<60 { last[index] = 0 }
                return lines[0] + lines[1] + Array(last.prefix(100)) + nuls(10)
            }
        }
    }

    @Test(arguments: NULDamage.allCases)
    func anythingElseWithNULsIsCorruption(damage: NULDamage) throws {
        let (lines, _) = Self.journal()
        let directory = TemporaryDirectory()
        try directory.directory.create()
        let bytes = damage.apply(to: lines)
        directory.write("journal-000001.log", bytes)
        #expect(throws: StoreError.self, "\(damage.rawValue)") { try readStore(directory) }
        do {
            _ = try StoreHarness(directory)
            Issue.record("the store opened on \(damage.rawValue)")
        } catch let error as StoreError {
            #expect(error.corruption?.file.hasSuffix("journal-000001.log") == true, "\(damage.rawValue): \(error)")
        }
        #expect(directory.bytes("journal-000001.log") == bytes, "\(damage.rawValue): the file was changed")
    }

    @Test func aNULTailInASnapshotIsCorruption() throws {
        let (lines, _) = Self.journal()
        let directory = TemporaryDirectory()
        try directory.directory.create()
        directory.write("snapshot-000001.jsonl", lines[0] + lines[1] + [UInt8](repeating: 0, count: 100))
        #expect(throws: StoreError.self) { try readStore(directory) }
    }
}
