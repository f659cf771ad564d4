internal import Histogram

/// Latency histograms in microseconds, as every report here uses them.
extension Histogram where Count == UInt64 {
    /// 1 µs to one hour, three significant digits.
    static func microseconds() -> Self {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Records a duration given in nanoseconds (clamped into the trackable range).
    mutating func record(nanoseconds: UInt64) {
        _ = record(Swift.min(Swift.max(nanoseconds / 1000, 1), highestTrackableValue))
    }

    /// The percentile, or nil when nothing was recorded.
    func micros(at percentile: Double) -> UInt64? {
        totalCount == 0 ? nil : valueAtPercentile(percentile)
    }

    /// `{"count":…,"p50":…,"p90":…,"p99":…,"p999":…,"max":…,"mean":…}` in microseconds.
    var summary: ReportValue {
        guard totalCount > 0 else { return .object([("count", .int(0))]) }
        return .object([
            ("count", .int(Int(totalCount))),
            ("p50", .int(Int(valueAtPercentile(50)))),
            ("p90", .int(Int(valueAtPercentile(90)))),
            ("p99", .int(Int(valueAtPercentile(99)))),
            ("p999", .int(Int(valueAtPercentile(99.9)))),
            ("max", .int(Int(max))),
            ("mean", .double(mean)),
        ])
    }

    /// "p50 1.2 ms, p90 …, max …" for the human summary.
    var text: String {
        guard totalCount > 0 else { return "no samples" }
        let parts = [(50.0, "p50"), (90.0, "p90"), (99.0, "p99"), (99.9, "p99.9")].map { "\($0.1) \(Self.format(valueAtPercentile($0.0)))" }
        return (parts + ["max \(Self.format(max))"]).joined(separator: ", ") + " (n=\(totalCount))"
    }

    /// Microseconds as "850 µs" or "12.3 ms".
    static func format(_ micros: UInt64) -> String {
        micros < 1000 ? "\(micros) µs" : "\(Double(micros / 100) / 10) ms"
    }
}
