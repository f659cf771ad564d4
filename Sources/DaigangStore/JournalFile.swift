import Foundation

/// An open journal file, appended to by one thread at a time.
///
/// @unchecked Sendable because it wraps a file descriptor: it is created by whoever opens the
/// store and then handed to the store's writer thread, which is the only one to use it afterwards.
final class JournalFile: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    /// Bytes in the file that are known to be durable.
    private(set) var durableSize: Int

    init(path: String) throws(StoreError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        descriptor = fd
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw StoreError.io(operation: "stat", path: path, errno: code)
        }
        durableSize = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Writes every byte, or throws; the caller cuts the file back on failure.
    func append(_ bytes: [UInt8]) throws(StoreError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(operation: "write", path: path, errno: errno)
            }
            written += result
        }
    }

    /// fdatasync. The appended bytes count as durable only after `checkStillWritable` and
    /// `markDurable`, so a failure in between cuts them off like a failed sync.
    func sync() throws(StoreError) {
        guard fdatasync(descriptor) == 0 else { throw StoreError.io(operation: "fdatasync", path: path, errno: errno) }
    }

    /// Throws when the journal no longer takes writes (a shut-down or read-only file system), so a
    /// batch whose fdatasync returned 0 while that happened is refused instead of acknowledged.
    /// A zero-length write reaches the file system (ext4 answers EIO after a shutdown, EROFS when
    /// forced read-only) and costs no I/O. `FileSystemProbe` checks the rest.
    func checkStillWritable() throws(StoreError) {
        var nothing: UInt8 = 0
        guard write(descriptor, &nothing, 0) == 0 else {
            throw StoreError.io(operation: "write (probe after fdatasync)", path: path, errno: errno)
        }
    }

    /// Counts the bytes appended since the last durable size as durable.
    func markDurable(appendedBytes: Int) {
        durableSize += appendedBytes
    }

    /// Cuts the file back to its durable size, so nothing of unknown state stays in it.
    func cutToDurableSize() throws(StoreError) {
        guard ftruncate(descriptor, off_t(durableSize)) == 0 else {
            throw StoreError.io(operation: "ftruncate", path: path, errno: errno)
        }
        guard fdatasync(descriptor) == 0 else { throw StoreError.io(operation: "fdatasync", path: path, errno: errno) }
    }
}
