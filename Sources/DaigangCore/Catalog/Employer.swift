/// An employer whose HR staff follow up leads; jobs name it by id.
public struct Employer: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Secret for the employer's HR staff; compared in constant time.
    public var hrToken: String

    public init(id: String, name: String, hrToken: String) {
        self.id = id
        self.name = name
        self.hrToken = hrToken
    }
}
