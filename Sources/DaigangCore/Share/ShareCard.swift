/// What a shared session or job says about itself, wherever it is shown: the poster, the Open
/// Graph tags of the viewer page, the share sheet. Computed from the session and the job only.
///
/// `fingerprint` changes whenever anything drawn or linked changes (an edited job, a renamed
/// employer, another public address), so it serves as the poster's cache key and ETag: a
/// WeChat group's 500 fetches of one poster render it once.
public struct ShareCard: Sendable, Equatable {
    /// The job title, or the session title for a session.
    public var title: String
    /// The employer's name, or the session's host.
    public var subtitle: String?
    /// "5500–7500 元/月", or "共 12 个岗位" for a session.
    public var highlight: String
    /// A few short tags (at most `maxTags`).
    public var tags: [String]
    /// The session's title (a job's poster names its session).
    public var sessionTitle: String
    /// One line for `<meta name="description">` and `og:description`.
    public var description: String
    /// The deep link the QR code and `og:url` carry.
    public var link: String
    /// The poster's absolute URL, for `og:image`.
    public var posterURL: String

    public static let maxTags = 4
    static let maxDescription = 120

    /// The card of a whole session.
    public static func session(_ snapshot: SessionDefinition, links: ShareLinks) -> ShareCard {
        let employers = Set(snapshot.jobs.map(\.employerId)).count
        let highlight = "共 \(snapshot.jobs.count) 个岗位"
        // Categories are codes ("manufacturing"); cities read well on a Chinese poster.
        var tags: [String] = []
        for city in snapshot.jobs.map(\.location.city) where !tags.contains(city) && tags.count < maxTags - 1 {
            tags.append(city)
        }
        if employers > 0 { tags.append("\(employers) 家企业在招") }
        let about = snapshot.description ?? "\(employers) 家企业在线招聘，扫码看岗位、一键报名。"
        return ShareCard(
            title: snapshot.title, subtitle: snapshot.host.map { "主播：\($0)" }, highlight: highlight, tags: tags,
            sessionTitle: snapshot.title, description: clipped([highlight, about].joined(separator: " · ")),
            link: links.session(snapshot.id), posterURL: links.poster(session: snapshot.id)
        )
    }

    /// The card of one job of a session.
    public static func job(_ job: Job, session snapshot: SessionDefinition, links: ShareLinks) -> ShareCard {
        let pay = payText(job.pay)
        let tags = Array((job.tags ?? []).prefix(maxTags))
        let place = [job.location.city, job.location.district].compactMap { $0 }.joined(separator: " ")
        let facts = [job.employerName, pay, place].compactMap { $0 } + tags
        return ShareCard(
            title: job.title, subtitle: job.employerName, highlight: pay, tags: tags, sessionTitle: snapshot.title,
            description: clipped(facts.joined(separator: " · ")),
            link: links.job(job.id, inSession: snapshot.id), posterURL: links.poster(session: snapshot.id, job: job.id)
        )
    }

    /// "5500–7500 元/月" or "300 元/天", as the viewer page writes it in Chinese.
    public static func payText(_ pay: Pay) -> String {
        let unit = switch pay.unit {
        case .month: "元/月"
        case .day: "元/天"
        case .hour: "元/小时"
        case .piece: "元/件"
        }
        return pay.min == pay.max ? "\(pay.min) \(unit)" : "\(pay.min)–\(pay.max) \(unit)"
    }

    static func clipped(_ text: String) -> String {
        text.count <= maxDescription ? text : String(text.prefix(maxDescription - 1)) + "…"
    }

    /// 16 hex digits of a 64-bit FNV-1a hash over every field, each ended by a separator.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let fields = [title, subtitle ?? "\u{1}", highlight, sessionTitle, description, link, posterURL] + tags
        for field in fields {
            for byte in field.utf8 + [0] {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
