import Foundation

/// The pages in web-static/, read once at start-up and served from memory.
struct StaticSite {
    struct Asset {
        let body: [UInt8]
        let contentType: String
    }

    private var assets: [String: Asset] = [:]

    /// Friendly paths for the three pages.
    static let aliases = ["/": "/index.html", "/host": "/host.html", "/hr": "/hr.html"]

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
            assets[relative] = Asset(body: Array(data), contentType: Self.contentType(forPath: relative))
        }
    }

    func asset(at path: String) -> Asset? {
        assets[Self.aliases[path] ?? path]
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
