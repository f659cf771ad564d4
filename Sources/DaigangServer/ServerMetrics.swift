import DaigangCore
import Metrics

/// The server's metrics, made once through whatever factory `MetricsSystem` was bootstrapped
/// with (`daigang serve` bootstraps Prometheus; unbootstrapped, they cost nothing).
///
/// Counted from what the server does and from the effects the hub returns: Core makes no metric
/// calls. Every label has a small fixed set of values (roles, protocol error codes, route
/// templates, HTTP codes), never an id or an address. docs/OPERATIONS.md lists them.
/// - Precondition: used on the service thread only (the labelled handles are cached unlocked).
final class ServerMetrics {
    private let broadcasts = Counter(label: "daigang_broadcasts_total")
    private let deliveries = Counter(label: "daigang_deliveries_total")
    private let slowViewersDropped = Counter(label: "daigang_slow_viewers_dropped_total")
    /// Questions viewers asked that were taken (refused ones are in `refused`).
    private let questions = Counter(label: "daigang_questions_total")
    private let applyAckLatency = Timer(label: "daigang_apply_ack_seconds")
    private let ticketsInLines = Gauge(label: "daigang_queue_tickets")
    private let pendingWrites = Gauge(label: "daigang_store_pending_writes")
    private let outboundFrames = Gauge(label: "daigang_outbound_frames")
    private let connections: [String: Gauge] = Dictionary(
        uniqueKeysWithValues: ["viewer", "host", "hr", "unwelcomed"].map { ($0, Gauge(label: "daigang_connections", dimensions: [("role", $0)])) }
    )
    private let welcomes: [ClientRole: Counter] = Dictionary(
        uniqueKeysWithValues: ClientRole.allCases.map { ($0, Counter(label: "daigang_welcomes_total", dimensions: [("role", $0.rawValue)])) }
    )
    private let refused: [ErrorCode: Counter] = Dictionary(
        uniqueKeysWithValues: ErrorCode.allCases.map { ($0, Counter(label: "daigang_messages_refused_total", dimensions: [("reason", $0.rawValue)])) }
    )
    private let applies: [Bool: Counter] = [
        true: Counter(label: "daigang_applies_total", dimensions: [("outcome", "saved")]),
        false: Counter(label: "daigang_applies_total", dimensions: [("outcome", "failed")]),
    ]
    private let authFailures: [String: Counter] = Dictionary(
        uniqueKeysWithValues: ["host", "hr"].map { ($0, Counter(label: "daigang_auth_failures_total", dimensions: [("role", $0)])) }
    )
    /// By route template and status code; both come from small fixed sets.
    private var requests: [String: Counter] = [:]

    func welcomed(_ role: ClientRole) { welcomes[role]?.increment() }

    /// One message was queued for one connection.
    func delivered() { deliveries.increment() }

    /// One broadcast, queued for `recipients` connections.
    func broadcast(recipients: Int) {
        broadcasts.increment()
        deliveries.increment(by: Int64(recipients))
    }

    func droppedSlowViewer() { slowViewersDropped.increment() }

    /// For the Q&A feature: a viewer's question was accepted.
    func askedQuestion() { questions.increment() }

    func refusedMessage(_ code: ErrorCode) { refused[code]?.increment() }

    /// An application's write came back; `latencyNanos` from the hub's `.persist` to the store's answer.
    func applied(isDurable: Bool, latencyNanos: Int64) {
        applies[isDurable]?.increment()
        if isDurable { applyAckLatency.recordNanoseconds(latencyNanos) }
    }

    /// A failed or throttled sign-in on a channel (`ws_host`, `ws_hr`, `http_hr`).
    func authFailed(channel: String) {
        authFailures[channel.hasSuffix("host") ? "host" : "hr"]?.increment()
    }

    func answered(route: String, status: Int) {
        let key = "\(route) \(status)"
        if let counter = requests[key] {
            counter.increment()
            return
        }
        let counter = Counter(label: "daigang_http_requests_total", dimensions: [
            ("route", route), ("code", String(status)), ("class", "\(status / 100)xx"),
        ])
        requests[key] = counter
        counter.increment()
    }

    /// The gauges, read off the hub and the server just before a scrape.
    func record(_ counts: ConnectionCounts, ticketsInLines tickets: Int, pendingWrites writes: Int, outboundFrames frames: Int) {
        ticketsInLines.record(tickets)
        pendingWrites.record(writes)
        outboundFrames.record(frames)
        connections["viewer"]?.record(counts.viewers)
        connections["host"]?.record(counts.hosts)
        connections["hr"]?.record(counts.hr)
        connections["unwelcomed"]?.record(counts.unwelcomed)
    }
}
