/// What became of one kind of attacking socket: how many the server let in, refused, or closed
/// later. Being refused or closed is the server defending itself, not a benchmark failure.
struct AttackTally {
    /// Sockets the attack tried to open.
    var attempted = 0
    /// Sockets the server let in (a TCP connection for HTTP, a 101 for WebSockets).
    private(set) var opened = 0
    /// Sockets that never got in, by reason.
    private(set) var refusals: [String: Int] = [:]
    /// Sockets the server ended after letting them in, by reason.
    private(set) var closures: [String: Int] = [:]
    /// Sockets this machine could not even open (no 127.0.0.2, out of descriptors…), by reason:
    /// the attack did not happen, which is the benchmark's failure, not the server's.
    private(set) var localFailures: [String: Int] = [:]

    var refusedCount: Int { refusals.values.reduce(0, +) }
    var closedCount: Int { closures.values.reduce(0, +) }
    var localFailureCount: Int { localFailures.values.reduce(0, +) }
    /// Let in and still open (when the attack is tallied, before it closes its sockets).
    var stillOpen: Int { opened - closedCount }
    /// Neither let in nor refused yet (a handshake still in flight).
    var pending: Int { attempted - opened - refusedCount - localFailureCount }

    mutating func open() { opened += 1 }

    mutating func refuse(_ reason: String) { Self.count(reason, in: &refusals) }

    mutating func close(_ reason: String) { Self.count(reason, in: &closures) }

    mutating func failLocally(_ reason: String) { Self.count(reason, in: &localFailures) }

    /// At most 20 distinct reasons; the rest are lumped together.
    private static func count(_ reason: String, in reasons: inout [String: Int]) {
        if reasons[reason] != nil || reasons.count < 20 {
            reasons[reason, default: 0] += 1
        } else {
            reasons["(other reasons)", default: 0] += 1
        }
    }

    /// Members `attempted`, `opened`, `refused`, `closedByServer`, `heldOut`, `pending`,
    /// `notOpenedHere`, and the reasons (`refusals`, `closures`, `localFailures`).
    var summary: [(String, ReportValue)] {
        [
            ("attempted", .int(attempted)), ("opened", .int(opened)), ("refused", .int(refusedCount)),
            ("closedByServer", .int(closedCount)), ("heldOut", .int(stillOpen)), ("pending", .int(pending)),
            ("refusals", Self.object(refusals)), ("closures", Self.object(closures)),
            ("notOpenedHere", .int(localFailureCount)), ("localFailures", Self.object(localFailures)),
        ]
    }

    /// "3000 tried, 2990 in, 10 refused (…), 5 closed (…), 2985 still open".
    var text: String {
        var text = "\(attempted) tried, \(opened) let in"
        if !refusals.isEmpty { text += ", \(refusedCount) refused (\(Self.list(refusals)))" }
        if !closures.isEmpty { text += ", \(closedCount) closed by the server (\(Self.list(closures)))" }
        text += ", \(stillOpen) held out to the end"
        if !localFailures.isEmpty { text += ", \(localFailureCount) could not be opened here (\(Self.list(localFailures)))" }
        return pending > 0 ? text + ", \(pending) still handshaking" : text
    }

    private static func object(_ reasons: [String: Int]) -> ReportValue {
        .object(reasons.sorted { $0.value > $1.value }.map { ($0.key, .int($0.value)) })
    }

    private static func list(_ reasons: [String: Int]) -> String {
        reasons.sorted { $0.value > $1.value }.map { "\($0.value)× \($0.key)" }.joined(separator: "; ")
    }
}
