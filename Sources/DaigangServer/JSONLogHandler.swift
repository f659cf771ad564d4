import Foundation
import DaigangCore
public import Logging

/// A swift-log handler that writes one JSON object per line (`daigang serve --log-format json`):
/// `time` (ISO 8601, UTC, milliseconds), `level`, `label`, `message`, then the metadata as fields.
///
/// swift-log ships no JSON handler. Metadata keys that would overwrite one of the four fixed
/// fields get a `metadata.` prefix; every string is JSON-escaped, so a control character in a
/// value cannot break or forge a line.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    /// - Parameter write: receives each line with its newline; defaults to standard error.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// One `write(2)` a line (more only if the descriptor takes part of it): lines from several
    /// threads do not interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        write(Self.line(time: Self.now(), level: event.level, label: label, message: "\(event.message)", metadata: merged))
    }

    /// The JSON line for one event (with its trailing newline); fields in a fixed order.
    static func line(time: String, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var out = "{\"time\":\(quoted(time)),\"level\":\(quoted(level.rawValue)),\"label\":\(quoted(label)),\"message\":\(quoted(message))"
        for key in metadata.keys.sorted() {
            let name = ["time", "level", "label", "message"].contains(key) ? "metadata." + key : key
            out += ",\(quoted(name)):\(json(metadata[key]!))"
        }
        return out + "}\n"
    }

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .stringConvertible(let convertible): quoted(convertible.description)
        case .array(let values): "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let fields): "{" + fields.keys.sorted().map { "\(quoted($0)):\(json(fields[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and every control character escaped.
    static func quoted(_ text: String) -> String { JSONQuoting.quoted(text) }

    /// Now as `2026-12-02T06:45:00.123Z`.
    static func now() -> String {
        let millis = Int((Date().timeIntervalSince1970 * 1000).rounded(.down))
        return timestamp(seconds: millis / 1000, milliseconds: millis % 1000)
    }

    /// Seconds since the epoch (UTC) and a millisecond part as ISO 8601.
    ///
    /// The civil date by Howard Hinnant's `civil_from_days` (proleptic Gregorian calendar), in
    /// plain arithmetic: no `gmtime_r`, no locale, no allocation beyond the string.
    static func timestamp(seconds: Int, milliseconds: Int) -> String {
        let days = seconds.floorDiv(86_400)
        let secondOfDay = seconds - days * 86_400
        let shifted = days + 719_468
        let era = shifted.floorDiv(146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, milliseconds
        )
    }
}

extension Int {
    /// Division rounding toward negative infinity (dates before 1970 too).
    fileprivate func floorDiv(_ divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
