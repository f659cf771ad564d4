import DaigangCore
import Foundation

/// Small, valid catalog and settings shared by the Core tests.
enum Fixtures {
    static let employers = [
        Employer(id: "acme", name: "Acme 电子", hrToken: "hr-token-acme"),
        Employer(id: "swift-logistics", name: "迅达物流", hrToken: "hr-token-swift"),
    ]

    static func job(_ id: String, employer: String = "acme") -> Job {
        Job(id: id, title: "普工 \(id)", employerId: employer, pay: Pay(min: 5000, max: 7000, unit: .month), location: Location(city: "苏州"))
    }

    static let session = SessionDefinition(
        id: "s1", title: "春风行动直播", status: .live,
        jobs: [job("j1"), job("j2"), job("j3", employer: "swift-logistics")],
        policies: [Policy(id: "p1", title: "社保补贴", summary: "符合条件可领"), Policy(id: "p2", title: "返岗包车", summary: "免费包车")]
    )

    static func settings(grace: Int64 = 120_000, rate: Int = 20) -> HubSettings {
        HubSettings(hostToken: "host-token-123", employers: employers, sessions: [session], resumeGraceMillis: grace, messagesPerSecond: rate)
    }

    /// A hub whose tokens are predictable: t1, t2, …
    static func hub(grace: Int64 = 120_000, rate: Int = 20) -> Hub {
        let counter = Counter()
        return Hub(settings: settings(grace: grace, rate: rate)) { counter.next() }
    }

    final class Counter {
        private var value = 0
        func next() -> String {
            value += 1
            return "token\(value)"
        }
    }
}

/// A decoded view of hub effects for assertions.
struct Sent {
    enum Target: Equatable { case one(ConnectionID), session(String), store(UInt64), http(ConnectionID), log }
    let target: Target
    let json: [String: Any]

    var type: String? { json["type"] as? String }
    subscript(key: String) -> Any? { json[key] }

    /// Store writes show as `{"type": "persist", "count": N}`; HTTP answers as `{"status": N, "body": …, "headers": […]}`;
    /// closes as `{"type": "disconnect", "reason": …}`; security events as `{"type": "security", "kind", "address", "channel", "detail"}`.
    static func decode(_ effects: [HubEffect]) -> [Sent] {
        effects.map { effect in
            switch effect {
            case .send(let id, let message): Sent(target: .one(id), json: object(message.bytes))
            case .broadcast(let session, let message): Sent(target: .session(session), json: object(message.bytes))
            case .persist(let records, let token): Sent(target: .store(token), json: ["type": "persist", "count": records.count])
            case .respond(let id, let response):
                Sent(target: .http(id), json: [
                    "status": response.status, "body": object(response.body),
                    "headers": Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first }),
                ])
            case .disconnect(let id, let reason): Sent(target: .one(id), json: ["type": "disconnect", "reason": reason])
            case .buildReport(let id, let job):
                Sent(target: .http(id), json: ["status": job.response().status, "body": object(job.response().body)])
            case .signOut(let id, let reason): Sent(target: .one(id), json: ["type": "sign_out", "reason": reason])
            case .securityEvent(let event):
                Sent(target: .log, json: ["type": "security", "kind": event.kind, "address": event.address, "channel": event.channel, "detail": event.detail])
            }
        }
    }

    private static func object(_ bytes: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }
}

extension Hub {
    /// Sends a JSON text as a client would and decodes what comes back.
    func send(_ text: String, from connection: ConnectionID, at now: Instant = 1_000) -> [Sent] {
        Sent.decode(receive(text: Array(text.utf8), from: connection, now: now))
    }

    /// Sends, then answers every store write it asks for as `durable`; returns everything that
    /// followed (replies and broadcasts) without the writes themselves.
    func sendDurably(_ text: String, from connection: ConnectionID, at now: Instant = 1_000, durable: Bool = true) -> [Sent] {
        var sent: [Sent] = []
        for effect in receive(text: Array(text.utf8), from: connection, now: now) {
            if case .persist(_, let token) = effect {
                sent += Sent.decode(persisted(token: token, isDurable: durable, now: now))
            } else {
                sent += Sent.decode([effect])
            }
        }
        return sent
    }

    /// Connects and says hello; returns the welcome.
    @discardableResult
    func join(_ connection: ConnectionID, role: String = "viewer", token: String? = nil, resume: String? = nil, address: String = "", at now: Instant = 1_000) -> Sent? {
        connect(connection, address: address, now: now)
        var hello: [String: String] = ["type": "hello", "session": "s1", "role": role]
        hello["token"] = token
        hello["resume"] = resume
        let data = try! JSONSerialization.data(withJSONObject: hello)
        return send(String(decoding: data, as: UTF8.self), from: connection, at: now).first
    }
}
