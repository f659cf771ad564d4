internal import CLibWebSockets
import DaigangCore
import Foundation

extension HubServer {
    /// An answer to an HTTP request, before it is written.
    struct HTTPAnswer {
        var status: UInt32
        var contentType: String
        var body: [UInt8]
        var cacheControl = "no-store"
        var location: String?

        static func json(_ status: UInt32, _ body: [UInt8]) -> HTTPAnswer {
            HTTPAnswer(status: status, contentType: "application/json; charset=utf-8", body: body)
        }

        static func error(_ status: UInt32, _ code: String) -> HTTPAnswer {
            json(status, Array("{\"error\":\"\(code)\"}".utf8))
        }
    }

    /// Routes one request; GET only for now.
    /// - Parameter urlArgs: the query's `name=value` parts, decoded by lws.
    func answer(method: String, path: String, urlArgs: [String]) -> HTTPAnswer {
        guard method == "GET" else { return .error(405, "method_not_allowed") }
        if StaticSite.aliases[path] != nil, let first = hub.sessionIDs.first, !urlArgs.contains(where: { $0.hasPrefix("session=") }) {
            // The pages read the session from the link; a bare link gets the default session's.
            let kept = urlArgs.filter { $0.hasPrefix("lang=") }.map { "&" + $0 }.joined()
            var answer = HTTPAnswer(status: 302, contentType: "text/plain; charset=utf-8", body: [])
            answer.location = "\(path)?session=\(first)\(kept)"
            return answer
        }
        if path == "/healthz" {
            let body = "{\"status\":\"ok\",\"sessions\":\(hub.sessionIDs.count),\"connections\":\(connections.count)}"
            return .json(200, Array(body.utf8))
        }
        if path.hasPrefix("/api/sessions/") {
            let id = String(path.dropFirst("/api/sessions/".count))
            guard let body = hub.snapshotJSON(of: id) else { return .error(404, "not_found") }
            return .json(200, body)
        }
        if let asset = site.asset(at: path) {
            return HTTPAnswer(status: 200, contentType: asset.contentType, body: asset.body, cacheControl: "no-cache")
        }
        return .error(404, "not_found")
    }

    func handleHTTP(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?, path: String) -> Int32 {
        guard let slot else { return -1 }
        if slot.pointee == 0 { slot.pointee = makeConnectionID().rawValue }
        let method = lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) > 0 ? "GET" : "OTHER"
        let answer = answer(method: method, path: path, urlArgs: urlArguments(wsi))
        guard writeHeaders(wsi: wsi, answer: answer) else { return -1 }
        pendingHTTP[ConnectionID(slot.pointee)] = PendingHTTPResponse(body: Frame(bytes: answer.body))
        lws_callback_on_writable(wsi)
        return 0
    }

    private func writeHeaders(wsi: OpaquePointer, answer: HTTPAnswer) -> Bool {
        let headroom = Frame.headroom
        var buffer = [UInt8](repeating: 0, count: headroom + 2048)
        return buffer.withUnsafeMutableBufferPointer { raw -> Bool in
            guard let base = raw.baseAddress else { return false }
            let start = base + headroom
            let end = base + raw.count - 1
            var cursor: UnsafeMutablePointer<UInt8>? = start
            if lws_add_http_common_headers(wsi, answer.status, answer.contentType, lws_filepos_t(answer.body.count), &cursor, end) != 0 {
                return false
            }
            let name = "cache-control:"
            let value = Array(answer.cacheControl.utf8)
            let added = value.withUnsafeBufferPointer { valueBytes in
                lws_add_http_header_by_name(wsi, name, valueBytes.baseAddress, Int32(valueBytes.count), &cursor, end)
            }
            if added != 0 { return false }
            if let location = answer.location {
                let bytes = Array(location.utf8)
                let addedLocation = bytes.withUnsafeBufferPointer { valueBytes in
                    lws_add_http_header_by_name(wsi, "location:", valueBytes.baseAddress, Int32(valueBytes.count), &cursor, end)
                }
                if addedLocation != 0 { return false }
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

    func writePendingHTTP(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?) -> Int32 {
        guard let slot, let pending = pendingHTTP.removeValue(forKey: ConnectionID(slot.pointee)) else { return 0 }
        let body = pending.body
        if body.count > 0, lws_write(wsi, body.payload, body.count, LWS_WRITE_HTTP_FINAL) != body.count {
            return -1
        }
        return lws_http_transaction_completed(wsi) != 0 ? -1 : 0
    }

    func forgetHTTP(slot: UnsafeMutablePointer<UInt64>?) {
        guard let slot, slot.pointee != 0 else { return }
        pendingHTTP[ConnectionID(slot.pointee)] = nil
    }

    /// Refuses new sockets while shutting down or at the connection limit.
    func admitsNewSocket() -> Bool {
        !isDraining && openSockets < options.maxConnections
    }
}
