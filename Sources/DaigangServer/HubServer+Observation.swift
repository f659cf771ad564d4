internal import CLibWebSockets
import DaigangCore
import Foundation
import Logging
import Prometheus

/// A staff or apply command whose records are on their way to the disk: logged with its outcome
/// when the store answers.
struct PendingAudit {
    /// Monotonic nanoseconds when the hub handed the records over.
    let startedAt: UInt64
    /// Set for an application: its lead, logged with the phone masked.
    let lead: Lead?
    /// The audit line's message and who/what/which fields; nil when only the latency is wanted.
    let message: Logger.Message?
    let metadata: Logger.Metadata
}

/// The audit log (`daigang.audit`) and the metrics: counted from what the hub's effects and the
/// server's own I/O show; docs/OPERATIONS.md describes both.
extension HubServer {
    /// Monotonic nanoseconds, for latencies.
    static func monotonicNanos() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }

    /// Who did it: role, employer, session, client address; never a token.
    func who(_ summary: ClientSummary?) -> Logger.Metadata {
        guard let summary else { return [:] }
        var metadata: Logger.Metadata = ["client.address": "\(LogText.clean(summary.address))", "role": "\(summary.role?.rawValue ?? "none")"]
        if let employer = summary.employerId { metadata["employer.id"] = "\(employer)" }
        if let session = summary.sessionID { metadata["session.id"] = "\(LogText.clean(session))" }
        return metadata
    }

    /// A WebSocket frame was handled: staff commands, applications and staff sign-ins go to the
    /// audit log (at once when refused or done, when durable otherwise).
    func auditCommand(from connection: ConnectionID, effects: [HubEffect]) {
        guard let command = hub.lastCommand else { return }
        if command == "ask", effects.contains(where: { if case .persist = $0 { true } else { false } }) {
            metrics.askedQuestion()  // a question taken (handed to the store), not one refused
        }
        let summary = hub.summary(of: connection)
        let isStaff = summary?.role == .host || summary?.role == .hr
        // A failed staff sign-in has no role yet: its security event logs it (`noteSecurityEvent`).
        guard isStaff || command == "apply" else { return }
        var metadata = who(summary)
        metadata["command"] = "\(command)"
        metadata["connection.id"] = "\(connection)"
        var handedOver = false
        for effect in effects {
            switch effect {
            case .persist(let records, let token):
                handedOver = true
                let lead = Self.lead(in: records)
                pendingAudits[token] = PendingAudit(
                    startedAt: Self.monotonicNanos(), lead: lead,
                    message: lead == nil ? "staff command" : "application", metadata: metadata
                )
            case .send(let id, let message) where id == connection:
                if let code = message.errorCode {
                    guard isStaff else {
                        // Viewers are many: their refused applications are counted, one line a second.
                        logTally["apply refused: \(code.rawValue)", default: 0] += 1
                        return
                    }
                    metadata["outcome"] = "refused"
                    metadata["error.code"] = "\(code.rawValue)"
                    audit.notice("command refused", metadata: metadata)
                    return
                }
                if message.type == "welcome", command == "hello", isStaff {
                    metadata["outcome"] = "ok"
                    audit.notice("signed in", metadata: metadata)
                    return
                }
            default:
                continue
            }
        }
        if !handedOver && command != "hello" {
            metadata["outcome"] = "ok"
            audit.info(command == "apply" ? "application" : "staff command", metadata: metadata)
        }
    }

    /// The application among a write's records, if it is one.
    static func lead(in records: [StoreRecord]) -> Lead? {
        for case .lead(let lead) in records { return lead }
        return nil
    }

    /// Remembers when an application's records went to the store, for the ack latency.
    func noteHandedOver(_ records: [StoreRecord], token: UInt64) {
        guard pendingAudits[token] == nil, let lead = Self.lead(in: records) else { return }
        pendingAudits[token] = PendingAudit(startedAt: Self.monotonicNanos(), lead: lead, message: nil, metadata: [:])
    }

    /// The store answered a write: counts an application and logs the audit line with its outcome.
    func noteWritten(token: UInt64, isDurable: Bool) {
        guard let pending = pendingAudits.removeValue(forKey: token) else { return }
        if pending.lead != nil {
            metrics.applied(isDurable: isDurable, latencyNanos: Int64(Self.monotonicNanos() - pending.startedAt))
        }
        guard let message = pending.message else { return }
        var metadata = pending.metadata
        metadata["outcome"] = isDurable ? "saved" : "not_saved"
        if let lead = pending.lead { metadata.merge(Self.auditFields(of: lead)) { _, new in new } }
        if isDurable {
            audit.info(message, metadata: metadata)
        } else {
            audit.warning(message, metadata: metadata)
        }
    }

    /// What the audit log says about an application: ids and the phone masked (`138****5678`);
    /// never the name, the note or the full number.
    static func auditFields(of lead: Lead) -> Logger.Metadata {
        [
            "lead.id": "\(LogText.clean(lead.id))", "job.id": "\(LogText.clean(lead.jobId))",
            "employer.id": "\(LogText.clean(lead.employerId))", "session.id": "\(LogText.clean(lead.session))",
            "phone": "\(PhoneNumber.mask(lead.phone))",
        ]
    }

    /// A security event from the hub (failed or throttled sign-in): counted, and logged to the audit log.
    func noteSecurityEvent(_ event: SecurityEvent) {
        metrics.authFailed(channel: event.channel)
        if event.kind == "auth_throttled" {
            // A guesser keeps knocking after its 429s: counted, one line a second.
            logTally["\(event.channel) sign-in throttled from \(LogText.clean(event.address))", default: 0] += 1
            return
        }
        audit.notice("security event", metadata: [
            "event": "\(event.kind)", "client.address": "\(LogText.clean(event.address))",
            "channel": "\(event.channel)", "detail": "\(LogText.clean(event.detail))", "outcome": "refused",
        ])
    }

    /// An HTTP answer was set: counted by route template and status; HR API requests are audited.
    func noteAnswered(_ exchange: HTTPExchange, status: Int) {
        let route = RouteTemplate.of(path: exchange.path, isStaticAsset: site.asset(at: exchange.path) != nil)
        metrics.answered(route: route, status: status)
        guard route.hasPrefix("/api/leads") else { return }
        var metadata: Logger.Metadata = [
            "client.address": "\(LogText.clean(exchange.address))", "role": "hr",
            "http.method": "\(exchange.method)", "http.route": "\(route)", "http.status": "\(status)",
            "outcome": "\(status < 400 ? "ok" : "refused")",
        ]
        if let employer = hub.employerID(forAuthorization: exchange.authorization) { metadata["employer.id"] = "\(employer)" }
        let segments = exchange.path.split(separator: "/")
        if segments.count >= 3 { metadata["lead.id"] = "\(LogText.clean(String(segments[2]), maxScalars: 40))" }
        if status < 400 {
            audit.info("hr request", metadata: metadata)
        } else {
            audit.notice("hr request", metadata: metadata)
        }
    }

    /// `GET /metrics`: for allowed addresses, or anyone with the metrics token.
    func metricsAnswer(for exchange: HTTPExchange) -> APIResponse {
        guard let registry = metricsRegistry else { return .error(.notFound, "metrics are not enabled") }
        // The real client, not the /64 the limits count by: `metrics.allow` names addresses.
        let client = ClientAddress.resolve(
            peer: peerAddress(exchange.wsi), forwardedFor: header(exchange.wsi, WSI_TOKEN_X_FORWARDED_FOR), trustedProxies: options.trustedProxies
        )
        switch options.metrics.permits(address: client, authorization: exchange.authorization) {
        case .granted:
            break
        case .unauthorized:
            audit.notice("metrics refused", metadata: ["client.address": "\(LogText.clean(client))", "http.status": "401", "outcome": "refused"])
            // `.error(.unauthorized, …)` carries the one `WWW-Authenticate` challenge every 401 has.
            return .error(.unauthorized, "send Authorization: Bearer <metrics token>")
        case .forbidden:
            audit.notice("metrics refused", metadata: ["client.address": "\(LogText.clean(client))", "http.status": "403", "outcome": "refused"])
            return .error(.forbidden, "metrics are readable from the configured addresses only")
        }
        metrics.record(
            hub.connectionCounts, ticketsInLines: hub.ticketsInLines, pendingWrites: hub.pendingWriteCount,
            outboundFrames: connections.values.reduce(0) { $0 + $1.queue.count }
        )
        var body: [UInt8] = []
        registry.emit(into: &body)
        return APIResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: body)
    }
}
