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

    private(set) var peak: Int
    /// Unique viewers journaled before this process started.
    private let uniqueBefore: Int
    /// Viewer ids welcomed since this process started, not already in `uniqueBefore`.
    private var seen: Set<String> = []
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

    /// A viewer was welcomed; `online` is the session's viewer connections with it.
    mutating func viewerJoined(_ viewerId: String, online: Int) {
        if online > peak { peak = online }
        if !carried.contains(viewerId) { seen.insert(viewerId) }
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
