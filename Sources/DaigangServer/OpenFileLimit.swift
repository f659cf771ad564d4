import Glibc

/// The process's open-file limit, and the WebSocket connections it leaves room for.
///
/// Every connection is a socket, and a socket is a file descriptor: with Debian's default soft
/// limit of 1,024 the server ran out of descriptors near 1,000 viewers, and lws logged
/// `accept: errno 24` for every refused connection. `raise()` lifts the soft limit to the hard
/// one at start, before lws sizes its tables from it; `connectionCeiling` is what then fits.
public struct OpenFileLimit: Sendable, Equatable {
    /// The soft limit before `raise()`.
    public let previous: Int
    /// The soft limit in force.
    public let soft: Int
    /// The hard limit (what an unprivileged process may raise to; systemd's `LimitNOFILE=`).
    public let hard: Int

    /// Descriptors kept for what is not a client socket: stdio, the listener, lws' wake-up pipe,
    /// the store's journal, snapshot, lock and directory, the compactor, the log.
    public static let reserved = 64
    /// At most this many descriptors are asked for: lws allocates tables per possible descriptor
    /// (a pointer and a pollfd each), and 19,000 connections (the config's maximum) need ~20,000.
    public static let enough = 65_536

    /// Raises the soft limit to the hard limit (at most `enough`); never lowers it.
    public static func raise() -> OpenFileLimit {
        var limit = rlimit()
        guard getrlimit(openFilesResource, &limit) == 0 else {
            return OpenFileLimit(previous: 1024, soft: 1024, hard: 1024)
        }
        let previous = Int(clamping: limit.rlim_cur)
        let hard = Int(clamping: limit.rlim_max)  // RLIM_INFINITY (all bits set) becomes Int.max
        let wanted = min(hard, enough)
        guard wanted > previous else { return OpenFileLimit(previous: previous, soft: previous, hard: hard) }
        limit.rlim_cur = rlim_t(wanted)
        let soft = setrlimit(openFilesResource, &limit) == 0 ? wanted : previous
        return OpenFileLimit(previous: previous, soft: soft, hard: hard)
    }

    /// WebSocket connections that fit in `openFiles` descriptors, with their HTTP headroom
    /// (`ServerOptions.httpHeadroom`) and `reserved` beside them; at least 1.
    public static func connectionCeiling(openFiles: Int) -> Int {
        let sockets = openFiles - reserved
        // m + m/20 ≤ sockets bounds m by sockets·20/21 + 1: start just above, step down to the largest that fits.
        var connections = sockets * 20 / 21 + 2
        while connections > 1, connections + ServerOptions.httpHeadroom(forConnections: connections) > sockets {
            connections -= 1
        }
        return max(1, connections)
    }

    /// WebSocket connections this limit leaves room for.
    public var connectionCeiling: Int { Self.connectionCeiling(openFiles: soft) }

    // Glibc imports RLIMIT_NOFILE as an enum case of __rlimit_resource; getrlimit wants its raw value.
    private static var openFilesResource: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }
}
