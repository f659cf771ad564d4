/// What the admin API sets about a session besides its jobs, policies and status: the event
/// `details_changed` carries all of it, as it is after the change.
public struct SessionDetails: Codable, Sendable, Equatable {
    public var title: String
    public var host: String?
    public var description: String?
    public var startsAt: Int64?
    public var campaign: String?

    init(_ definition: SessionDefinition) {
        title = definition.title
        host = definition.host
        description = definition.description
        startsAt = definition.startsAt
        campaign = definition.campaign
    }

    func apply(to definition: inout SessionDefinition) {
        definition.title = title
        definition.host = host
        definition.description = description
        definition.startsAt = startsAt
        definition.campaign = campaign
    }
}

/// A create or PATCH body for a session (`POST/PATCH /api/admin/sessions…`): every field optional
/// here; `hostName` is the definition's `host`. Unknown fields are refused.
struct SessionChange: Decodable {
    var id: String?
    var title: String?
    var hostName: String?
    var description: String?
    var startsAt: Int64?
    var campaign: String?
    var status: SessionStatus?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, hostName, description, startsAt, campaign, status
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        hostName = try c.decodeIfPresent(String.self, forKey: .hostName)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        startsAt = try c.decodeIfPresent(Int64.self, forKey: .startsAt)
        campaign = try c.decodeIfPresent(String.self, forKey: .campaign)
        status = try c.decodeIfPresent(SessionStatus.self, forKey: .status)
    }

    /// `details` with the change made, validated; `ValidationError.field` names the body field.
    func applied(to details: SessionDetails) throws(ValidationError) -> SessionDetails {
        var details = details
        if let title { details.title = try CatalogValidation.checkText(title, field: "title", maxLength: 100) }
        if let hostName { details.host = hostName.isEmpty ? nil : try CatalogValidation.checkText(hostName, field: "hostName", maxLength: 50) }
        if let description {
            details.description = description.isEmpty ? nil : try CatalogValidation.checkText(description, field: "description", maxLength: 2000, shape: .multiLine)
        }
        if let startsAt {
            // 2000-01-01 … 2100-01-01 in ms: seconds or a date string sent by mistake are caught.
            guard (946_684_800_000...4_102_444_800_000).contains(startsAt) else {
                throw ValidationError(field: "startsAt", reason: "must be a time in milliseconds since 1970 (UTC)")
            }
            details.startsAt = startsAt
        }
        if let campaign { details.campaign = campaign.isEmpty ? nil : try CatalogValidation.checkText(campaign, field: "campaign", maxLength: 100) }
        return details
    }
}
