import Foundation

/// Why the store cannot start, read or write; the description is one line for the operator.
///
/// A struct over a private enum (STYLE.md): callers ask what they need (`corruption`,
/// `lockHolder`, `errno`) instead of matching cases that may grow.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Equatable, Sendable {
        /// A bad record that is not a torn tail: later records may be good leads, so nothing is skipped.
        case corrupted(file: String, offset: Int, reason: String)
        /// A file-system call failed.
        case io(operation: String, path: String, errno: Int32)
        /// Another process holds the data directory's lock.
        case locked(directory: String, holder: Int32?)
        /// Work given up because the store is shutting down (never shown to an operator).
        case cancelled
        /// A backup that was not started: the target is unusable; nothing was written.
        case backupRefused(reason: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    static func corrupted(file: String, offset: Int, reason: String) -> StoreError {
        StoreError(.corrupted(file: file, offset: offset, reason: reason))
    }

    static func io(operation: String, path: String, errno: Int32) -> StoreError {
        StoreError(.io(operation: operation, path: path, errno: errno))
    }

    static func locked(directory: String, holder: Int32?) -> StoreError {
        StoreError(.locked(directory: directory, holder: holder))
    }

    static let cancelled = StoreError(.cancelled)

    static func backupRefused(_ reason: String) -> StoreError {
        StoreError(.backupRefused(reason: reason))
    }

    /// For a corrupted record: the file and the byte offset where the bad record starts.
    public var corruption: (file: String, offset: Int)? {
        if case let .corrupted(file, offset, _) = kind { return (file, offset) }
        return nil
    }

    /// True when another process holds the data directory.
    public var isLocked: Bool {
        if case .locked = kind { return true }
        return false
    }

    /// For a directory locked by another process: its pid, if it could be read.
    public var lockHolder: Int32? {
        if case let .locked(_, holder) = kind { return holder }
        return nil
    }

    /// For a failed file-system call: its errno.
    public var errno: Int32? {
        if case let .io(_, _, code) = kind { return code }
        return nil
    }

    var isCancellation: Bool { kind == .cancelled }

    public var description: String {
        switch kind {
        case let .corrupted(file, offset, reason):
            "store corrupted: \(file) at byte offset \(offset): \(reason); run `daigang store verify` and restore from backup"
        case let .io(operation, path, code):
            "store I/O error: \(operation) \(path): \(String(cString: strerror(code)))"
        case let .locked(directory, holder):
            "data directory \(directory) is in use by another daigang process (pid \(holder.map(String.init) ?? "unknown")); stop it first"
        case .cancelled:
            "store: cancelled by shutdown"
        case let .backupRefused(reason):
            "backup refused: \(reason)"
        }
    }
}
