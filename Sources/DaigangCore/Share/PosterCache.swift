/// Rendered posters by `ShareCard.fingerprint`, bounded, plus the requests waiting for a render.
///
/// A poster is rendered once per fingerprint however many ask at once: the first request starts
/// the render, later ones wait for it. The cache keeps the most recently used posters up to a
/// byte budget; renders waiting at once are bounded too, so a flood of distinct posters is
/// refused (and retried) instead of queueing without end — in all, and per client address, so one
/// address cannot hold the whole render queue. Joining a render in progress is never refused: a
/// WeChat group behind one carrier-grade NAT asking for the same poster costs one render.
public struct PosterCache<Waiter: Hashable> {
    /// What to do with a request for a poster.
    public enum Lookup: Equatable {
        /// Answer with these bytes now.
        case ready([UInt8])
        /// Render it: the request waits, and nobody else is rendering this poster.
        case render
        /// Another request is rendering it: the request waits.
        case waiting
        /// Too many renders are waiting already: answer 503 and let the client retry.
        case busy
    }

    private var posters: [String: (png: [UInt8], lastUse: UInt64)] = [:]
    private var waiters: [String: [Waiter]] = [:]
    /// The address that started each render in progress, and how many each address started.
    private var starters: [String: String] = [:]
    private var startedBy: [String: Int] = [:]
    private var clock: UInt64 = 0
    public private(set) var bytes = 0
    public let maxBytes: Int
    public let maxRendering: Int
    public let maxRenderingPerAddress: Int

    public init(maxBytes: Int = 32 << 20, maxRendering: Int = 64, maxRenderingPerAddress: Int = 16) {
        self.maxBytes = maxBytes
        self.maxRendering = maxRendering
        self.maxRenderingPerAddress = maxRenderingPerAddress
    }

    public var count: Int { posters.count }
    public var renderingCount: Int { waiters.count }

    /// Looks `fingerprint` up for `waiter` (a request from `address`), which waits unless the
    /// answer is `.ready` or `.busy`.
    public mutating func lookup(_ fingerprint: String, for waiter: Waiter, from address: String) -> Lookup {
        clock += 1
        if let poster = posters[fingerprint] {
            posters[fingerprint]?.lastUse = clock
            return .ready(poster.png)
        }
        if waiters[fingerprint] != nil {
            waiters[fingerprint]?.append(waiter)
            return .waiting
        }
        guard waiters.count < maxRendering, startedBy[address, default: 0] < maxRenderingPerAddress else { return .busy }
        waiters[fingerprint] = [waiter]
        starters[fingerprint] = address
        startedBy[address, default: 0] += 1
        return .render
    }

    /// A render finished (`png` nil: it failed); returns who waited for it. Keeps the poster,
    /// evicting the least recently used ones beyond the byte budget.
    public mutating func finish(_ fingerprint: String, png: [UInt8]?) -> [Waiter] {
        let waiting = waiters.removeValue(forKey: fingerprint) ?? []
        if let address = starters.removeValue(forKey: fingerprint) {
            startedBy[address, default: 1] -= 1
            if startedBy[address] == 0 { startedBy[address] = nil }
        }
        guard let png, png.count <= maxBytes else { return waiting }
        clock += 1
        if let old = posters.updateValue((png, clock), forKey: fingerprint) { bytes -= old.png.count }
        bytes += png.count
        while bytes > maxBytes, let oldest = posters.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            bytes -= oldest.value.png.count
            posters[oldest.key] = nil
        }
        return waiting
    }
}
