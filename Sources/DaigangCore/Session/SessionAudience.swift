/// How many watched a session: the most viewers connected at once and the distinct viewers that
/// joined it, as last journaled (session event `audience`, docs/REPORTS.md "Viewers").
public struct SessionAudience: Codable, Sendable, Equatable {
    /// The most viewer connections the session had at one time (the `online` counter's highest value).
    public var peak: Int
    /// Distinct viewer ids welcomed into the session.
    public var unique: Int

    public init(peak: Int = 0, unique: Int = 0) {
        self.peak = peak
        self.unique = unique
    }

    /// Both figures only grow: a record never lowers what an earlier one said, so replay in any
    /// order of audience records ends at the highest figures.
    func merged(with other: SessionAudience) -> SessionAudience {
        SessionAudience(peak: max(peak, other.peak), unique: max(unique, other.unique))
    }
}
