/// One session's peak concurrent and unique viewers, counted live as viewers are welcomed and
/// journaled now and then (`SessionEvent.audience`), so the figures survive a restart.
///
/// A join costs one set insertion and one comparison; nothing is written per join. `recordDue`
/// decides when the figures go to the disk: at most every `recordEveryMillis` while they changed,
/// at once when the session has ended or the server stops. After a restart the count continues
/// from the journaled figures; viewer ids are not journaled, so a viewer counted before the
/// restart who comes back with the same id (only possible through a place in the line, whose
/// identity is recovered) is recognised through `carried`, and any other returning device has a
/// new id anyway (docs/REPORTS.md "Viewers").
struct AudienceCount {
    /// At most one `audience` record per session this often while the figures change.
    static let recordEveryMillis: Int64 = 30_000
    /// New viewer ids one client address may add to the unique count (the default per-address
    /// socket cap, `server.connectionsPerAddress`: a carrier-grade NAT's phones all count, one
    /// script making fresh ids does not grow the figure, or this set, past it).
    static let newViewersPerAddress = 2_000
    /// New viewer ids counted per session in one process at most: bounds the set's memory.
    static let maxNewViewers = 500_000

    private(set) var peak: Int
    /// Unique viewers journaled before this process started.
    private let uniqueBefore: Int
    /// Viewer ids welcomed since this process started, not already in `uniqueBefore`.
    private var seen: Set<String> = []
    /// New ids counted per client address (`newViewersPerAddress`).
    private var newByAddress: [String: Int] = [:]
    /// Ids already counted in `uniqueBefore`: the viewers holding a place in the recovered line.
    private let carried: Set<String>
    /// When the figures were last handed to the store (monotonic ms); nil: not since the start.
    private var recordedAt: Int64?

    init(durable: SessionAudience, carried: Set<String> = []) {
        peak = durable.peak
        uniqueBefore = durable.unique
        self.carried = carried
    }

    var figures: SessionAudience { SessionAudience(peak: peak, unique: uniqueBefore + seen.count) }

    /// A viewer was welcomed from `address`; `online` is the session's viewer connections with it.
    /// An id is counted once; an address past `newViewersPerAddress` new ids, or a session past
    /// `maxNewViewers`, adds no more (the peak still counts: it is bounded by the sockets).
    mutating func viewerJoined(_ viewerId: String, address: String, online: Int) {
        if online > peak { peak = online }
        guard !carried.contains(viewerId), !seen.contains(viewerId), seen.count < Self.maxNewViewers else { return }
        let fromAddress = newByAddress[address, default: 0]
        guard fromAddress < Self.newViewersPerAddress else { return }
        newByAddress[address] = fromAddress + 1
        seen.insert(viewerId)
    }

    /// Whether the figures should be journaled now, given what is durable or on its way.
    /// - Parameter isFinal: the session has ended or the server is stopping: no waiting.
    func recordDue(written: SessionAudience, now: Int64, isFinal: Bool) -> Bool {
        guard figures.merged(with: written) != written else { return false }
        guard !isFinal, let recordedAt else { return true }
        return now - recordedAt >= Self.recordEveryMillis
    }

    /// The figures were handed to the store at `now`.
    mutating func recorded(now: Int64) {
        recordedAt = now
    }
}
