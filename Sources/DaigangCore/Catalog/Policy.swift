/// An employment-policy explainer the host walks viewers through (subsidies, rebates, training).
public struct Policy: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var summary: String
    public var keyPoints: [String]
    public var eligibility: String?
    public var howToClaim: String?
    public var issuer: String?
    public var link: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, summary, keyPoints, eligibility, howToClaim, issuer, link
    }

    public init(id: String, title: String, summary: String, keyPoints: [String] = []) {
        self.id = id
        self.title = title
        self.summary = summary
        self.keyPoints = keyPoints
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        summary = try c.decode(String.self, forKey: .summary)
        keyPoints = try c.decodeIfPresent([String].self, forKey: .keyPoints) ?? []
        eligibility = try c.decodeIfPresent(String.self, forKey: .eligibility)
        howToClaim = try c.decodeIfPresent(String.self, forKey: .howToClaim)
        issuer = try c.decodeIfPresent(String.self, forKey: .issuer)
        link = try c.decodeIfPresent(String.self, forKey: .link)
    }
}
