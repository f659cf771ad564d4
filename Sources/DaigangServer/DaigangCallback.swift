internal import CLibWebSockets
import DaigangCore

/// The one lws protocol callback. It recovers the server from the context user pointer and hands off.
///
/// `user` is lws's per-connection slot (a UInt64 holding our ConnectionID, 0 until assigned);
/// lws owns it and frees it after LWS_CALLBACK_CLOSED / CLOSED_HTTP.
func daigangCallback(
    wsi: OpaquePointer?, reason: lws_callback_reasons, user: UnsafeMutableRawPointer?,
    input: UnsafeMutableRawPointer?, length: Int
) -> Int32 {
    switch reason {
    case LWS_CALLBACK_LOCK_POLL, LWS_CALLBACK_UNLOCK_POLL, LWS_CALLBACK_CHANGE_MODE_POLL_FD,
         LWS_CALLBACK_ADD_POLL_FD, LWS_CALLBACK_DEL_POLL_FD:
        // lws announces every poll-set change (twice per delivery in a broadcast); nothing to do.
        return 0
    default:
        break
    }
    guard let wsi, let context = lws_get_context(wsi), let opaque = lws_context_user(context) else {
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
    let server = Unmanaged<HubServer>.fromOpaque(opaque).takeUnretainedValue()
    let slot = user?.assumingMemoryBound(to: UInt64.self)
    switch reason {
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        server.drainInbox()
        return 0
    case LWS_CALLBACK_FILTER_NETWORK_CONNECTION:
        // `input` carries the accepted socket's descriptor, not a pointer.
        let fd = Int32(truncatingIfNeeded: Int(bitPattern: input))
        return server.admitsSocket(fd: fd) ? 0 : 1
    case LWS_CALLBACK_WSI_CREATE:
        server.socketCreated(wsi: wsi)
        return 0
    case LWS_CALLBACK_WSI_DESTROY:
        server.socketDestroyed(wsi: wsi)
        return 0

    case LWS_CALLBACK_HTTP:
        let path = input.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? "/"
        return server.beginHTTP(wsi: wsi, slot: slot, path: path)
    case LWS_CALLBACK_HTTP_BODY:
        return server.receiveHTTPBody(slot: slot, bytes: UnsafeRawBufferPointer(start: input, count: input == nil ? 0 : length))
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
        return server.finishHTTPBody(slot: slot)
    case LWS_CALLBACK_HTTP_WRITEABLE:
        return server.writeHTTP(wsi: wsi, slot: slot)
    case LWS_CALLBACK_CLOSED_HTTP:
        server.forgetHTTP(slot: slot)
        return 0

    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
        let name = input.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? ""
        return server.confirmUpgrade(wsi: wsi, protocolName: name)
    case LWS_CALLBACK_WS_SERVER_DROP_PROTOCOL:
        // lws is about to send a close of its own (or answer one): hold it to the close deadline.
        server.closingByLWS(slot: slot, reason: "protocol dropped")
        return 0
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
        return server.peerClosed(wsi: wsi, slot: slot, payload: UnsafeRawBufferPointer(start: input, count: input == nil ? 0 : length))
    case LWS_CALLBACK_ESTABLISHED:
        server.open(wsi: wsi, slot: slot)
        return 0
    case LWS_CALLBACK_RECEIVE:
        let bytes = UnsafeRawBufferPointer(start: input, count: input == nil ? 0 : length)
        return server.receive(wsi: wsi, slot: slot, bytes: bytes)
    case LWS_CALLBACK_RECEIVE_PONG:
        server.heard(slot: slot)
        return 0
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return server.writeQueued(wsi: wsi, slot: slot)
    case LWS_CALLBACK_CLOSED:
        server.closed(slot: slot)
        return 0
    default:
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
}

/// The once-a-second timer; `CLibWebSockets_Timer.owner` is the server, valid while the context lives.
func daigangTick(sul: UnsafeMutablePointer<lws_sorted_usec_list_t>?) {
    guard let sul, let owner = CLibWebSockets_timerOwner(sul) else { return }
    Unmanaged<HubServer>.fromOpaque(owner).takeUnretainedValue().tick()
}
