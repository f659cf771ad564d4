extension APIResponse {
    /// A 200 with an ETag, or a 304 without a body when `ifNoneMatch` names that ETag already
    /// (RFC 9110 §13.1.2: a list of tags, `*`, weak ones compared weakly).
    /// - Parameters:
    ///   - etag: a strong tag with its quotes, e.g. `"p-0123abcd"`.
    ///   - cacheControl: sent with the 200 and the 304 alike.
    public static func validated(contentType: String, body: [UInt8], etag: String, cacheControl: String, ifNoneMatch: String?) -> APIResponse {
        let headers = [(name: "etag", value: etag), (name: "cache-control", value: cacheControl)]
        if let ifNoneMatch, matches(ifNoneMatch, etag: etag) {
            return APIResponse(status: 304, contentType: contentType, body: [], headers: headers)
        }
        return APIResponse(status: 200, contentType: contentType, body: body, headers: headers)
    }

    static func matches(_ ifNoneMatch: String, etag: String) -> Bool {
        ifNoneMatch.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: " \t")
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
