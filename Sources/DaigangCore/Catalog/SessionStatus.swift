/// Where a livestream session is in its life (`scheduled → live → ended → closed`); viewers see it as a badge.
///
/// `ended`: the stream is over and the interview line closed, but applications stay open (replays
/// keep bringing applicants). `closed`: read-only; applications are refused.
public enum SessionStatus: String, WireEnum {
    case scheduled, live, ended, closed

    /// Whether a session may move from here to `next`: forward only, except that an ended stream
    /// may go live again (a host who ended by mistake); a closed session stays closed, and closing
    /// it again is refused too (it would be a change to a read-only session).
    public func allows(_ next: SessionStatus) -> Bool {
        switch (self, next) {
        case (.closed, _): false
        case (.ended, .live): true
        default: next.rank >= rank
        }
    }

    private var rank: Int {
        switch self {
        case .scheduled: 0
        case .live: 1
        case .ended: 2
        case .closed: 3
        }
    }
}
