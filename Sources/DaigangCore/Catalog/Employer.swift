/// An employer whose HR staff follow up leads; jobs name it by id.
public struct Employer: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Secret for the employer's HR staff; compared in constant time.
    public var hrToken: String
    /// The employer's industry (行业), optional: the shortage board rolls employers up by it.
    public var industry: String?
    /// The district (区县) the employer is in, optional: the board rolls employers up by it too.
    public var district: String?

    public init(id: String, name: String, hrToken: String, industry: String? = nil, district: String? = nil) {
        self.id = id
        self.name = name
        self.hrToken = hrToken
        self.industry = industry
        self.district = district
    }
}
