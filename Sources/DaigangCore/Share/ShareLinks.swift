/// The absolute links a shared session or job needs: the viewer page, its deep link, its poster.
///
/// Links leave the server in QR codes, posters and Open Graph tags and are opened later on other
/// phones, so they must name the public address. That is `server.publicURL` when configured;
/// otherwise the request's Host header (checked to be a plain host[:port], so a forged header
/// cannot put markup or another path into a link), else the listener's own address.
public struct ShareLinks: Sendable, Equatable {
    /// `scheme://host[:port]`, without a trailing slash.
    public let base: String

    public init(base: String) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    /// - Parameters:
    ///   - publicURL: `server.publicURL`; when set it always wins.
    ///   - host: the request's Host header.
    ///   - isTLS: whether the listener is https.
    ///   - fallbackHost: the listener's `host:port`, for a request without a usable Host.
    public init(publicURL: String?, host: String?, isTLS: Bool, fallbackHost: String) {
        if let publicURL {
            self.init(base: publicURL)
            return
        }
        let name = host.flatMap { Self.isPlainHost($0) ? $0 : nil } ?? fallbackHost
        self.init(base: (isTLS ? "https://" : "http://") + name)
    }

    /// The viewer page of a session.
    public func session(_ sessionID: String) -> String {
        "\(base)/?session=\(Self.component(sessionID))"
    }

    /// The viewer page opened on one job (PROTOCOL.md "Sharing").
    public func job(_ jobID: String, inSession sessionID: String) -> String {
        "\(session(sessionID))&job=\(Self.component(jobID))"
    }

    /// The poster of a session, or of one of its jobs.
    public func poster(session sessionID: String, job jobID: String? = nil) -> String {
        base + Self.posterPath(session: sessionID, job: jobID)
    }

    static func posterPath(session sessionID: String, job jobID: String?) -> String {
        let sessionPath = "/api/sessions/\(component(sessionID))"
        guard let jobID else { return sessionPath + "/poster.png" }
        return sessionPath + "/jobs/\(component(jobID))/poster.png"
    }

    /// `server.publicURL` without its trailing slash, or nil unless it is `http(s)://host[:port]`.
    public static func publicBase(_ url: String) -> String? {
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        for scheme in ["https://", "http://"] where base.lowercased().hasPrefix(scheme) {
            let host = base.dropFirst(scheme.count)
            return isPlainHost(String(host)) ? base : nil
        }
        return nil
    }

    /// Whether `host` is `name[:port]` or `[v6]:port` and nothing else.
    static func isPlainHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 255 else { return false }
        return host.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || ".-:[]".unicodeScalars.contains(scalar)
        }
    }

    /// Percent-encodes everything but the unreserved characters (ids are already of those); also
    /// for a query value the server puts back into a link (a redirect's `lang=`).
    public static func component(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "-_.~".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
