internal import CLibWebSockets
import DaigangCore
import Logging

/// Sharing (PROTOCOL.md "Sharing"): the viewer page with a session's or job's own link preview,
/// and posters rendered off the service thread, once per `ShareCard.fingerprint`.
extension HubServer {
    /// Posters change only with what they show (their ETag says so), and WeChat fetches a shared
    /// poster once per member of a group: let browsers and proxies keep it for a while.
    static let posterCacheControl = "public, max-age=300"
    /// The viewer page is revalidated every time (a job's title may have changed).
    static let pageCacheControl = "no-cache"
    /// Rendered viewer pages kept at most (~10 KB each); the cache starts over when full.
    static let maxSharePages = 512

    /// Links for answers to the request on `wsi`: `server.publicURL` when set, else its Host.
    func shareLinks(_ wsi: OpaquePointer) -> ShareLinks {
        ShareLinks(publicURL: options.publicURL, host: header(wsi, WSI_TOKEN_HOST), isTLS: options.usesTLS, fallbackHost: "\(options.host):\(listeningPort)")
    }

    /// Answers a poster request now (cached), or once the poster thread has drawn it.
    func answerPoster(_ id: ConnectionID, session: String, job: String?, links: ShareLinks, ifNoneMatch: String?, address: String) {
        guard let card = hub.shareCard(session: session, job: job, links: links) else {
            respond(id, .error(.notFound, hub.sessionIDs.contains(session) ? "no such job in this session" : "no such session"))
            return
        }
        let fingerprint = card.fingerprint
        switch posters.lookup(fingerprint, for: id, from: address) {
        case .ready(let png):
            respond(id, Self.posterResponse(png, fingerprint: fingerprint, ifNoneMatch: ifNoneMatch))
        case .render:
            http[id]?.posterIfNoneMatch = ifNoneMatch
            posterWorker.submit(card)
        case .waiting:
            http[id]?.posterIfNoneMatch = ifNoneMatch
        case .busy:
            var refusal = APIResponse.error(.unavailable, "posters are being drawn; try again in a moment")
            refusal.headers.append(("retry-after", "2"))
            respond(id, refusal)
        }
    }

    /// Hands finished posters to the requests waiting for them.
    func takePosters() {
        for result in posterWorker.takeResults() {
            if result.png == nil { logger.error("poster not rendered", metadata: ["poster.fingerprint": "\(result.fingerprint)"]) }
            for id in posters.finish(result.fingerprint, png: result.png) {
                guard let exchange = http[id] else { continue }  // the client went away meanwhile
                if let png = result.png {
                    respond(id, Self.posterResponse(png, fingerprint: result.fingerprint, ifNoneMatch: exchange.posterIfNoneMatch))
                } else {
                    respond(id, .error(.unavailable, "the poster could not be drawn"))
                }
            }
        }
    }

    static func posterResponse(_ png: [UInt8], fingerprint: String, ifNoneMatch: String?) -> APIResponse {
        .validated(contentType: "image/png", body: png, etag: "\"p-\(fingerprint)\"", cacheControl: posterCacheControl, ifNoneMatch: ifNoneMatch)
    }

    /// The viewer page with the link preview of `?session=` (and `&job=`); nil for another path,
    /// or an unknown session (the plain page then says so). An unknown job gets the session's
    /// preview; the page itself tells the viewer the job is gone.
    func sharePage(path: String, arguments: [String: String], links: ShareLinks, conditional: ConditionalRequest) -> APIResponse? {
        guard StaticSite.aliases[path] ?? path == "/index.html", let session = arguments["session"],
              let template = site.asset(at: "/index.html"),
              let card = hub.shareCard(session: session, job: arguments["job"], links: links)
                ?? hub.shareCard(session: session, job: nil, links: links) else { return nil }
        if let cached = sharePages[card.fingerprint] { return cached.response(to: conditional) }
        guard let rendered = ShareMeta.page(template: template.body, card: card) else { return nil }
        // Rendered and gzip'd once per card: the page every shared WeChat link lands on.
        let page = CachedRepresentation(
            body: rendered, gzipped: Gzip.compress(rendered, effort: .balanced), etag: "\"m-\(card.fingerprint)\"",
            lastModified: nil, contentType: template.contentType, cacheControl: Self.pageCacheControl
        )
        if sharePages.count >= Self.maxSharePages { sharePages.removeAll(keepingCapacity: true) }
        sharePages[card.fingerprint] = page
        return page.response(to: conditional)
    }
}
