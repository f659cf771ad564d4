import Foundation

/// The viewer page with a shared session's or job's own title and Open Graph tags in its head.
///
/// WeChat, QQ and messengers read these when a link is pasted, before any script runs, so the
/// server writes them into `index.html`. Every value is HTML-escaped: job titles come from hosts.
public enum ShareMeta {
    /// `template` (index.html) with its `<title>…</title>` replaced by the card's title and tags;
    /// nil if the template has no `<title>` element (the page is then served as it is).
    public static func page(template: [UInt8], card: ShareCard) -> [UInt8]? {
        let text = String(decoding: template, as: UTF8.self)
        guard let start = text.range(of: "<title"), let end = text.range(of: "</title>", range: start.upperBound..<text.endIndex) else {
            return nil
        }
        return Array((text[..<start.lowerBound] + head(for: card) + text[end.upperBound...]).utf8)
    }

    /// The tags, one per line, indented as index.html is.
    static func head(for card: ShareCard) -> String {
        let title = card.title == card.sessionTitle ? "\(card.title) · 直播带岗" : "\(card.title) · \(card.sessionTitle)"
        let tags = [
            "<title>\(escaped(title))</title>",
            #"<meta name="description" content="\#(escaped(card.description))">"#,
            #"<meta property="og:type" content="website">"#,
            #"<meta property="og:site_name" content="直播带岗">"#,
            #"<meta property="og:title" content="\#(escaped(title))">"#,
            #"<meta property="og:description" content="\#(escaped(card.description))">"#,
            #"<meta property="og:url" content="\#(escaped(card.link))">"#,
            #"<meta property="og:image" content="\#(escaped(card.posterURL))">"#,
            #"<meta property="og:image:type" content="image/png">"#,
            #"<meta property="og:image:width" content="\#(PosterLayout.width)">"#,
            #"<meta property="og:image:height" content="\#(PosterLayout.height)">"#,
        ]
        return tags.joined(separator: "\n  ")
    }

    /// Text safe inside an element and inside a double- or single-quoted attribute.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
