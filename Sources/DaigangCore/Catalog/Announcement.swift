/// A short text the host posts to everyone in the session.
public struct Announcement: Codable, Sendable, Equatable {
    public var text: String
    /// Milliseconds since the Unix epoch.
    public var at: Int64

    public init(text: String, at: Int64) {
        self.text = text
        self.at = at
    }
}
