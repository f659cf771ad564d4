internal import Glibc

/// errno values as readable text.
enum SystemErrorText {
    /// "Connection refused (errno 111)". (`strerror` is fine here: the benchmark has one thread.)
    static func describe(_ code: Int32) -> String {
        let text = strerror(code).map { String(cString: $0) } ?? "error"
        return "\(text) (errno \(code))"
    }
}
