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
            let newline = bytes[offset...].firstIndex(of: RecordLine.newline)
            let lineEnd = newline ?? bytes.count
            let line = bytes[offset..<lineEnd]
            if let newline, case .success(let record) = RecordLine.decode(line, with: decoder) {
                result.records.append(record)
                offset = newline + 1
                result.validLength = offset
                continue
            }
            // A bad line. Only the last line can be a torn write (a crash or power loss while the
            // last, unacknowledged batch was written): cut short, or of the declared length with
            // bytes that never reached the disk. A bad line with lines after it, or a last line
            // longer than it declares (e.g. a lost newline merged two records), is corruption.
            let isLastLine = newline.map { $0 + 1 >= bytes.count } ?? true
            let declared = RecordLine.declaredLength(of: line).map { $0 - (newline == nil ? 1 : 0) }
            let actual = lineEnd - offset + (newline == nil ? 0 : 1)
            if allowTornTail, isLastLine, declared.map({ actual <= $0 }) ?? true {
                result.tornTailOffset = offset
                return result
            }
            let reason: String
            if newline == nil {
                reason = "incomplete record"
            } else if case .failure(let problem) = RecordLine.decode(line, with: decoder) {
                reason = Self.describe(problem)
            } else {
                reason = "bad record"
            }
            throw StoreError.corrupted(file: file, offset: offset, reason: reason)
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
