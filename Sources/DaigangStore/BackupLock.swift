import Foundation

/// `BACKUP` in the data directory: an online backup holds it shared while it lists and copies the
/// store's files; compaction holds it exclusively while it deletes the files a snapshot replaced.
///
/// Only deletions need it: every other change a running server makes is an append to the newest
/// journal or a new file, which a copy taken at any moment tolerates (see `StoreBackup`). So the
/// write path never waits for a backup, and a backup waits at most for a few unlinks. Held with
/// `flock` on a descriptor of its own (close-on-exec), so a killed holder never leaves it stuck.
final class BackupLock {
    static let fileName = "BACKUP"

    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }  // closing the last descriptor drops the flock

    /// For a backup: waits until no compaction is deleting files, then holds them in place.
    static func shared(_ directory: StoreDirectory) throws(StoreError) -> BackupLock {
        let fd = try open(directory)
        while flock(fd, LOCK_SH) != 0 {
            guard errno == EINTR else {
                let code = errno
                close(fd)
                throw StoreError.io(operation: "flock", path: directory.file(fileName), errno: code)
            }
        }
        return BackupLock(descriptor: fd)
    }

    /// For a compaction's deletions: tries every 50 ms while a backup copies; nil when
    /// `isCancelled` says to stop waiting or the lock cannot be had (the deletions are then
    /// skipped: recovery ignores what a newer snapshot replaced, and the next compaction removes it).
    static func exclusive(_ directory: StoreDirectory, isCancelled: () -> Bool) -> BackupLock? {
        guard let fd = try? open(directory) else { return nil }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, !isCancelled() else {
                close(fd)
                return nil
            }
            usleep(50_000)
        }
        return BackupLock(descriptor: fd)
    }

    /// Opens (creating) `BACKUP` read-only: a flock needs no write access, and the file stays
    /// empty. It is made readable by all (0644) so that whichever of the server's user and the
    /// backup's (root, from cron) creates it, the other can still open and lock it.
    private static func open(_ directory: StoreDirectory) throws(StoreError) -> Int32 {
        let path = directory.file(fileName)
        let fd = Foundation.open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        _ = fchmod(fd, 0o644)  // against a umask of 077; fails harmlessly for a file someone else created
        return fd
    }
}
