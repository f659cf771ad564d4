internal import CLibWebSockets
import DaigangCore
import Foundation
import Logging

/// Who gets a socket, and when a socket must be gone.
///
/// Every accepted socket is counted against its client address, and every connection state has a
/// deadline after which the socket is hard-closed (`hardClose`), whatever lws still holds for it
/// and whether or not the peer reads: no client can hold a slot, or the service thread, forever.
extension HubServer {
    /// LWS_CALLBACK_FILTER_NETWORK_CONNECTION: admits a just-accepted socket or refuses it.
    ///
    /// The global cap leaves `httpHeadroom` sockets beyond the WebSocket cap, so that pages,
    /// `/healthz` and the APIs answer while WebSockets are full; the per-address cap keeps one
    /// address from taking them all. A trusted proxy's own address is not capped here (its
    /// clients are counted by the address it forwards for, at the upgrade and per request).
    func admitsSocket(fd: Int32) -> Bool {
        admittedAddress = nil
        guard !isDraining, openSockets < options.maxConnections + options.httpHeadroom else { return false }
        let peer = ClientAddress.normalize(Self.peerAddress(ofSocket: fd))
        if options.trustedProxies.contains(peer) { return true }
        let key = ClientAddress.limitKey(peer)
        guard sockets.count(for: key) < options.connectionsPerAddress else {
            logTally["socket refused: over the per-address cap", default: 0] += 1
            return false
        }
        admittedAddress = key
        return true
    }

    /// LWS_CALLBACK_WSI_CREATE: tags the connection lws just made for the admitted socket.
    func socketCreated(wsi: OpaquePointer) {
        openSockets += 1
        guard let address = admittedAddress else { return }
        admittedAddress = nil
        _ = sockets.take(address, limit: Int.max)
        // The wsi is only a key here (never dereferenced); it is removed at its WSI_DESTROY,
        // before lws could reuse the memory for another connection.
        socketAddresses[wsi] = address
    }

    /// LWS_CALLBACK_WSI_DESTROY: gives the socket's share back.
    func socketDestroyed(wsi: OpaquePointer) {
        openSockets -= 1
        if let address = socketAddresses.removeValue(forKey: wsi) { sockets.release(address) }
    }

    /// Hard-closes every connection and HTTP exchange past its deadline; four times a second.
    func enforceDeadlines(now: Int64) {
        var closedByReason: [String: Int] = [:]
        for connection in connections.values {
            guard let deadline = connection.deadline, now >= deadline, !connection.isHardClosed else { continue }
            connection.isHardClosed = true
            hardClose(connection.wsi)
            closedByReason[connection.deadlineReason, default: 0] += 1
        }
        let requestMillis = Int64(options.requestTimeoutSeconds) * 1000
        for (id, exchange) in http where !exchange.isHardClosed {
            let isLate: Bool
            if exchange.isAwaitingBody {
                isLate = now - exchange.startedAt >= requestMillis
            } else if let respondedAt = exchange.respondedAt {
                isLate = now - respondedAt >= 3 * requestMillis
            } else {
                isLate = false  // waiting for us (the disk), not for the client
            }
            guard isLate else { continue }
            http[id]?.isHardClosed = true
            hardClose(exchange.wsi)
            closedByReason[exchange.isAwaitingBody ? "request body too slow" : "response not taken", default: 0] += 1
        }
        for (reason, count) in closedByReason.sorted(by: { $0.key < $1.key }) {
            logger.info("closed connections past their deadline", metadata: ["reason": "\(reason)", "count": "\(count)"])
        }
    }

    /// Logs what was counted instead of logged one by one (refusals, throttled sign-ins): one line
    /// per kind a second, so a flood costs the log a line, not a line per attempt.
    func flushLogTallies() {
        for (what, count) in logTally.sorted(by: { $0.key < $1.key }) {
            audit.warning("refused in the last second", metadata: ["what": "\(what)", "count": "\(count)"])
        }
        logTally.removeAll(keepingCapacity: true)
    }

    /// Closes the socket at lws' next service, without a close handshake and without waiting for
    /// unsent bytes: lws' own timeout path, which marks the socket unusable before closing it.
    func hardClose(_ wsi: OpaquePointer) {
        lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC)
    }

    /// The peer of an accepted socket as text (before lws has a connection for it).
    static func peerAddress(ofSocket fd: Int32) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let found = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard found == 0 else { return "" }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            var address = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr } }
            inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
        case AF_INET6:
            var address = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr } }
            inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
        default:
            return ""
        }
        return String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
