/// A message (or attempt) budget: `rate` per second on average, bursts up to `capacity`.
public struct TokenBucket: Sendable {
    public let rate: Double
    public let capacity: Double
    private var tokens: Double
    private var updatedAt: Int64

    public init(ratePerSecond: Int, burst: Int, now: Int64) {
        rate = Double(ratePerSecond)
        capacity = Double(burst)
        tokens = Double(burst)
        updatedAt = now
    }

    /// A budget of `perMinute` with no burst beyond it.
    public init(perMinute: Int, now: Int64) {
        rate = Double(perMinute) / 60
        capacity = Double(perMinute)
        tokens = capacity
        updatedAt = now
    }

    /// A budget of `perMinute` on average, with bursts of at most `burst`.
    public init(perMinute: Int, burst: Int, now: Int64) {
        rate = Double(perMinute) / 60
        capacity = Double(max(1, min(burst, perMinute)))
        tokens = capacity
        updatedAt = now
    }

    /// One token every `seconds`, no burst: e.g. one question per viewer per 20 s.
    public init(oneEvery seconds: Int, now: Int64) {
        rate = 1 / Double(max(1, seconds))
        capacity = 1
        tokens = 1
        updatedAt = now
    }

    /// Whether a token could be taken now, without taking it.
    public func hasToken(now: Int64) -> Bool {
        tokens(at: now) >= 1
    }

    /// Whole seconds until a token is available again (0 if one is available now).
    ///
    /// Rounded up, so a client that waits this long is not refused again.
    public func secondsUntilToken(now: Int64) -> Int {
        let missing = 1 - tokens(at: now)
        guard missing > 0, rate > 0 else { return 0 }
        return Int((missing / rate - 1e-9).rounded(.up))  // no extra second from float noise
    }

    private func tokens(at now: Int64) -> Double {
        min(capacity, tokens + Double(max(0, now - updatedAt)) / 1000 * rate)
    }

    /// Whether the bucket has refilled completely, i.e. forgetting it loses nothing.
    public func isFull(now: Int64) -> Bool {
        tokens + Double(max(0, now - updatedAt)) / 1000 * rate >= capacity
    }

    /// Takes one token if there is one; `now` in milliseconds.
    public mutating func take(now: Int64) -> Bool {
        let elapsed = Double(max(0, now - updatedAt)) / 1000
        tokens = min(capacity, tokens + elapsed * rate)
        updatedAt = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
