/// A moment as the hub is told it: the wall clock for what people read, a monotonic clock for
/// every deadline.
///
/// Why two: the wall clock (CLOCK_REALTIME) is stepped by NTP or an operator, backwards too; a
/// deadline measured on it would expire early or never (a resume grace, a call window, a token
/// bucket's refill). The monotonic clock (CLOCK_MONOTONIC) never jumps but its zero is arbitrary,
/// so it means nothing on disk or to a person. Records and messages carry `wall`; deadlines,
/// rates and time-outs use `tick`.
public struct Instant: Sendable, Equatable, ExpressibleByIntegerLiteral {
    /// Milliseconds since the Unix epoch: lead times, announcements, queue and follow-up records.
    public var wall: Int64
    /// Milliseconds on a clock that only moves forward, from an arbitrary zero: deadlines only.
    public var tick: Int64

    public init(wall: Int64, tick: Int64) {
        self.wall = wall
        self.tick = tick
    }

    /// Both clocks reading `milliseconds` (tests, and callers with one clock).
    public init(_ milliseconds: Int64) {
        self.init(wall: milliseconds, tick: milliseconds)
    }

    public init(integerLiteral milliseconds: Int64) {
        self.init(milliseconds)
    }
}
