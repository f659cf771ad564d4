/// Growing pauses between attempts at something that keeps failing (a full disk): 1 s, 2 s, 4 s…
/// up to a minute, back to the start after a success.
struct Backoff: Sendable {
    private let first: Double
    private let limit: Double
    private var next: Double

    init(first: Double = 1, limit: Double = 60) {
        self.first = first
        self.limit = limit
        next = first
    }

    /// The pause before the next attempt, in seconds; the one after it is twice as long.
    mutating func failed() -> Double {
        defer { next = min(next * 2, limit) }
        return next
    }

    mutating func succeeded() { next = first }
}
