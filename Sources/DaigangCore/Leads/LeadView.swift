/// A lead as a client sees it: full phone for the HR API, masked for live channels.
public struct LeadView: Encodable, Sendable {
    let lead: Lead
    let showsFullPhone: Bool
    let includesHistory: Bool

    /// For HR's live channel and hosts: the phone masked, no history.
    public static func masked(_ lead: Lead) -> LeadView { LeadView(lead: lead, showsFullPhone: false, includesHistory: false) }
    /// For the HR API list.
    public static func full(_ lead: Lead) -> LeadView { LeadView(lead: lead, showsFullPhone: true, includesHistory: false) }
    /// For the HR API detail.
    public static func detailed(_ lead: Lead) -> LeadView { LeadView(lead: lead, showsFullPhone: true, includesHistory: true) }

    enum CodingKeys: String, CodingKey {
        case id, session, jobId, jobTitle, employerId, name, phone, phoneMasked, note, createdAt, status, updatedAt, followups, withdrawnAt
        case statusLabel, startDate, retentionAskDate, erasedAt
        case retained7d = "retained_7d"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lead.id, forKey: .id)
        try c.encode(lead.session, forKey: .session)
        try c.encode(lead.jobId, forKey: .jobId)
        try c.encode(lead.jobTitle, forKey: .jobTitle)
        try c.encode(lead.employerId, forKey: .employerId)
        // A withdrawn or erased lead has no contact data any more: no name, phone or note at all.
        // Hometown is never shown per person (docs/PRIVACY.md): `hometown` stays in the schema, always absent.
        if lead.hasContactData {
            try c.encode(lead.name, forKey: .name)
            if showsFullPhone { try c.encode(lead.phone, forKey: .phone) }
            try c.encode(lead.phoneMasked, forKey: .phoneMasked)
            try c.encodeIfPresent(lead.note, forKey: .note)
        }
        try c.encodeIfPresent(lead.withdrawnAt, forKey: .withdrawnAt)
        try c.encodeIfPresent(lead.erasedAt, forKey: .erasedAt)
        try c.encode(lead.status.chineseLabel, forKey: .statusLabel)
        try c.encodeIfPresent(lead.startDate, forKey: .startDate)
        try c.encodeIfPresent(lead.retained7d, forKey: .retained7d)
        try c.encodeIfPresent(lead.retentionAskDate, forKey: .retentionAskDate)
        try c.encode(lead.createdAt, forKey: .createdAt)
        try c.encode(lead.status, forKey: .status)
        try c.encode(lead.updatedAt, forKey: .updatedAt)
        if includesHistory { try c.encode(lead.followups ?? [], forKey: .followups) }
    }
}
