import Foundation

/// Who a request really comes from: the socket's peer, or, behind a trusted reverse proxy, the
/// last address in `X-Forwarded-For` that is not itself a trusted proxy.
///
/// Per-address limits (connections, bodies, applies, tickets, failed logins) are keyed by this, so
/// that behind nginx every viewer does not share the proxy's one budget. Pure: no I/O.
public enum ClientAddress {
    /// The client address for limits and logs.
    /// - Parameters:
    ///   - peer: the TCP peer as text.
    ///   - forwardedFor: the `X-Forwarded-For` header, if any; read only when `peer` is trusted.
    ///   - trustedProxies: exact addresses of proxies we run.
    public static func resolve(peer: String, forwardedFor: String?, trustedProxies: Set<String>) -> String {
        let peer = normalize(peer)
        guard trustedProxies.contains(peer), let forwardedFor else { return peer }
        // Proxies append; the right-most entry a trusted proxy did not add is the client.
        for hop in forwardedFor.split(separator: ",").reversed() {
            let address = normalize(withoutPort(hop.trimmingCharacters(in: .whitespaces)))
            // Never the proxy itself (it may be allowed what clients are not, e.g. /metrics): a hop
            // that is no address (`unknown`, `_hidden`, `unix:`) is one shared, unprivileged client.
            guard isIPAddress(address) else { return unreadableClient }
            if !trustedProxies.contains(address) { return address }
        }
        return peer
    }

    /// The client behind a trusted proxy whose `X-Forwarded-For` hop is not an address: it matches
    /// no allow-list, and every such client shares one per-address budget.
    public static let unreadableClient = "unreadable-forwarded-for"

    /// `1.2.3.4:5555` → `1.2.3.4`, `[2001:db8::1]:443` and `[2001:db8::1]` → `2001:db8::1` (some load
    /// balancers add the client's port); anything else as it is.
    static func withoutPort(_ hop: String) -> String {
        if hop.hasPrefix("["), let close = hop.firstIndex(of: "]") {
            return String(hop[hop.index(after: hop.startIndex)..<close])
        }
        let parts = hop.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, parts[1].allSatisfy(\.isNumber), !parts[1].isEmpty { return String(parts[0]) }
        return hop
    }

    /// What per-address limits count by (after `normalize`): an IPv4 address as it is, an IPv6 address by its /64
    /// prefix (`2001:db8:1:2::/64`): one subscriber or household gets a whole /64, so counting
    /// single IPv6 addresses would give one phone 2^64 budgets.
    public static func limitKey(_ address: String) -> String {
        let address = normalize(address)
        var v6 = in6_addr()
        guard address.contains(":"), inet_pton(AF_INET6, address, &v6) == 1 else { return address }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    /// `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) as `1.2.3.4`.
    public static func normalize(_ address: String) -> String {
        let prefix = "::ffff:"
        if address.lowercased().hasPrefix(prefix), address.contains(".") {
            return String(address.dropFirst(prefix.count))
        }
        return address
    }

    /// Whether `text` is a literal IPv4 or IPv6 address.
    public static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
