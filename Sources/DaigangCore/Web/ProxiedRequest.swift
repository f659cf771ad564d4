import Foundation

/// The scheme and host a client used, seen through a trusted reverse proxy.
///
/// Behind nginx terminating TLS, a browser on `https://live.example.org` reaches us over plain
/// http from the proxy: the Origin check must compare against the public origin, which the
/// proxy reports in `X-Forwarded-Proto` (and `X-Forwarded-Host` when it rewrites `Host`). Those
/// headers are believed only from a trusted proxy; anyone else could claim any scheme. Pure.
public struct ProxiedRequest: Sendable, Equatable {
    /// The host (with port, if any) the client addressed.
    public let host: String?
    /// Whether the client's own connection was https.
    public let isTLS: Bool

    /// - Parameters:
    ///   - host: the `Host` header we received.
    ///   - isTLS: whether our own listener is TLS.
    ///   - forwardedHost: `X-Forwarded-Host`, if any.
    ///   - forwardedProto: `X-Forwarded-Proto`, if any (`http` or `https`; anything else is ignored).
    ///   - isFromTrustedProxy: whether the TCP peer is in `server.trustedProxies`.
    public init(host: String?, isTLS: Bool, forwardedHost: String?, forwardedProto: String?, isFromTrustedProxy: Bool) {
        guard isFromTrustedProxy else {
            self.host = host
            self.isTLS = isTLS
            return
        }
        // A chain of proxies lists the client-facing one first.
        func first(_ header: String?) -> String? {
            guard let value = header?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        self.host = first(forwardedHost) ?? host
        switch first(forwardedProto)?.lowercased() {
        case "https": self.isTLS = true
        case "http": self.isTLS = false
        default: self.isTLS = isTLS
        }
    }
}
