/// A request the hub refuses; becomes an `error` reply and changes nothing.
public struct ProtocolError: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var message: String
    /// A finer, stable reason where clients act on the kind of conflict (e.g. `queue_paused`).
    public var reason: String?

    public init(_ code: ErrorCode, _ message: String, reason: String? = nil) {
        self.code = code
        self.message = message
        self.reason = reason
    }

    /// A decoding failure of a message body, naming the field.
    static func from(_ error: DecodingError) -> ProtocolError {
        let path = error.fieldPath
        if path.isEmpty {
            if case .typeMismatch = error { return ProtocolError(.badRequest, "message must be a JSON object") }
            return ProtocolError(.badRequest, "message is not valid JSON")
        }
        return ProtocolError(.badRequest, "field '\(path)' \(error.readableReason)")
    }

    static func from(_ error: ValidationError) -> ProtocolError {
        ProtocolError(.badRequest, "field '\(error.field)' \(error.reason)")
    }
}
