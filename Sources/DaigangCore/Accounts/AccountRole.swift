/// What an account may do: everything (organizer), run the sessions it is given (host), or follow
/// up one employer's leads across all sessions (HR).
public enum AccountRole: String, Codable, Sendable, Equatable, CaseIterable {
    case organizer
    case host
    case hr
}
