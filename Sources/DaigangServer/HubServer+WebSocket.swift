internal import CLibWebSockets
import DaigangCore
import Logging

extension HubServer {
    /// Decides an upgrade before lws answers it: only `websocket` at /ws, from an allowed Origin,
    /// within the WebSocket cap and the address's share of connections that have not said hello.
    ///
    /// Returns 0 to let lws upgrade, 1 after answering with an HTTP error (lws then finishes the
    /// transaction), as LWS_CALLBACK_HTTP_CONFIRM_UPGRADE wants.
    func confirmUpgrade(wsi: OpaquePointer, protocolName: String) -> Int32 {
        func refuse(_ status: UInt32, _ reason: String) -> Int32 {
            // Counted and logged once a second (`flushLogTallies`): a flood of refusals is one line.
            logTally["upgrade refused: \(reason)", default: 0] += 1
            metrics.answered(route: "/ws", status: Int(status))
            if lws_return_http_status(wsi, status, reason) != 0 { return -1 }
            return 1
        }
        guard protocolName.lowercased() == "websocket" else {
            // h2c and friends: this server speaks HTTP/1.1 in plaintext.
            return refuse(UInt32(HTTP_STATUS_BAD_REQUEST.rawValue), "unsupported upgrade")
        }
        let path = header(wsi, WSI_TOKEN_GET_URI)
        guard path == "/ws" else { return refuse(UInt32(HTTP_STATUS_NOT_FOUND.rawValue), "no WebSocket here") }
        let origin = header(wsi, WSI_TOKEN_ORIGIN)
        let policy = OriginPolicy(allowedOrigins: options.allowedOrigins)
        let request = proxiedRequest(wsi)
        guard policy.permits(origin: origin, host: request.host, isTLS: request.isTLS) else {
            return refuse(UInt32(HTTP_STATUS_FORBIDDEN.rawValue), "origin not allowed")
        }
        guard !isDraining else { return refuse(UInt32(HTTP_STATUS_SERVICE_UNAVAILABLE.rawValue), "server shutting down") }
        guard connections.count < options.maxConnections else {
            return refuse(UInt32(HTTP_STATUS_SERVICE_UNAVAILABLE.rawValue), "server full")
        }
        let address = clientAddress(wsi)
        guard unwelcomed.count(for: address) < options.unwelcomedPerAddress else {
            return refuse(UInt32(429), "too many connections from this address")
        }
        return 0
    }

    /// A header value, or nil when absent or unreasonably long.
    func header(_ wsi: OpaquePointer, _ token: lws_token_indexes) -> String? {
        let length = Int(lws_hdr_total_length(wsi, token))
        guard length > 0, length < 4096 else { return nil }
        var buffer = [CChar](repeating: 0, count: length + 1)
        guard lws_hdr_copy(wsi, &buffer, Int32(buffer.count), token) >= 0 else { return nil }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func open(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?) {
        guard let slot else { return }
        let id = makeConnectionID()
        slot.pointee = id.rawValue
        let now = Self.now()
        let address = clientAddress(wsi)
        let connection = Connection(id: id, wsi: wsi, address: address, now: now.tick, helloDeadline: now.tick + Int64(options.helloTimeoutSeconds) * 1000)
        connections[id] = connection
        // Checked in confirmUpgrade; nothing runs between, so this always takes one.
        _ = unwelcomed.take(address, limit: Int.max)
        hub.connect(id, address: address, now: now)
        metrics.answered(route: "/ws", status: 101)
        if isDraining {
            closeNow(connection, status: LWS_CLOSE_STATUS_GOINGAWAY, reason: "server shutting down")
        }
    }

    /// The client's address for limits and logs: the peer, or behind a trusted proxy the client it names.
    func clientAddress(_ wsi: OpaquePointer) -> String {
        let peer = peerAddress(wsi)
        guard !options.trustedProxies.isEmpty else { return ClientAddress.limitKey(peer) }
        let client = ClientAddress.resolve(peer: peer, forwardedFor: header(wsi, WSI_TOKEN_X_FORWARDED_FOR), trustedProxies: options.trustedProxies)
        return ClientAddress.limitKey(client)
    }

    /// The TCP peer's IP address as text.
    func peerAddress(_ wsi: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        guard let text = lws_get_peer_simple(wsi, &buffer, buffer.count) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: strlen(text)), as: UTF8.self)
    }

    func receive(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?, bytes: UnsafeRawBufferPointer) -> Int32 {
        guard let slot, let connection = connections[ConnectionID(slot.pointee)] else { return -1 }
        // A connection on its way out (too slow, refused, shutting down) changes nothing any more.
        guard !connection.isClosing, !isDraining else { return 0 }
        connection.lastHeardAt = Self.monotonicMillis()
        connection.isAwaitingPong = false
        if connection.partialMessage.count + bytes.count > options.maxMessageBytes {
            connection.partialMessage = []
            closeNow(connection, status: LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, reason: "message too big")
            return 0
        }
        let isComplete = lws_is_final_fragment(wsi) != 0 && lws_remaining_packet_payload(wsi) == 0
        if isComplete && connection.partialMessage.isEmpty {
            dispatch(Array(bytes), binary: lws_frame_is_binary(wsi) != 0, from: connection)
        } else {
            connection.partialMessage.append(contentsOf: bytes)
            if isComplete {
                let message = connection.partialMessage
                connection.partialMessage = []
                dispatch(message, binary: lws_frame_is_binary(wsi) != 0, from: connection)
            }
        }
        return 0
    }

    private func dispatch(_ message: [UInt8], binary: Bool, from connection: Connection) {
        let now = Self.now()
        let effects = binary
            ? hub.receiveBinary(from: connection.id, now: now)
            : hub.receive(text: message, from: connection.id, now: now)
        if !connection.isWelcomed && hub.isWelcomed(connection.id) {
            connection.welcome()
            unwelcomed.release(connection.address)
        }
        if !binary { auditCommand(from: connection.id, effects: effects) }
        perform(effects)
    }

    /// The peer's close frame: lws echoes a valid one; a malformed one is a protocol error
    /// (RFC 6455 §7.4: a 1-byte payload, a reserved or unknown code, a reason that is not UTF-8).
    func peerClosed(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?, payload: UnsafeRawBufferPointer) -> Int32 {
        closingByLWS(slot: slot, reason: "peer's close")
        guard !payload.isEmpty else { return 0 }
        let refusal: (lws_close_status, String)?
        if payload.count == 1 {
            refusal = (LWS_CLOSE_STATUS_PROTOCOL_ERR, "close payload of one byte")
        } else {
            let code = Int(payload[0]) << 8 | Int(payload[1])
            let isValidCode = (1000...1003).contains(code) || (1007...1011).contains(code) || (3000...4999).contains(code)
            if !isValidCode {
                refusal = (LWS_CLOSE_STATUS_PROTOCOL_ERR, "invalid close code")
            } else if String(validating: payload.dropFirst(2), as: UTF8.self) == nil {
                refusal = (LWS_CLOSE_STATUS_INVALID_PAYLOAD, "close reason is not UTF-8")
            } else {
                refusal = nil
            }
        }
        guard let (status, reason) = refusal else { return 0 }
        var bytes = Array(reason.utf8)
        lws_close_reason(wsi, status, &bytes, bytes.count)
        return 1
    }

    /// Writes as many queued frames as the socket takes, or the pending close.
    ///
    /// Several queued frames go out in one write: their WebSocket headers are laid out in front of
    /// each payload in a scratch buffer, which lws sends as raw bytes (LWS_WRITE_HTTP bypasses its
    /// framing). One syscall for many frames is the largest lever on a busy connection.
    func writeQueued(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?) -> Int32 {
        guard let slot, let connection = connections[ConnectionID(slot.pointee)] else { return -1 }
        if let close = connection.pendingClose, connection.queue.isEmpty {
            var reason = Array(close.reason.utf8)
            lws_close_reason(wsi, close.status, &reason, reason.count)
            return -1
        }
        // lws calls WRITEABLE only once it has sent what it held back, so reading may go on.
        resumeReceiving(connection)
        if connection.needsPing {
            connection.needsPing = false
            // Not empty: lws 4.1 reports no LWS_CALLBACK_RECEIVE_PONG for a pong without payload.
            let payload = Array("daigang".utf8)
            writeBatch.payload.update(from: payload, count: payload.count)
            if lws_write(wsi, writeBatch.payload, payload.count, LWS_WRITE_PING) < payload.count { return -1 }
            if !connection.queue.isEmpty { lws_callback_on_writable(wsi) }
            return wrote(connection)
        }
        while let first = connection.queue.first {
            if connection.queue.count == 1 || first.count + WebSocketFrameHeader.maxSize > writeBatch.capacity {
                // One frame: lws frames it in place, in the headroom in front of the shared payload.
                if lws_write(wsi, first.payload, first.count, LWS_WRITE_TEXT) < first.count { return -1 }
                connection.dequeueFirst()
            } else {
                let (length, taken) = writeBatch.fill(from: connection.queue)
                if lws_write(wsi, writeBatch.payload, length, LWS_WRITE_HTTP) < length { return -1 }
                for _ in 0..<taken { connection.dequeueFirst() }
            }
            if lws_partial_buffered(wsi) != 0 { break }
            // lws_send_pipe_choked costs a poll() syscall: ask only when there is more to write.
            if connection.queue.isEmpty || lws_send_pipe_choked(wsi) != 0 { break }
        }
        // More to write, or the close frame owed after what was queued.
        if !connection.queue.isEmpty || connection.pendingClose != nil { lws_callback_on_writable(wsi) }
        return wrote(connection)
    }

    /// After a write: if the socket did not take it all, lws holds the rest, and stops reading
    /// from this client until it is sent.
    ///
    /// This is what keeps the service thread from spinning: in lws 4.1.6 a peer's FIN that arrives
    /// while lws holds unsent bytes makes `lws_close_free_wsi` wait for a flush and return without
    /// freeing the socket, and `_lws_plat_service_forced_tsi` retries the same readable descriptor
    /// forever (recv → 0 → close → flush pending → retry), never reaching poll() or its timers
    /// (docs/NOTES.md). A socket we do not read from is never serviced for POLLIN, so that loop
    /// cannot start; it stays a client that does not read, for the deadlines to close.
    func wrote(_ connection: Connection) -> Int32 {
        if lws_partial_buffered(connection.wsi) != 0 { pauseReceiving(connection) }
        return 0
    }

    private func pauseReceiving(_ connection: Connection) {
        guard !connection.isReceivePaused else { return }
        connection.isReceivePaused = true
        lws_rx_flow_control(connection.wsi, 0)
    }

    private func resumeReceiving(_ connection: Connection) {
        guard connection.isReceivePaused, !connection.isClosing else { return }
        connection.isReceivePaused = false
        lws_rx_flow_control(connection.wsi, 1)
    }

    /// A pong (or any sign of life) from the client.
    func heard(slot: UnsafeMutablePointer<UInt64>?) {
        guard let slot, let connection = connections[ConnectionID(slot.pointee)] else { return }
        connection.lastHeardAt = Self.monotonicMillis()
        connection.isAwaitingPong = false
    }

    /// Pings quiet clients and closes silent ones; once a second, O(connections).
    ///
    /// Done here rather than with lws' retry policy (see `makeContext`).
    func checkIdleConnections(now: Int64) {
        let pingAfter = Int64(options.pingIntervalSeconds) * 1000
        let closeAfter = Int64(options.idleTimeoutSeconds) * 1000
        for connection in connections.values where !connection.isClosing {
            // Unanswered: pinged, nothing heard since, and the hang-up margin has passed. Judging by
            // the ping's age rather than the silence alone keeps a client that answers every ping
            // open even when the once-a-second tick runs late.
            if let pingedAt = connection.pingedAt, connection.isAwaitingPong {
                if now - pingedAt >= closeAfter - pingAfter {
                    closeAfterQueued(connection, status: LWS_CLOSE_STATUS_GOINGAWAY, reason: "idle timeout")
                }
            } else if now - connection.lastHeardAt >= pingAfter {
                connection.isAwaitingPong = true
                connection.pingedAt = now
                connection.needsPing = true
                lws_callback_on_writable(connection.wsi)
            }
        }
    }

    /// Sends what is queued, then a close frame; hard-closed at the close deadline whatever happens.
    /// The close code for a host or HR whose account was revoked or expired: 4401, in the range
    /// RFC 6455 leaves to applications, echoing HTTP's 401 (docs/PROTOCOL.md, "Accounts and roles").
    static let signedOutCloseStatus = lws_close_status(4401)

    func closeAfterQueued(_ connection: Connection, status: lws_close_status, reason: String) {
        connection.close(status: status, reason: reason, dropQueued: false, deadline: closeDeadline())
        lws_callback_on_writable(connection.wsi)
    }

    /// Drops what is queued, stops reading, and sends a close frame if the socket takes one;
    /// hard-closed at the close deadline whatever happens.
    func closeNow(_ connection: Connection, status: lws_close_status, reason: String) {
        connection.close(status: status, reason: reason, dropQueued: true, deadline: closeDeadline())
        pauseReceiving(connection)
        lws_callback_on_writable(connection.wsi)
    }

    /// lws began a close of its own (a peer's close, a protocol error it found): the close deadline applies.
    func closingByLWS(slot: UnsafeMutablePointer<UInt64>?, reason: String) {
        guard let slot, let connection = connections[ConnectionID(slot.pointee)] else { return }
        connection.lwsStartedClosing(deadline: closeDeadline(), reason: reason)
    }

    func closeDeadline() -> Int64 {
        Self.monotonicMillis() + Int64(options.closeTimeoutSeconds) * 1000
    }

    func closed(slot: UnsafeMutablePointer<UInt64>?) {
        guard let slot, slot.pointee != 0 else { return }
        let id = ConnectionID(slot.pointee)
        guard let connection = connections.removeValue(forKey: id) else { return }
        if !connection.isWelcomed { unwelcomed.release(connection.address) }
        hub.disconnect(id, now: Self.now())
        if isDraining { checkShutdown() }
    }
}
