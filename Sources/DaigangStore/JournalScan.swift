public import DaigangCore
import Foundation

/// The result of reading one journal or snapshot file as recovery does.
public struct JournalScan: Sendable {
    public var records: [StoreRecord] = []
    /// Bytes of complete, valid records from the start of the file.
    public var validLength = 0
    /// Set when the file ends in an incomplete record (a crash mid-write): where it starts.
    public var tornTailOffset: Int?

    /// Reads `bytes`; throws for a bad record that is not a torn tail.
    public static func scan(_ bytes: [UInt8], file: String, allowTornTail: Bool) throws(StoreError) -> JournalScan {
        var result = JournalScan()
        let decoder = JSONDecoder()
        var offset = 0
        while offset < bytes.count {
            guard let newline = bytes[offset...].firstIndex(of: RecordLine.newline) else {
                // The last bytes have no newline. A strict prefix of a record is a torn write;
                // anything longer is a damaged record (e.g. its newline was overwritten).
                let tail = bytes[offset...]
                if allowTornTail, RecordLine.declaredLength(of: tail).map({ tail.count < $0 }) ?? true {
                    result.tornTailOffset = offset
                    return result
                }
                throw StoreError.corrupted(file: file, offset: offset, reason: "incomplete record")
            }
            switch RecordLine.decode(bytes[offset..<newline], with: decoder) {
            case .success(let record):
                result.records.append(record)
                offset = newline + 1
                result.validLength = offset
            case .failure(let problem):
                // A complete line that fails is never a torn write: the newline is written last.
                throw StoreError.corrupted(file: file, offset: offset, reason: Self.describe(problem))
            }
        }
        return result
    }

    private static func describe(_ problem: RecordLine.Problem) -> String {
        switch problem {
        case .malformed: "malformed record line"
        case .checksumMismatch: "checksum mismatch"
        case .unreadableRecord(let detail): "unreadable record: \(detail)"
        }
    }
}
