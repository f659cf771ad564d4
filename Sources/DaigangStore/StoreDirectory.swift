import DaigangCore
import Foundation

/// The data directory's files: names, listing, atomic writes, directory syncs.
public struct StoreDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    static func journalName(_ number: Int) -> String { "journal-" + padded(number) + ".log" }
    static func snapshotName(_ number: Int) -> String { "snapshot-" + padded(number) + ".jsonl" }

    private static func padded(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    public func file(_ name: String) -> String { path + "/" + name }

    /// Creates the directory 0700 if needed.
    func create() throws(StoreError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw StoreError.io(operation: "mkdir", path: path, errno: errno)
        }
    }

    /// Journal and snapshot numbers present, ascending.
    /// - Parameter removingTemporaryFiles: deletes leftover `*.tmp` (only the store's owner may).
    func list(removingTemporaryFiles: Bool = false) throws(StoreError) -> (journals: [Int], snapshots: [Int]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw StoreError.io(operation: "list", path: path, errno: ENOENT)
        }
        var journals: [Int] = []
        var snapshots: [Int] = []
        for name in names {
            if name.hasSuffix(".tmp") {
                if removingTemporaryFiles { unlink(file(name)) }
            } else if name.hasPrefix("journal-"), name.hasSuffix(".log"), let number = Int(name.dropFirst(8).dropLast(4)) {
                journals.append(number)
            } else if name.hasPrefix("snapshot-"), name.hasSuffix(".jsonl"), let number = Int(name.dropFirst(9).dropLast(6)) {
                snapshots.append(number)
            }
        }
        return (journals.sorted(), snapshots.sorted())
    }

    func read(_ name: String) throws(StoreError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file(name)) else {
            throw StoreError.io(operation: "read", path: file(name), errno: errno == 0 ? EIO : errno)
        }
        return Array(data)
    }

    /// Makes renames and new files durable.
    func sync() throws(StoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.io(operation: "fsync", path: path, errno: errno) }
    }

    /// Writes a file so that it is either absent or whole: temp file, fsync, rename, fsync directory.
    func writeAtomically(_ name: String, _ bytes: [UInt8]) throws(StoreError) {
        try writeAtomically(name) { (emit) throws(StoreError) in try emit(bytes) }
    }

    /// Writes a file so that it is either absent or whole, from pieces: `produce` hands each to
    /// `emit` as it goes, so a large snapshot is never in memory whole. A failure (or an error
    /// `produce` throws) removes the temp file, so failed attempts leave nothing behind.
    /// - Parameter syncEvery: fdatasync after about this many bytes, so that no single sync has a
    ///   large file's worth of data to flush (on ext4 a journal's fdatasync can wait behind it).
    func writeAtomically(
        _ name: String, syncEvery: Int = .max, produce: (_ emit: ([UInt8]) throws(StoreError) -> Void) throws(StoreError) -> Void
    ) throws(StoreError) {
        let temporary = file(name + ".tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: temporary, errno: errno) }
        do throws(StoreError) {
            var unsynced = 0
            try produce { (bytes) throws(StoreError) in
                var written = 0
                while written < bytes.count {
                    let result = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
                    if result < 0 {
                        if errno == EINTR { continue }
                        throw StoreError.io(operation: "write", path: temporary, errno: errno)
                    }
                    written += result
                }
                unsynced += written
                if unsynced >= syncEvery {
                    guard fdatasync(fd) == 0 else { throw StoreError.io(operation: "fdatasync", path: temporary, errno: errno) }
                    unsynced = 0
                }
            }
            guard fsync(fd) == 0 else { throw StoreError.io(operation: "fsync", path: temporary, errno: errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, file(name)) == 0 else {
            let code = errno
            unlink(temporary)
            throw StoreError.io(operation: "rename", path: temporary, errno: code)
        }
        try sync()
    }

    /// Cuts a file at `length` and syncs it.
    func truncate(_ name: String, to length: Int) throws(StoreError) {
        let fd = open(file(name), O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: file(name), errno: errno) }
        defer { close(fd) }
        guard ftruncate(fd, off_t(length)) == 0, fsync(fd) == 0 else {
            throw StoreError.io(operation: "ftruncate", path: file(name), errno: errno)
        }
    }
}
