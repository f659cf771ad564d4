import Foundation
import Synchronization

/// The data directory's exclusive lock: one writer per directory (`serve`, `store repair`).
///
/// `LOCK` in the directory, held with `flock(LOCK_EX | LOCK_NB)` and holding the holder's pid so
/// that a second process can say who has it. The kernel drops a flock when the last descriptor of
/// its open file closes, so also when the holder is killed: kill -9 never leaves a stale lock.
/// The descriptor is close-on-exec, so no child process inherits the lock. The file itself stays
/// (emptied on release): unlinking it would let one process lock the old file while another
/// creates and locks a new one.
public final class StoreLock: Sendable {
    public static let fileName = "LOCK"

    /// The open, locked `LOCK` file; nil once released.
    private let descriptor: Mutex<Int32?>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the lock without waiting; throws `locked` (naming the holder's pid) when another process has it.
    ///
    /// Nothing in the directory is changed before the lock is held (the empty `LOCK` file aside).
    public static func acquire(_ directory: StoreDirectory) throws(StoreError) -> StoreLock {
        let path = directory.file(fileName)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else {
                close(fd)
                throw StoreError.io(operation: "flock", path: path, errno: code)
            }
            let holder = readHolder(fd)
            close(fd)
            throw StoreError.locked(directory: directory.path, holder: holder)
        }
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) != 0 || pid.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) != pid.count {
            let code = errno
            close(fd)
            throw StoreError.io(operation: "write", path: path, errno: code)
        }
        return StoreLock(descriptor: fd)
    }

    /// Empties `LOCK` and releases it; later calls do nothing.
    public func release() {
        descriptor.withLock { descriptor in
            guard let fd = descriptor else { return }
            _ = ftruncate(fd, 0)
            close(fd)
            descriptor = nil
        }
    }

    deinit { release() }

    /// The pid a holder wrote; it writes it just after locking, so a lock won a moment ago may
    /// not show one yet: a few short retries.
    private static func readHolder(_ fd: Int32) -> Int32? {
        for attempt in 0..<5 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            if count > 0, let pid = Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            if attempt < 4 { usleep(20_000) }
        }
        return nil
    }
}
