import Foundation

/// Asks the data directory's file system, after every sync, whether it still takes writes — in a
/// way that ext4 cannot answer from before an abort.
///
/// Why: ext4 can return 0 from an fdatasync whose commit was dropped because the journal was
/// aborted meanwhile (EXT4_IOC_SHUTDOWN, or an error with `errors=remount-ro`: the journal is
/// aborted first, the superblock written, the read-only state set last). Checks that only look at
/// that state (a zero-length write, `fstatvfs`, ext4's error counter) still passed in that window:
/// on Linux 6.18 a zero-length write missed 5 of 100 error cuts, the error counter 1 of 100.
/// Starting an ext4 journal handle checks the abort itself; the cheapest call that starts one is
/// `fallocate(KEEP_SIZE)` of one byte of `LOCK` (~2 µs; it keeps one block allocated to `LOCK`,
/// beyond its end, and changes nothing that is read). It missed none of 200. File systems without
/// fallocate (EOPNOTSUPP) are left to the zero-length write and `fstatvfs`.
final class FileSystemProbe: Sendable {
    /// glibc's `fallocate`: Swift's Glibc module does not import it (it is a GNU extension).
    private typealias Fallocate = @convention(c) (Int32, Int32, Int, Int) -> Int32
    private static let fallocate: Fallocate? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fallocate")  // RTLD_DEFAULT
        .map { unsafeBitCast($0, to: Fallocate.self) }
    /// FALLOC_FL_KEEP_SIZE (linux/falloc.h), not imported either.
    private static let keepSize: Int32 = 1

    private let descriptor: Int32
    let path: String

    /// Opens the probe file (`LOCK`, which the store holds anyway).
    init(directory: StoreDirectory) throws(StoreError) {
        path = directory.file(StoreLock.fileName)
        descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
    }

    deinit { close(descriptor) }

    /// Throws when the file system has shut down, gone read-only or aborted its journal.
    func check() throws(StoreError) {
        var info = statvfs()
        if fstatvfs(descriptor, &info) == 0, info.f_flag & UInt(ST_RDONLY) != 0 {
            throw StoreError.io(operation: "fstatvfs (read-only)", path: path, errno: EROFS)
        }
        guard let fallocate = Self.fallocate else { return }
        while fallocate(descriptor, Self.keepSize, 0, 1) != 0 {
            switch errno {
            case EINTR: continue
            case EOPNOTSUPP, ENOSYS: return
            case let code: throw StoreError.io(operation: "fallocate (probe after fdatasync)", path: path, errno: code)
            }
        }
    }
}
