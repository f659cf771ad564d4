/// How a viewer's ticket ended, as the viewer is told it: in `queue_ended`, or — when the
/// viewer was away at the time — in the `ticketEnded` field of its next `welcome`, so the page
/// says what really happened instead of guessing "away too long".
public struct QueueEnding: Encodable, Sendable, Equatable {
    /// The call windows a host may set, in seconds (`set_call_window`).
    public static let callWindowRange = 10...600

    public var ticket: Int
    /// `interviewed`, `no_show`, `skipped`, `withdrawn`.
    public var reason: String
    /// For `no_show`: the call window the viewer had, in seconds.
    public var windowSeconds: Int?
    public var at: Int64
}
