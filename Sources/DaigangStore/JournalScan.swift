import DaigangCore
import Foundation

/// The result of reading one journal or snapshot file as recovery does.
public struct JournalScan: Sendable {
    /// Records read.
    public var recordCount = 0
    /// Bytes of complete, valid records from the start of the file.
    public var validLength = 0
    /// Set when the file ends in a torn tail (a crash mid-write): where it starts.
    public var tornTailOffset: Int?

    /// Bytes read at a time: a large journal is never in memory whole.
    static let blockSize = 4 << 20

    /// Reads the file at `path`, handing each record to `each` in order; throws for a bad record
    /// that is not a torn tail (or for any bad record when `allowTornTail` is false).
    ///
    /// The file is read and decoded on a thread of its own while this one applies the records
    /// (`RecordPipe`): each half is about half of a start-up.
    static func scan(path: String, allowTornTail: Bool, each: (StoreRecord) -> Void) throws(StoreError) -> JournalScan {
        let pipe = RecordPipe()
        let decoding = Thread {
            var batch: [StoreRecord] = []
            let outcome = Result { () throws(StoreError) -> JournalScan in
                try decode(path: path, allowTornTail: allowTornTail) { record in
                    batch.append(record)
                    if batch.count == RecordPipe.batchSize {
                        pipe.send(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !batch.isEmpty { pipe.send(batch) }
            pipe.finish(outcome)
        }
        decoding.name = "daigang-recovery"
        decoding.start()
        return try pipe.receive(each).get()
    }

    /// Reads and decodes the file, handing each record to `each`; see `scan`.
    private static func decode(path: String, allowTornTail: Bool, each: (StoreRecord) -> Void) throws(StoreError) -> JournalScan {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        var result = JournalScan()
        let decoder = JSONDecoder()
        var buffer: [UInt8] = []  // the file's bytes from offset `bufferStart`
        var bufferStart = 0
        var position = 0  // in `buffer`: where the next line starts
        var isAtEnd = false
        while true {
            if let newline = buffer[position...].firstIndex(of: RecordLine.newline) {
                guard case .success(let record) = RecordLine.decode(buffer[position..<newline], with: decoder) else { break }
                each(record)
                result.recordCount += 1
                position = newline + 1
                result.validLength = bufferStart + position
                continue
            }
            if isAtEnd { break }
            buffer.removeSubrange(..<position)
            bufferStart += position
            position = 0
            let more = try readBlock(fd, path: path)
            if more.isEmpty { isAtEnd = true } else if buffer.isEmpty { buffer = more } else { buffer += more }
        }
        guard position < buffer.count else { return result }
        // A bad line, or bytes without a newline at the end: judge them with the rest of the file.
        var rest = Array(buffer[position...])
        while !isAtEnd {
            let more = try readBlock(fd, path: path)
            if more.isEmpty { isAtEnd = true } else { rest += more }
        }
        try judgeTail(rest, at: result.validLength, file: path, allowTornTail: allowTornTail, decoder: decoder)
        result.tornTailOffset = result.validLength
        return result
    }

    /// `rest` is everything from the first bad line to the end of the file: returns when it is a
    /// torn tail, throws `corrupted` otherwise.
    ///
    /// Only the last line can be a torn write (a crash or power loss while the last,
    /// unacknowledged batch was written): cut short, or of the declared length with bytes that
    /// never reached the disk. NUL bytes at the very end are space the file system allocated for
    /// that batch but never filled (ext4's delayed allocation, XFS): they are set aside first, so
    /// a record cut anywhere and followed only by NULs is a torn tail too. A bad line with lines
    /// after it, data after NUL bytes, or a last line longer than it declares (a lost newline
    /// merged two records) is corruption: the lines after it may be good leads.
    static func judgeTail(_ rest: [UInt8], at offset: Int, file: String, allowTornTail: Bool, decoder: JSONDecoder) throws(StoreError) {
        let kept = rest[..<((rest.lastIndex { $0 != 0 } ?? -1) + 1)]
        let newline = kept.firstIndex(of: RecordLine.newline)
        let line = kept[..<(newline ?? kept.endIndex)]
        let isLastLine = newline.map { $0 + 1 == kept.endIndex } ?? true
        let hasInnerNUL = kept.contains(0)
        let declared = RecordLine.declaredLength(of: line).map { $0 - (newline == nil ? 1 : 0) }
        let actual = line.count + (newline == nil ? 0 : 1)
        if allowTornTail, isLastLine, !hasInnerNUL, declared.map({ actual <= $0 }) ?? true { return }
        let reason: String
        if hasInnerNUL {
            reason = "NUL bytes followed by data"
        } else if newline == nil {
            reason = declared.map { actual > $0 } ?? false ? "record longer than it declares" : "incomplete record"
        } else if case .failure(let problem) = RecordLine.decode(line, with: decoder) {
            reason = Self.describe(problem)
        } else {
            reason = "bad record"
        }
        throw StoreError.corrupted(file: file, offset: offset, reason: reason)
    }

    /// Up to `blockSize` bytes from the current position; empty at the end of the file.
    private static func readBlock(_ fd: Int32, path: String) throws(StoreError) -> [UInt8] {
        // Sized by what is left, so small files cost small buffers (the file may still grow: a
        // reader beside a running server).
        var info = stat()
        let left = fstat(fd, &info) == 0 ? Int(info.st_size) - Int(lseek(fd, 0, SEEK_CUR)) : blockSize
        let capacity = min(blockSize, max(left, 0) + 4096)
        while true {
            var failure: Int32 = 0
            let block = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                let result = read(fd, buffer.baseAddress, capacity)
                count = max(result, 0)
                if result < 0 { failure = errno }
            }
            if failure == EINTR { continue }
            guard failure == 0 else { throw StoreError.io(operation: "read", path: path, errno: failure) }
            return block
        }
    }

    private static func describe(_ problem: RecordLine.Problem) -> String {
        switch problem {
        case .malformed: "malformed record line"
        case .checksumMismatch: "checksum mismatch"
        case .unreadableRecord(let detail): "unreadable record: \(detail)"
        }
    }
}
