/// One session on the public front door (`GET /api/sessions`): what a job seeker needs to pick a
/// session to enter, and nothing about who applied.
public struct SessionListing: Encodable, Sendable, Equatable {
    public var id: String
    public var title: String
    /// `live` or `scheduled`: ended and closed sessions are not listed.
    public var status: SessionStatus
    /// Milliseconds since 1970, when the session has a start time.
    public var startsAt: Int64?
    /// Who presents it, when the session names someone.
    public var hostName: String?
    /// Employers with at least one job viewers can see.
    public var employers: Int
    /// Jobs viewers can see.
    public var jobs: Int
    /// The viewer page, absolute (`server.publicURL` rules, as share links).
    public var link: String

    /// Whether the front door lists a session in this state.
    public static func isListed(_ status: SessionStatus) -> Bool {
        status == .live || status == .scheduled
    }

    /// Live sessions first, then upcoming ones by start time (those without one last); the
    /// sort is stable, so equal ones keep the hub's session order.
    public static func frontDoorOrder(_ listings: [SessionListing]) -> [SessionListing] {
        func rank(_ listing: SessionListing) -> (Int, Int64) {
            listing.status == .live ? (0, 0) : (1, listing.startsAt ?? Int64.max)
        }
        return listings.enumerated().sorted { lhs, rhs in
            let (a, b) = (rank(lhs.element), rank(rhs.element))
            return a != b ? a < b : lhs.offset < rhs.offset
        }.map(\.element)
    }
}

/// The body of `GET /api/sessions`.
public struct SessionDirectory: Encodable, Sendable, Equatable {
    public var sessions: [SessionListing]
}
