import DaigangCore
import Foundation

/// The pages in web-static/, read once at start-up and served from memory, gzip'd once and
/// validated (ETag, Last-Modified) so a weak phone downloads each page once.
struct StaticSite {
    private var assets: [String: CachedRepresentation] = [:]

    /// Pages are checked on every use (a deploy changes them), answered 304 while unchanged.
    static let cacheControl = "no-cache"

    /// Friendly paths for the pages.
    static let aliases = [
        "/": "/index.html", "/host": "/host.html", "/hr": "/hr.html", "/admin": "/admin.html", "/board": "/board.html", "/report": "/report.html",
    ]

    /// The bureau's pages of the whole campaign (a `session=` there narrows them): a bare link stays bare.
    static let campaignPages: Set<String> = ["/board", "/report"]

    /// The national division list (`DivisionList`): the apply page's hometown picker and the hub's check of `hometownCode`.
    static let divisionsPath = "/data/divisions.json"

    /// The page `/` serves without `session=`: the list of live and upcoming sessions.
    static let frontDoor = "/home.html"

    init(root: String) throws(ServerError) {
        let rootURL = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rootURL.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ServerError("server.webRoot: directory \(root) not found")
        }
        guard let enumerator = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw ServerError("server.webRoot: cannot read \(root)")
        }
        let prefix = rootURL.path.hasSuffix("/") ? rootURL.path : rootURL.path + "/"
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix), let data = FileManager.default.contents(atPath: path) else { continue }
            let relative = "/" + path.dropFirst(prefix.count)
            let body = Array(data)
            let contentType = Self.contentType(forPath: relative)
            let modified = (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate).map(Self.httpDate)
            assets[relative] = CachedRepresentation(
                body: body, gzipped: Self.isCompressible(contentType) ? Gzip.compress(body, effort: .best) : nil,
                etag: CachedRepresentation.etag(prefix: "s", of: body), lastModified: modified,
                contentType: contentType, cacheControl: Self.cacheControl
            )
        }
    }

    func asset(at path: String) -> CachedRepresentation? {
        assets[Self.aliases[path] ?? path]
    }

    /// Text formats shrink several-fold; images and fonts are compressed already.
    static func isCompressible(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/json") || contentType.hasPrefix("image/svg")
            || contentType.hasPrefix("application/manifest")
    }

    /// An IMF-fixdate (RFC 9110 §5.6.7), e.g. `Wed, 02 Dec 2026 06:45:00 GMT`.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    static func contentType(forPath path: String) -> String {
        let ext = path.split(separator: ".").last.map(String.init) ?? ""
        switch ext.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "webmanifest": return "application/manifest+json"
        case "woff2": return "font/woff2"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
