/// A value that breaks a rule, with the field it is in, so the message can point at it.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the offending field, e.g. `job.pay.unit`.
    public var field: String
    /// What is wrong, phrased to follow the field name.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
