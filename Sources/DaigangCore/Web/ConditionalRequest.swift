/// What a GET says about the copy the client already has and the encodings it takes
/// (`If-None-Match`, `If-Modified-Since`, `Accept-Encoding`), read once from its headers.
public struct ConditionalRequest: Sendable, Equatable {
    public var ifNoneMatch: String?
    public var ifModifiedSince: String?
    public var acceptsGzip: Bool

    public init(ifNoneMatch: String? = nil, ifModifiedSince: String? = nil, acceptEncoding: String? = nil) {
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        acceptsGzip = Self.acceptsGzip(acceptEncoding)
    }

    /// Whether the client's copy is current (RFC 9110 §13.1): If-None-Match, when sent, decides
    /// by weak comparison (`*` or any listed tag); else If-Modified-Since, compared exactly with
    /// the date we sent (as nginx's `if_modified_since exact`: our dates are our own).
    public func isNotModified(etag: String, lastModified: String?) -> Bool {
        if let ifNoneMatch {
            let opaque = Self.opaqueTag(etag)
            return ifNoneMatch.split(separator: ",").contains { candidate in
                let tag = candidate.trimmingWhitespace
                return tag == "*" || Self.opaqueTag(tag) == opaque
            }
        }
        guard let ifModifiedSince, let lastModified else { return false }
        return ifModifiedSince.trimmingWhitespace == lastModified
    }

    /// The tag without its weakness mark: `W/"x"` and `"x"` compare equal under weak comparison.
    private static func opaqueTag<S: StringProtocol>(_ tag: S) -> Substring {
        let text = Substring(tag)
        return text.hasPrefix("W/") ? text.dropFirst(2) : text
    }

    /// `gzip` (or `*`) listed without `q=0`.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { item in
            let parts = item.split(separator: ";")
            guard let name = parts.first?.trimmingWhitespace.lowercased(), name == "gzip" || name == "*" else { return false }
            let quality = parts.dropFirst().first { $0.trimmingWhitespace.lowercased().hasPrefix("q=") }
            guard let quality, let value = Double(quality.trimmingWhitespace.dropFirst(2)) else { return true }
            return value > 0
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (header syntax), no Foundation needed.
    var trimmingWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let text = Substring(self)
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[first...last]
    }
}
