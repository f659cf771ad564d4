/// A GET answer that is validated and may be sent gzip'd: a page, or a session's job catalog.
///
/// Made once per version of its bytes (the gzip'd copy too) and shared by every client; each
/// request only picks 304, the gzip'd or the plain bytes.
public struct CachedRepresentation: Sendable {
    public let body: [UInt8]
    /// nil when not smaller than `body` (or not compressible).
    public let gzipped: [UInt8]?
    public let etag: String
    /// An HTTP-date, or nil when the resource has no modification time.
    public let lastModified: String?
    public let contentType: String
    public let cacheControl: String

    public init(body: [UInt8], gzipped: [UInt8]?, etag: String, lastModified: String?, contentType: String, cacheControl: String) {
        self.body = body
        self.gzipped = gzipped.flatMap { $0.count < body.count ? $0 : nil }
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.cacheControl = cacheControl
    }

    /// 304 when the client's copy is current, else 200 with the gzip'd bytes when accepted.
    /// Every answer names its validators and `Vary: Accept-Encoding` (caches keep both encodings apart).
    public func response(to request: ConditionalRequest) -> APIResponse {
        var headers: [(name: String, value: String)] = [("etag", etag), ("cache-control", cacheControl), ("vary", "Accept-Encoding")]
        if let lastModified { headers.append(("last-modified", lastModified)) }
        if request.isNotModified(etag: etag, lastModified: lastModified) {
            return APIResponse(status: 304, contentType: contentType, body: [], headers: headers)
        }
        if request.acceptsGzip, let gzipped {
            headers.append(("content-encoding", "gzip"))
            return APIResponse(status: 200, contentType: contentType, body: gzipped, headers: headers)
        }
        return APIResponse(status: 200, contentType: contentType, body: body, headers: headers)
    }

    /// A weak ETag from the bytes' FNV-1a 64 hash: `W/"<prefix>-<16 hex digits>"`.
    public static func etag(prefix: String, of bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "W/\"\(prefix)-\(String(repeating: "0", count: 16 - hex.count))\(hex)\""
    }
}
