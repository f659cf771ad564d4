internal import Glibc

/// What one scenario run found: a human summary and one machine-readable `RESULT {…}` line.
///
/// A run "passes" when none of its checks failed (no lost messages, no missing leads, every
/// viewer joined…); commands exit non-zero otherwise so `make test` notices.
struct Report {
    let scenario: String
    let target: Target
    private(set) var fields: [(String, ReportValue)] = []
    private(set) var lines: [String] = []
    private(set) var problems: [String] = []

    init(scenario: String, target: Target) {
        self.scenario = scenario
        self.target = target
    }

    var isPassing: Bool { problems.isEmpty }

    /// Adds a member to the JSON line.
    mutating func set(_ key: String, _ value: ReportValue) {
        fields.append((key, value))
    }

    mutating func set(_ key: String, _ value: Int) { set(key, .int(value)) }
    mutating func set(_ key: String, _ value: Double) { set(key, .double(value)) }
    mutating func set(_ key: String, _ value: String) { set(key, .string(value)) }

    /// Adds a line to the human summary.
    mutating func note(_ line: String) {
        lines.append(line)
    }

    /// Records a failed check; the run no longer passes.
    mutating func fail(_ problem: String) {
        problems.append(problem)
    }

    /// `true` when `condition` holds, else records `problem`.
    mutating func check(_ condition: Bool, _ problem: @autoclosure () -> String) {
        if !condition { fail(problem()) }
    }

    var jsonLine: String {
        let head: [(String, ReportValue)] = [
            ("scenario", .string(scenario)), ("target", .string(target.rawValue)), ("ok", .bool(isPassing)),
        ]
        let tail: [(String, ReportValue)] = [("problems", .array(problems.map { .string($0) }))]
        return "RESULT " + ReportValue.object(head + fields + tail).json
    }

    /// Prints the summary, then the RESULT line.
    func emit() {
        print("== \(scenario) (\(target.rawValue)) " + (isPassing ? "PASS" : "FAIL"))
        for line in lines { print("   " + line) }
        for problem in problems { print("   !! " + problem) }
        print(jsonLine)
        // Flush every stream (naming `stdout` is not concurrency-safe), so a script reading a
        // pipe sees each RESULT as soon as it is printed.
        fflush(nil)
    }
}
