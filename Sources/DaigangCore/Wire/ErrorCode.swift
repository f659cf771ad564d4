/// The machine-readable part of an `error` reply; clients act on it, people read the message.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    case badRequest = "bad_request"
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case rateLimited = "rate_limited"
    case tooLarge = "too_large"
    case unavailable
    case conflict
}
