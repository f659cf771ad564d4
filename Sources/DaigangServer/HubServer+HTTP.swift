internal import CLibWebSockets
import DaigangCore
import DaigangSheets
import Foundation

extension HubServer {
    static let maxRequestBody = 64 * 1024
    /// A job sheet upload (`POST /api/admin/sessions/{id}/jobs/import`) may be this large: `SheetLimits.maxUploadBytes`.
    static let maxImportBody = SheetLimits().maxUploadBytes

    /// "64 KiB", "10 MiB": a body cap as the refusal names it.
    static func describe(bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }

    /// A new request: GETs are answered at once (or once their audit record is durable), POSTs after their body.
    func beginHTTP(wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>?, path: String) -> Int32 {
        guard let slot else { return -1 }
        if slot.pointee == 0 { slot.pointee = makeConnectionID().rawValue }
        let id = ConnectionID(slot.pointee)
        let isHead = lws_hdr_total_length(wsi, WSI_TOKEN_HEAD_URI) > 0
        // HEAD is answered as GET without the body.
        let method = lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) > 0 || isHead ? "GET"
            : lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) > 0 ? "POST"
            : lws_hdr_total_length(wsi, WSI_TOKEN_PUT_URI) > 0 ? "PUT"
            : lws_hdr_total_length(wsi, WSI_TOKEN_PATCH_URI) > 0 ? "PATCH"
            : lws_hdr_total_length(wsi, WSI_TOKEN_DELETE_URI) > 0 ? "DELETE" : "OTHER"
        var exchange = HTTPExchange(
            wsi: wsi, method: method, path: path, arguments: urlArguments(wsi),
            authorization: header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION), address: clientAddress(wsi), startedAt: Self.monotonicMillis()
        )
        exchange.isHead = isHead
        if HTTPRoute.takesLargeBody(method: method, path: path) { exchange.bodyLimit = Self.maxImportBody }
        exchange.conditional = ConditionalRequest(
            ifNoneMatch: header(wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH), ifModifiedSince: header(wsi, WSI_TOKEN_HTTP_IF_MODIFIED_SINCE),
            acceptEncoding: header(wsi, WSI_TOKEN_HTTP_ACCEPT_ENCODING)
        )
        http[id] = exchange
        if lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) > 0 {
            // Request smuggling starts where Transfer-Encoding and Content-Length disagree; our
            // bodies are small JSON, so only Content-Length is read.
            refuseHalfRead(id, .error(.badRequest, "Transfer-Encoding is not supported; send the body with Content-Length"))
            return 0
        }
        if let length = header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH).flatMap(Int.init), length > 0 {
            // Any method with a body: refuse an oversized one at once, else read it before answering.
            guard length <= exchange.bodyLimit else {
                refuseHalfRead(id, .error(.tooLarge, "the request body is larger than \(Self.describe(bytes: exchange.bodyLimit))"))
                return 0
            }
            guard bodies.take(exchange.address, limit: options.bodiesPerAddress) else {
                var refusal = APIResponse.error(.rateLimited, "too many unfinished requests from your address; finish one first")
                refusal.headers.append(("retry-after", "\(options.requestTimeoutSeconds)"))
                refuseHalfRead(id, refusal)
                return 0
            }
            http[id]?.holdsBodySlot = true
            http[id]?.isAwaitingBody = true
            return 0  // the body follows in LWS_CALLBACK_HTTP_BODY
        }
        route(id)
        return 0
    }

    /// Answers a request whose body will not be read, then closes the connection.
    private func refuseHalfRead(_ id: ConnectionID, _ response: APIResponse) {
        http[id]?.closesAfterResponse = true
        respond(id, response)
    }

    /// Gives back the address's unfinished-body place, once.
    private func releaseBodySlot(_ id: ConnectionID) {
        guard let exchange = http[id], exchange.holdsBodySlot else { return }
        http[id]?.holdsBodySlot = false
        bodies.release(exchange.address)
    }

    func receiveHTTPBody(slot: UnsafeMutablePointer<UInt64>?, bytes: UnsafeRawBufferPointer) -> Int32 {
        guard let slot, var exchange = http[ConnectionID(slot.pointee)] else { return -1 }
        guard !exchange.closesAfterResponse else { return 0 }  // refused: the rest is not read
        if exchange.body.count + bytes.count > exchange.bodyLimit {
            exchange.isBodyTooLarge = true
            exchange.body = []
        } else if !exchange.isBodyTooLarge {
            exchange.body.append(contentsOf: bytes)
        }
        http[ConnectionID(slot.pointee)] = exchange
        return 0
    }

    func finishHTTPBody(slot: UnsafeMutablePointer<UInt64>?) -> Int32 {
        guard let slot, let exchange = http[ConnectionID(slot.pointee)] else { return -1 }
        guard !exchange.closesAfterResponse else { return 0 }
        releaseBodySlot(ConnectionID(slot.pointee))
        http[ConnectionID(slot.pointee)]?.isAwaitingBody = false
        route(ConnectionID(slot.pointee))
        return 0
    }

    /// Decides the answer, now or (for the leads API) when the hub sends it.
    private func route(_ id: ConnectionID) {
        guard let exchange = http[id] else { return }
        guard !exchange.isBodyTooLarge else {
            respond(id, .error(.tooLarge, "the request body is larger than \(Self.describe(bytes: exchange.bodyLimit))"))
            return
        }
        switch HTTPRoute(method: exchange.method, path: exchange.path, arguments: Self.dictionary(exchange.arguments), body: exchange.body) {
        case .hr(let request):
            perform(hub.handleHR(request, authorization: exchange.authorization, address: exchange.address, from: id, now: Self.now()))
        case .report(let request):
            perform(hub.handleReport(request, authorization: exchange.authorization, address: exchange.address, from: id, now: Self.now()))
        case .accounts(let request):
            perform(hub.handleAccounts(request, authorization: exchange.authorization, address: exchange.address, from: id, now: Self.now()))
        case .admin(let request):
            answerAdmin(id, request, exchange: exchange)
        case .adminImport(let session, let isDryRun):
            importJobs(id, session: session, isDryRun: isDryRun, exchange: exchange)
        case .poster(let session, let job):
            answerPoster(id, session: session, job: job, links: shareLinks(exchange.wsi), ifNoneMatch: header(exchange.wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH), address: exchange.address)
        case .site where exchange.path == "/metrics":
            respond(id, metricsAnswer(for: exchange))
        case .site:
            respond(id, answer(path: exchange.path, urlArgs: exchange.arguments, links: shareLinks(exchange.wsi), conditional: exchange.conditional))
        case .sessionDirectory:
            respond(id, sessionDirectoryResponse(links: shareLinks(exchange.wsi), conditional: exchange.conditional))
        case .catalog(let sessionID):
            respond(id, catalogResponse(sessionID: sessionID, conditional: exchange.conditional))
        case .job(let sessionID, let jobID):
            guard hub.sessionIDs.contains(sessionID) else { return respond(id, .error(.notFound, "no such session")) }
            guard let body = hub.jobJSON(jobID, in: sessionID) else { return respond(id, .error(.notFound, "no such job in this session")) }
            respond(id, APIResponse(status: 200, body: body, headers: [("cache-control", JobCatalog.cacheControl)]))
        case .methodNotAllowed(let allow):
            respond(id, .methodNotAllowed(allow: allow))
        }
    }

    /// Sets the answer and asks lws for a chance to write it.
    func respond(_ id: ConnectionID, _ response: APIResponse) {
        guard let exchange = http[id] else { return }  // the client went away meanwhile
        noteAnswered(exchange, status: response.status)
        http[id]?.response = response
        http[id]?.respondedAt = Self.monotonicMillis()
        lws_callback_on_writable(http[id]!.wsi)
    }

    /// Answers a GET that does not need the hub's leads (`HTTPRoute.site`): pages, health, session snapshots.
    /// - Parameter links: where links to ourselves point.
    func answer(path: String, urlArgs: [String], links: ShareLinks, conditional: ConditionalRequest) -> APIResponse {
        if path == "/", !urlArgs.contains(where: { $0.hasPrefix("session=") }), let frontDoor = site.asset(at: StaticSite.frontDoor) {
            // The front door lists the sessions; a link with `session=` is the viewer page as ever.
            return frontDoor.response(to: conditional)
        }
        if StaticSite.aliases[path] != nil, !StaticSite.campaignPages.contains(path), let first = hub.sessionIDs.first, !urlArgs.contains(where: { $0.hasPrefix("session=") }) {
            // The pages read the session from the link; a bare link gets the default session's. lws
            // has URL-decoded the arguments: encode `lang` again, or `lang=a%26session%3Dx` would
            // put another argument (and raw UTF-8) into the Location header.
            let kept = urlArgs.filter { $0.hasPrefix("lang=") }.map { "&lang=" + ShareLinks.component(String($0.dropFirst("lang=".count))) }.joined()
            let location = "\(path)?session=\(ShareLinks.component(first))\(kept)"
            return APIResponse(status: 302, contentType: "text/plain; charset=utf-8", body: [], headers: [("location", location)])
        }
        if let response = healthAnswer(path: path) { return response }
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
            guard let svg = QRCode.svg(for: links.session(session)) else { return .error(.badRequest, "cannot encode that link") }
            return APIResponse(status: 200, contentType: "image/svg+xml", body: Array(svg.utf8), headers: [("cache-control", "no-cache")])
        }
        if let page = sharePage(path: path, arguments: Self.dictionary(urlArgs), links: links, conditional: conditional) {
            return page
        }
        if let asset = site.asset(at: path) {
            return asset.response(to: conditional)
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
            if !response.body.isEmpty && !exchange.isHead {
                lws_callback_on_writable(wsi)
                return 0
            }
        } else {
            let body = Frame(bytes: response.body)
            if lws_write(wsi, body.payload, body.count, LWS_WRITE_HTTP_FINAL) != body.count { return -1 }
        }
        releaseBodySlot(id)
        http[id] = nil
        // No read pause while lws holds part of an answer (unlike `wrote(_:)` for WebSockets): lws'
        // h1 role flushes before it reads again, so a FIN cannot start the close loop; a refused
        // request's connection is flushed (for at most 5 s) and closed.
        if exchange.closesAfterResponse { return -1 }
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
        releaseBodySlot(ConnectionID(slot.pointee))
        http[ConnectionID(slot.pointee)] = nil
    }
}
