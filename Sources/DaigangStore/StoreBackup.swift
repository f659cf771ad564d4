import Foundation

/// An online backup: a consistent copy of a data directory, taken beside a running server
/// without stopping it or holding up its writes (`daigang store backup DIR`).
///
/// Why the copy is consistent: a running server only ever appends to its newest journal, creates
/// new files, and (compaction) deletes files a newer snapshot replaced. The backup holds
/// `BackupLock` shared while it lists and copies, so no file it listed is deleted under it; it
/// copies the newest snapshot and every later journal, the newest as far as it has been written
/// when it is read. Every record acknowledged before the backup began was synced into a listed file
/// before the listing, so it is in the copy. The copy's last record may be a write in progress:
/// it is cut like a torn tail at start-up. Then every file and the directory are fsynced and the
/// copy is read as recovery would (`store verify` accepts it).
public struct StoreBackup: Sendable {
    /// Records in the copy (as `store verify` counts them).
    public var recordCount = 0
    /// Files copied and their bytes.
    public var fileCount = 0
    public var byteCount = 0
    /// Bytes cut from the end of the copied journal: a record being written while it was read.
    public var cutBytes = 0

    /// Copies `source` into `target`, which must be empty or not exist yet (its parent must) and
    /// must not lie inside `source`; throws `backupRefused` for those before writing anything.
    public static func copy(from source: StoreDirectory, to target: String) throws(StoreError) -> StoreBackup {
        let destination = try prepareTarget(target, source: source)
        var backup = StoreBackup()
        var sizes: [String: Int] = [:]
        let held = try BackupLock.shared(source)
        try withExtendedLifetime(held) { () throws(StoreError) in
            let (journals, snapshots) = try source.list()
            let newest = snapshots.last
            let names = (newest.map { [StoreDirectory.snapshotName($0)] } ?? [])
                + journals.filter { $0 > (newest ?? 0) }.map(StoreDirectory.journalName)
            for name in names {
                sizes[name] = try copyFile(source.file(name), to: destination.file(name))
            }
        }
        backup.fileCount = sizes.count
        backup.byteCount = sizes.values.reduce(0, +)
        try destination.sync()
        let recovery = try StoreRecovery.read(destination, each: { _ in })
        if let torn = recovery.tornTail {
            try recovery.cutTornTail(in: destination)
            backup.cutBytes = (sizes[torn.file] ?? torn.offset) - torn.offset
        }
        backup.recordCount = recovery.recordCount
        return backup
    }

    /// Checks the target and creates it (0700) if needed; nothing is written before it passes.
    private static func prepareTarget(_ target: String, source: StoreDirectory) throws(StoreError) -> StoreDirectory {
        guard let sourcePath = realPath(source.path) else {
            throw StoreError.backupRefused("cannot read the data directory \(source.path)")
        }
        let url = URL(fileURLWithPath: target).standardizedFileURL
        guard let parent = realPath(url.deletingLastPathComponent().path) else {
            throw StoreError.backupRefused("the target's parent directory \(url.deletingLastPathComponent().path) does not exist")
        }
        let resolved = parent == "/" ? "/" + url.lastPathComponent : parent + "/" + url.lastPathComponent
        let resolvedTarget = realPath(resolved) ?? resolved  // follows a symlink named as the target
        if resolvedTarget == sourcePath || resolvedTarget.hasPrefix(sourcePath + "/") {
            throw StoreError.backupRefused("the target \(target) is inside the data directory \(source.path); choose a directory elsewhere (ideally on another disk)")
        }
        var info = stat()
        if stat(resolvedTarget, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw StoreError.backupRefused("the target \(target) exists and is not a directory")
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: resolvedTarget)) ?? ["?"]
            guard entries.isEmpty else {
                throw StoreError.backupRefused("the target \(target) is not empty; give a new or empty directory")
            }
        } else if mkdir(resolvedTarget, 0o700) != 0 {
            throw StoreError.io(operation: "mkdir", path: resolvedTarget, errno: errno)
        }
        try StoreDirectory(path: parent).sync()  // the new directory's entry is durable too
        return StoreDirectory(path: resolvedTarget)
    }

    /// Copies what `source` holds when it is opened (a journal being appended to is read up to
    /// its size then, so a busy server cannot keep the copy going), in 1 MiB pieces, and fsyncs
    /// the copy (0600).
    /// - Returns: the bytes copied.
    private static func copyFile(_ source: String, to target: String) throws(StoreError) -> Int {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw StoreError.io(operation: "open", path: source, errno: errno) }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw StoreError.io(operation: "open", path: target, errno: errno) }
        defer { close(output) }
        var info = stat()
        guard fstat(input, &info) == 0 else { throw StoreError.io(operation: "stat", path: source, errno: errno) }
        let size = Int(info.st_size)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while total < size {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, min($0.count, size - total)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(operation: "read", path: source, errno: errno)
            }
            if count == 0 { break }
            var written = 0
            while written < count {
                let result = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.io(operation: "write", path: target, errno: errno)
                }
                written += result
            }
            total += count
        }
        guard fsync(output) == 0 else { throw StoreError.io(operation: "fsync", path: target, errno: errno) }
        return total
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
