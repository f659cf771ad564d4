/// How many of something (sockets, unwelcomed WebSockets, unfinished bodies) each client address
/// holds right now, for per-address caps. Entries at zero are dropped, so the table stays as small
/// as the set of addresses currently connected.
public struct AddressTally: Sendable {
    private var counts: [String: Int] = [:]

    public init() {}

    /// What `address` holds now.
    public func count(for address: String) -> Int { counts[address] ?? 0 }

    /// Addresses holding anything.
    public var addressCount: Int { counts.count }

    /// Takes one if `address` holds fewer than `limit`; returns whether it did.
    public mutating func take(_ address: String, limit: Int) -> Bool {
        let current = counts[address] ?? 0
        guard current < limit else { return false }
        counts[address] = current + 1
        return true
    }

    /// Gives one back.
    /// - Precondition: `address` holds at least one.
    public mutating func release(_ address: String) {
        guard let current = counts[address] else {
            preconditionFailure("AddressTally: released \(address) which holds nothing")
        }
        counts[address] = current > 1 ? current - 1 : nil
    }
}
