import Foundation

/// ext4's error counter for the file system that holds the data directory
/// (`/sys/fs/ext4/<device>/errors_count`), checked after every sync.
///
/// Why: on an error with `errors=remount-ro`, ext4 aborts its journal first, then writes its
/// superblock, and only then sets the read-only state that a write reports. An fdatasync in that
/// window can return 0 for a commit the abort dropped, and the zero-length write probe still
/// passes: seen on Linux 6.18 in 2 of 60 trials (`JournalFile.checkStillWritable`). The counter goes
/// up right after the abort, before the superblock write, and caught all of them. Once it has
/// moved, every batch is refused until a restart: the file system's state is in doubt (fsck it).
/// On other file systems there is no counter and this checks nothing.
final class FileSystemErrorCounter: Sendable {
    private let descriptor: Int32?
    private let countAtStart: Int?
    let path: String?

    /// Finds the counter of the file system holding `directory` and reads it.
    init(directory: String) {
        let found = Self.locate(directory: directory)
        descriptor = found?.descriptor
        countAtStart = found?.count
        path = found?.path
    }

    private static func locate(directory: String) -> (descriptor: Int32, count: Int, path: String)? {
        var info = stat()
        guard stat(directory, &info) == 0 else { return nil }
        // major()/minor() are macros: glibc's encoding of dev_t.
        let device = UInt64(info.st_dev)
        let major = ((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF))
        let minor = (device & 0xFF) | ((device >> 12) & ~UInt64(0xFF))
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/sys/dev/block/\(major):\(minor)") else { return nil }
        let path = "/sys/fs/ext4/\(URL(fileURLWithPath: target).lastPathComponent)/errors_count"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard let count = read(fd) else {
            close(fd)
            return nil
        }
        return (fd, count, path)
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    /// Throws when ext4 has counted an error since the store opened.
    func check() throws(StoreError) {
        guard let descriptor, let countAtStart, let path else { return }
        guard let count = Self.read(descriptor) else { throw StoreError.io(operation: "read", path: path, errno: errno) }
        if count != countAtStart {
            throw StoreError.io(operation: "errors_count went from \(countAtStart) to \(count) (an ext4 error; fsck and restart):", path: path, errno: EIO)
        }
    }

    /// sysfs produces the value afresh on every read from offset 0.
    private static func read(_ fd: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
