internal import Glibc

/// `strerror` made safe to call: errno values as readable text.
enum SystemErrorText {
    /// "Connection refused (errno 111)".
    static func describe(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        let text: String = buffer.withUnsafeMutableBufferPointer { raw in
            // The GNU strerror_r returns a pointer that may or may not be the buffer.
            guard let base = raw.baseAddress, let result = strerror_r(code, base, raw.count) else { return "error" }
            return String(cString: result)
        }
        return "\(text) (errno \(code))"
    }
}
