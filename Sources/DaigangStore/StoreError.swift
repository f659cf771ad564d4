import Foundation

/// Why the store cannot start or cannot write; the description is one line for the operator.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A bad record that is not a torn tail: later records may be good leads, so nothing is skipped.
    case corrupted(file: String, offset: Int, reason: String)
    /// A file-system call failed.
    case io(operation: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .corrupted(file, offset, reason):
            "store corrupted: \(file) at byte offset \(offset): \(reason); run `daigang store verify` and restore from backup"
        case let .io(operation, path, code):
            "store I/O error: \(operation) \(path): \(String(cString: strerror(code)))"
        }
    }
}
