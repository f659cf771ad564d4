import Foundation

/// Tests' switch for I/O errors: the first word of the file `DAIGANG_FAULT_FILE` names, read
/// before each batch and each snapshot (docs/STORE.md, "Fault injection").
struct FaultFile: Sendable {
    let path: String?

    /// The fault to inject now, if the file exists.
    func current() -> String? {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
