/// A client identity that can outlive its connection for the resume grace period.
struct Identity {
    let viewerId: String
    let sessionID: String
    let role: ClientRole
    /// The connection currently holding the identity, if any.
    var connection: ConnectionID?
    /// When the last holding connection closed, in milliseconds.
    var releasedAt: Int64?
}
