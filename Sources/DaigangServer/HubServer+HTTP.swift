internal import CLibWebSockets
import DaigangCore
import Foundation

extension HubServer {
    static let maxRequestBody = 64 * 1024

    /// A new request: GETs are answered at once (or once their audit record is durable), POSTs after their body.
    func beginHTTP(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?, path: String) -> Int32 {
        guard let slot else { return -1 }
        if slot.pointee == 0 { slot.pointee = makeConnectionID().rawValue }
        let id = ConnectionID(slot.pointee)
        let method = lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) > 0 ? "GET"
            : lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) > 0 ? "POST" : "OTHER"
        let exchange = HTTPExchange(
            wsi: wsi, method: method, path: path, arguments: urlArguments(wsi),
            authorization: header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION)
        )
        http[id] = exchange
        if let length = header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH).flatMap(Int.init), length > 0 {
            // Any method with a body: read it (and refuse an oversized one) before answering.
            if length > Self.maxRequestBody { http[id]?.isBodyTooLarge = true }
            http[id]?.isAwaitingBody = true
            return 0  // the body follows in LWS_CALLBACK_HTTP_BODY
        }
        route(id)
        return 0
    }

    func receiveHTTPBody(slot: UnsafeMutablePointer<UInt64>?, bytes: UnsafeRawBufferPointer) -> Int32 {
        guard let slot, var exchange = http[ConnectionID(slot.pointee)] else { return -1 }
        if exchange.body.count + bytes.count > Self.maxRequestBody {
            exchange.isBodyTooLarge = true
            exchange.body = []
        } else if !exchange.isBodyTooLarge {
            exchange.body.append(contentsOf: bytes)
        }
        http[ConnectionID(slot.pointee)] = exchange
        return 0
    }

    func finishHTTPBody(slot: UnsafeMutablePointer<UInt64>?) -> Int32 {
        guard let slot, http[ConnectionID(slot.pointee)] != nil else { return -1 }
        http[ConnectionID(slot.pointee)]?.isAwaitingBody = false
        route(ConnectionID(slot.pointee))
        return 0
    }

    /// Decides the answer, now or (for the leads API) when the hub sends it.
    private func route(_ id: ConnectionID) {
        guard let exchange = http[id] else { return }
        if exchange.isBodyTooLarge {
            respond(id, .error(.tooLarge, "the request body is larger than 64 KiB"))
        } else if exchange.path == "/api/leads" || exchange.path.hasPrefix("/api/leads/") || exchange.path == "/api/leads.csv" {
            let request = APIRequest(
                method: exchange.method, path: exchange.path, arguments: Self.dictionary(exchange.arguments),
                authorization: exchange.authorization, body: exchange.body
            )
            perform(hub.handleLeadsAPI(request, from: id, now: Self.now()))
        } else {
            respond(id, answer(method: exchange.method, path: exchange.path, urlArgs: exchange.arguments, host: header(exchange.wsi, WSI_TOKEN_HOST)))
        }
    }

    /// Sets the answer and asks lws for a chance to write it.
    func respond(_ id: ConnectionID, _ response: APIResponse) {
        guard http[id] != nil else { return }  // the client went away meanwhile
        http[id]?.response = response
        lws_callback_on_writable(http[id]!.wsi)
    }

    /// Routes the requests that do not need the hub's leads: pages, health, session snapshots.
    /// - Parameter host: the Host header, for links to ourselves.
    func answer(method: String, path: String, urlArgs: [String], host: String?) -> APIResponse {
        guard method == "GET" else { return .methodNotAllowed() }
        if StaticSite.aliases[path] != nil, let first = hub.sessionIDs.first, !urlArgs.contains(where: { $0.hasPrefix("session=") }) {
            // The pages read the session from the link; a bare link gets the default session's.
            let kept = urlArgs.filter { $0.hasPrefix("lang=") }.map { "&" + $0 }.joined()
            return APIResponse(status: 302, contentType: "text/plain; charset=utf-8", body: [], headers: [("location", "\(path)?session=\(first)\(kept)")])
        }
        if path == "/healthz" {
            let body = "{\"status\":\"ok\",\"sessions\":\(hub.sessionIDs.count),\"connections\":\(connections.count)}"
            return APIResponse(status: 200, body: Array(body.utf8))
        }
        if path.hasPrefix("/api/sessions/") {
            let id = String(path.dropFirst("/api/sessions/".count))
            guard let body = hub.snapshotJSON(of: id) else { return .error(.notFound, "no such session") }
            return APIResponse(status: 200, body: body)
        }
        if path == "/qr.svg" {
            let arguments = Self.dictionary(urlArgs)
            guard let session = arguments["session"] ?? hub.sessionIDs.first, hub.snapshot(of: session) != nil else {
                return .error(.notFound, "no such session")
            }
            let link = "\(options.usesTLS ? "https" : "http")://\(host ?? "\(options.host):\(options.port)")/?session=\(session)"
            guard let svg = QRCode.svg(for: link) else { return .error(.badRequest, "cannot encode that link") }
            return APIResponse(status: 200, contentType: "image/svg+xml", body: Array(svg.utf8), headers: [("cache-control", "no-cache")])
        }
        if let asset = site.asset(at: path) {
            return APIResponse(status: 200, contentType: asset.contentType, body: asset.body, headers: [("cache-control", "no-cache")])
        }
        return .error(.notFound, "no such page")
    }

    /// Headers first, then the body on the next writable callback.
    func writeHTTP(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?) -> Int32 {
        guard let slot else { return 0 }
        let id = ConnectionID(slot.pointee)
        guard let exchange = http[id], let response = exchange.response else { return 0 }
        if !exchange.areHeadersSent {
            guard writeHeaders(wsi: wsi, response: response) else { return -1 }
            http[id]?.areHeadersSent = true
            if !response.body.isEmpty {
                lws_callback_on_writable(wsi)
                return 0
            }
        } else {
            let body = Frame(bytes: response.body)
            if lws_write(wsi, body.payload, body.count, LWS_WRITE_HTTP_FINAL) != body.count { return -1 }
        }
        http[id] = nil
        return lws_http_transaction_completed(wsi) != 0 ? -1 : 0
    }

    private func writeHeaders(wsi: OpaquePointer, response: APIResponse) -> Bool {
        let headroom = Frame.headroom
        var buffer = [UInt8](repeating: 0, count: headroom + 4096)
        return buffer.withUnsafeMutableBufferPointer { raw -> Bool in
            guard let base = raw.baseAddress else { return false }
            let start = base + headroom
            let end = base + raw.count - 1
            var cursor: UnsafeMutablePointer<UInt8>? = start
            if lws_add_http_common_headers(wsi, UInt32(response.status), response.contentType, lws_filepos_t(response.body.count), &cursor, end) != 0 {
                return false
            }
            var headers = response.headers
            if !headers.contains(where: { $0.name == "cache-control" }) { headers.append(("cache-control", "no-store")) }
            for (name, value) in headers {
                let bytes = Array(value.utf8)
                let added = bytes.withUnsafeBufferPointer { valueBytes in
                    lws_add_http_header_by_name(wsi, name + ":", valueBytes.baseAddress, Int32(valueBytes.count), &cursor, end)
                }
                if added != 0 { return false }
            }
            return lws_finalize_write_http_header(wsi, start, &cursor, end) == 0
        }
    }

    /// The query string's parts, each `name=value` (lws has already URL-decoded them).
    func urlArguments(_ wsi: OpaquePointer) -> [String] {
        var arguments: [String] = []
        var buffer = [CChar](repeating: 0, count: 1024)
        var index: Int32 = 0
        while index < 32 {
            let length = lws_hdr_copy_fragment(wsi, &buffer, Int32(buffer.count), WSI_TOKEN_HTTP_URI_ARGS, index)
            if length < 0 { break }
            arguments.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
            index += 1
        }
        return arguments
    }

    static func dictionary(_ arguments: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts.first else { continue }
            result[String(name)] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }

    func forgetHTTP(slot: UnsafeMutablePointer<UInt64>?) {
        guard let slot, slot.pointee != 0 else { return }
        http[ConnectionID(slot.pointee)] = nil
    }

    /// Refuses new sockets while shutting down or at the connection limit.
    func admitsNewSocket() -> Bool {
        !isDraining && openSockets < options.maxConnections
    }
}
