/// Decides whether a browser page from `Origin` may open the WebSocket (cross-site WebSocket hijacking).
public struct OriginPolicy: Sendable {
    private let allowed: Set<String>
    private let allowsAny: Bool

    /// - Parameter allowedOrigins: extra origins such as `https://live.example.org`; `*` allows any.
    public init(allowedOrigins: [String]) {
        allowsAny = allowedOrigins.contains("*")
        allowed = Set(allowedOrigins.map { Self.normalize($0) })
    }

    /// - Parameters:
    ///   - origin: the Origin header, nil when the client sent none (not a browser).
    ///   - host: the Host header the client used to reach us.
    ///   - isTLS: whether this listener is https.
    public func permits(origin: String?, host: String?, isTLS: Bool) -> Bool {
        guard let origin else { return true }
        if allowsAny { return true }
        let normalized = Self.normalize(origin)
        if allowed.contains(normalized) { return true }
        guard let host, !host.isEmpty else { return false }
        let ownOrigin = Self.normalize((isTLS ? "https://" : "http://") + host)
        return normalized == ownOrigin
    }

    /// Lower-cases and drops the scheme's default port, so `http://a:80` equals `http://A`.
    static func normalize(_ origin: String) -> String {
        var text = origin.lowercased()
        if text.hasSuffix("/") { text.removeLast() }
        if text.hasPrefix("http://"), text.hasSuffix(":80") { text.removeLast(3) }
        if text.hasPrefix("https://"), text.hasSuffix(":443") { text.removeLast(4) }
        return text
    }
}
