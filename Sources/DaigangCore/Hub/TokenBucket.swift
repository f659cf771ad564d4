/// Per-connection message budget: `rate` per second on average, bursts up to `capacity`.
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
