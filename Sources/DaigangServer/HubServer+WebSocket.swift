internal import CLibWebSockets
import DaigangCore
import Logging

extension HubServer {
    /// Checks the upgrade: only at /ws, and only from an allowed Origin.
    func acceptsUpgrade(wsi: OpaquePointer) -> Bool {
        let path = header(wsi, WSI_TOKEN_GET_URI)
        guard path == "/ws" else {
            logger.info("upgrade refused", metadata: ["reason": "path", "path": "\(path ?? "")"])
            return false
        }
        let origin = header(wsi, WSI_TOKEN_ORIGIN)
        let host = header(wsi, WSI_TOKEN_HOST)
        let policy = OriginPolicy(allowedOrigins: options.allowedOrigins)
        guard policy.permits(origin: origin, host: host, isTLS: options.usesTLS) else {
            logger.info("upgrade refused", metadata: ["reason": "origin", "origin": "\(origin ?? "")"])
            return false
        }
        return true
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
        connections[id] = Connection(id: id, wsi: wsi, now: Self.now())
        hub.connect(id, address: peerAddress(wsi), now: Self.now())
        if isDraining {
            connections[id]?.close(status: LWS_CLOSE_STATUS_GOINGAWAY, reason: "server shutting down")
            lws_callback_on_writable(wsi)
        }
    }

    /// The client's IP address as text, for per-address limits.
    private func peerAddress(_ wsi: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        guard let text = lws_get_peer_simple(wsi, &buffer, buffer.count) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: strlen(text)), as: UTF8.self)
    }

    func receive(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?, bytes: UnsafeRawBufferPointer) -> Int32 {
        guard let slot, let connection = connections[ConnectionID(slot.pointee)] else { return -1 }
        connection.lastHeardAt = Self.now()
        connection.isAwaitingPong = false
        if connection.partialMessage.count + bytes.count > options.maxMessageBytes {
            let reason = Array("message too big".utf8)
            var mutableReason = reason
            lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, &mutableReason, mutableReason.count)
            return -1
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
        perform(effects)
    }

    /// Writes as many queued frames as the socket takes, or the pending close.
    ///
    /// Several queued frames go out in one write: their WebSocket headers are laid out in front of
    /// each payload in a scratch buffer, which lws sends as raw bytes (LWS_WRITE_HTTP bypasses its
    /// framing). One syscall for many frames is the largest lever on a busy connection.
    func writeQueued(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?) -> Int32 {
        guard let slot, let connection = connections[ConnectionID(slot.pointee)] else { return -1 }
        if let close = connection.pendingClose {
            var reason = Array(close.reason.utf8)
            lws_close_reason(wsi, close.status, &reason, reason.count)
            return -1
        }
        if connection.needsPing {
            connection.needsPing = false
            // Not empty: lws 4.1 reports no LWS_CALLBACK_RECEIVE_PONG for a pong without payload.
            let payload = Array("daigang".utf8)
            writeBatch.payload.update(from: payload, count: payload.count)
            if lws_write(wsi, writeBatch.payload, payload.count, LWS_WRITE_PING) < payload.count { return -1 }
            if !connection.queue.isEmpty { lws_callback_on_writable(wsi) }
            return 0
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
            // lws_send_pipe_choked costs a poll() syscall: ask only when there is more to write.
            if connection.queue.isEmpty || lws_send_pipe_choked(wsi) != 0 { break }
        }
        if !connection.queue.isEmpty { lws_callback_on_writable(wsi) }
        return 0
    }

    /// A pong (or any sign of life) from the client.
    func heard(slot: UnsafeMutablePointer<UInt64>?) {
        guard let slot, let connection = connections[ConnectionID(slot.pointee)] else { return }
        connection.lastHeardAt = Self.now()
        connection.isAwaitingPong = false
    }

    /// Pings quiet clients and closes silent ones; once a second, O(connections).
    ///
    /// Done here rather than with lws' retry policy (see `makeContext`).
    func checkIdleConnections(now: Int64) {
        let pingAfter = Int64(options.pingIntervalSeconds) * 1000
        let closeAfter = Int64(options.idleTimeoutSeconds) * 1000
        for connection in connections.values where connection.pendingClose == nil {
            // Unanswered: pinged, nothing heard since, and the hang-up margin has passed. Judging by
            // the ping's age rather than the silence alone keeps a client that answers every ping
            // open even when the once-a-second tick runs late.
            if let pingedAt = connection.pingedAt, connection.isAwaitingPong {
                if now - pingedAt >= closeAfter - pingAfter {
                    connection.close(status: LWS_CLOSE_STATUS_GOINGAWAY, reason: "idle timeout")
                    lws_callback_on_writable(connection.wsi)
                }
            } else if now - connection.lastHeardAt >= pingAfter {
                connection.isAwaitingPong = true
                connection.pingedAt = now
                connection.needsPing = true
                lws_callback_on_writable(connection.wsi)
            }
        }
    }

    func closed(slot: UnsafeMutablePointer<UInt64>?) {
        guard let slot, slot.pointee != 0 else { return }
        let id = ConnectionID(slot.pointee)
        guard connections.removeValue(forKey: id) != nil else { return }
        hub.disconnect(id, now: Self.now())
        if isDraining { checkShutdown() }
    }
}
