/// Why a benchmark could not run (as opposed to a run that measured something bad).
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// A system call failed; `errno` is read at the call site.
    static func system(_ call: String, errno code: Int32) -> BenchError {
        BenchError("\(call) failed: \(SystemErrorText.describe(code))")
    }
}
