import Foundation

/// Who may read `GET /metrics` (docs/CONFIG.md, `metrics.*`).
///
/// A client from an `allow`ed address is answered; any other needs `Authorization: Bearer <token>`
/// with the metrics token (when one is set), else it gets 401 (a token is set) or 403 (none is).
public struct MetricsSettings: Sendable, Equatable {
    /// Client addresses (after trusted-proxy resolution) answered without a token; loopback by default.
    public var allow: [AddressRange] = AddressRange.loopback
    /// The bearer token that opens `/metrics` from anywhere; env `DAIGANG_METRICS_TOKEN` overrides.
    public var token: String?

    public init() {}

    /// Whether a client at `address` presenting `authorization` may read the metrics.
    public func permits(address: String, authorization: String?) -> MetricsAccess {
        if allow.contains(where: { $0.contains(address) }) { return .granted }
        guard let token else { return .forbidden }
        let prefix = "Bearer "
        guard let authorization, authorization.count > prefix.count,
              authorization.prefix(prefix.count).lowercased() == prefix.lowercased()
        else { return .unauthorized }
        let presented = String(authorization.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        return AccountToken.constantTimeEquals(presented, token) ? .granted : .unauthorized
    }
}

/// The answer to a `/metrics` request's credentials.
public enum MetricsAccess: Sendable, Equatable {
    case granted
    /// A token would open it: 401 with `WWW-Authenticate: Bearer`.
    case unauthorized
    /// Not from an allowed address and no token is configured: 403.
    case forbidden
}
