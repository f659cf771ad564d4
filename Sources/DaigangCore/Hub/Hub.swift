import Foundation

/// The live hub's domain logic: client messages in, replies and broadcasts out. No I/O.
///
/// The server feeds it frames and ticks on its one service thread; the hub answers with
/// `HubEffect`s holding messages that are already encoded, once per broadcast.
/// - Precondition: confined to one thread; not Sendable on purpose.
public final class Hub {
    /// Replaced by `updateSettings` when the config is re-read (SIGHUP).
    var settings: HubSettings
    var employersByID: [String: Employer]
    var sessions: [String: LiveSession] = [:]
    /// Session ids in config order, the first being the default one.
    public internal(set) var sessionIDs: [String]
    var clients: [ConnectionID: Client] = [:]
    private var identities: [String: Identity] = [:]
    let makeToken: () -> String
    let encoder: JSONEncoder
    let decoder = JSONDecoder()
    /// Durable leads, follow-ups and audit entries.
    let leads: LeadBook
    /// Records handed to the store and not yet durable, by write token.
    var pendingWrites: [UInt64: PendingWrite] = [:]
    /// Sessions created over the admin API whose `created` record is on its way to the disk.
    var pendingSessionIDs: Set<String> = []
    /// Library policies whose record is on its way to the disk (a second create of the id is refused).
    var pendingLibraryPolicyIDs: Set<String> = []
    /// Applications waiting for the disk, so a quick second apply joins the first.
    var pendingApplications: [String: UInt64] = [:]
    var nextWriteToken: UInt64 = 0
    var nextLeadNumber: Int
    /// HR connections by employer, for `lead_new`.
    var hrConnections: [String: Set<ConnectionID>] = [:]
    /// Apply budgets per client address; dropped in `tick` once full again.
    var addressBuckets: [String: TokenBucket] = [:]
    /// The connection currently holding each viewer identity.
    var connectionByViewer: [String: ConnectionID] = [:]
    /// `queue_join` budgets per client address; dropped in `tick` once full again.
    var joinBuckets: [String: TokenBucket] = [:]
    /// Failed host/HR sign-in budgets per client address (WebSocket and HTTP alike); dropped in `tick` once full again.
    var authBuckets: [String: TokenBucket] = [:]
    /// The wall-clock time of the input being handled (`Instant.wall`): for the timestamps people
    /// read (records, announcements), never for a deadline (those use `Instant.tick`, passed on as `now`).
    private(set) var wallNow: Int64 = 0
    /// Requests answered by another request's pending write (a repeated `queue_join`), told if it is refused.
    var refusalWaiters: [UInt64: [(connection: ConnectionID, ref: MessageRef?)]] = [:]
    /// Question and upvote budgets per viewer and per address.
    var questionLimits = QuestionLimits()
    /// The hometown picker's list (web-static/data/divisions.json), set by the server at start-up;
    /// `.empty` refuses every `hometownCode`.
    public var divisions: DivisionList = .empty
    /// The type of the last text frame `receive` decoded (nil if it did not decode): for the server's audit log.
    public private(set) var lastCommand: String?
    /// The account each host or HR connection signed in with (bootstrap tokens aside), so that
    /// revoking or expiring it closes the connection.
    var signedIn: [ConnectionID: String] = [:]
    /// When the retention sweep runs next (monotonic tick, ms): at the first tick, then daily.
    var nextRetentionSweepAt: Int64 = .min

    /// Per-connection state; `session` and `role` are set by `hello`.
    struct Client {
        var bucket: TokenBucket
        var applyBucket: TokenBucket
        var address: String
        var sessionID: String?
        var role: ClientRole?
        var resumeToken: String?
        var employerId: String?
        var viewerId: String?
        /// The account a host or HR connection signed in as (a `bootstrap-…` id for the config's
        /// tokens); its changes are journaled with it (`StoreRecord`'s `by`).
        var accountId: String?
    }

    /// - Parameters:
    ///   - leads: the leads recovered from the store.
    ///   - makeToken: returns a fresh unguessable token; injected so tests are deterministic.
    ///   - now: start time; viewers in a recovered line have their grace period from here.
    public init(settings: HubSettings, leads: LeadBook = LeadBook(), now: Instant = 0, makeToken: @escaping () -> String = Hub.randomToken) {
        self.settings = settings
        self.makeToken = makeToken
        self.leads = leads
        wallNow = now.wall
        nextLeadNumber = leads.highestLeadNumber + 1
        employersByID = Self.directory(config: settings.employers, profiles: leads.state.employers)
        // The data decides; a book without sessions (a test, or no store) takes the config's. The
        // server journals that import before it builds the hub (`SessionSeed`), so there the book has them.
        if leads.state.sessionOrder.isEmpty {
            SessionSeed.records(for: settings.sessions, book: leads).forEach(leads.apply)
        }
        sessionIDs = leads.state.sessionOrder
        for id in sessionIDs {
            guard let state = leads.state.sessions[id] else { continue }
            let session = LiveSession(state, queue: leads.queues[id] ?? QueueState(), employerNames: employersByID.mapValues(\.name))
            session.directoryChanged(names: employersByID.mapValues(\.name), hidden: Set(leads.state.employers.values.filter(\.suspended).map(\.id)))
            session.applications = leads.count(inSession: id)
            session.appliedByJob = leads.activeCountsByJob(inSession: id)
            sessions[id] = session
            // After a restart everyone in line is away: their resume tokens work again for the grace period.
            for entry in session.queue.live.entries {
                identities[entry.resumeToken] = Identity(viewerId: entry.viewerId, sessionID: id, role: .viewer, connection: nil, releasedAt: now.tick)
                session.queue.disconnectedSince[entry.ticket] = now.tick
                if entry.state == .called, let calledAt = entry.calledAt {
                    // Only the wall clock survives a restart: the call window goes on from its record.
                    session.queue.calledSince[entry.ticket] = now.tick - max(0, now.wall - calledAt)
                }
            }
        }
        encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
    }

    /// Takes the input's wall time for records; returns its monotonic time, for deadlines.
    func advance(to instant: Instant) -> Int64 {
        wallNow = instant.wall
        return instant.tick
    }

    /// 128 random bits as hex.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    // MARK: Connections

    public var connectionCount: Int { clients.count }

    /// Connections that receive the session's broadcasts.
    public func members(of sessionID: String) -> Set<ConnectionID> {
        sessions[sessionID]?.members ?? []
    }

    /// - Parameter address: the client's IP address, for per-address limits.
    public func connect(_ connection: ConnectionID, address: String = "", now: Instant) {
        let now = advance(to: now)
        let burst = settings.messagesPerSecond * 2
        clients[connection] = Client(
            bucket: TokenBucket(ratePerSecond: settings.messagesPerSecond, burst: burst, now: now),
            applyBucket: TokenBucket(perMinute: settings.appliesPerMinute, now: now),
            address: address
        )
    }

    public func disconnect(_ connection: ConnectionID, now: Instant) {
        let now = advance(to: now)
        guard let client = clients.removeValue(forKey: connection) else { return }
        signedIn[connection] = nil
        if let sessionID = client.sessionID, let role = client.role {
            sessions[sessionID]?.leave(connection, role: role)
        }
        if let employerId = client.employerId {
            hrConnections[employerId]?.remove(connection)
        }
        if let viewerId = client.viewerId, connectionByViewer[viewerId] == connection {
            connectionByViewer[viewerId] = nil
            if let sessionID = client.sessionID, let session = sessions[sessionID] {
                viewerPresenceChanged(viewerId, in: session, connected: false, now: now)
            }
        }
        if let token = client.resumeToken, identities[token]?.connection == connection {
            identities[token]?.connection = nil
            identities[token]?.releasedAt = now
        }
    }

    // MARK: Input

    /// Handles one text frame.
    public func receive(text bytes: [UInt8], from connection: ConnectionID, now: Instant) -> [HubEffect] {
        let now = advance(to: now)
        guard clients[connection] != nil else { return [] }
        guard clients[connection]!.bucket.take(now: now) else {
            let ref = ClientRequest.ref(in: bytes, with: decoder)
            return [reply(connection, .error(ProtocolError(.rateLimited, "too many messages; slow down"), ref: ref))]
        }
        lastCommand = nil
        switch ClientRequest.decode(bytes, with: decoder) {
        case .failure(let rejected):
            return [reply(connection, .error(rejected.error, ref: rejected.ref))]
        case .success(let request):
            lastCommand = request.message.tagName
            do {
                return try handle(request, from: connection, now: now)
            } catch {
                return [reply(connection, .error(error, ref: request.ref))]
            }
        }
    }

    /// Handles a binary frame, which the protocol does not use.
    public func receiveBinary(from connection: ConnectionID, now: Instant) -> [HubEffect] {
        let now = advance(to: now)
        guard clients[connection] != nil else { return [] }
        guard clients[connection]!.bucket.take(now: now) else {
            return [reply(connection, .error(ProtocolError(.rateLimited, "too many messages; slow down"), ref: nil))]
        }
        return [reply(connection, .error(ProtocolError(.badRequest, "binary frames are not supported; send JSON text"), ref: nil))]
    }

    private func handle(_ request: ClientRequest, from connection: ConnectionID, now: Int64) throws(ProtocolError) -> [HubEffect] {
        if case .hello(let hello) = request.message {
            return try welcome(connection, hello: hello, ref: request.ref, now: now)
        }
        guard let client = clients[connection], let sessionID = client.sessionID, let role = client.role,
              let session = sessions[sessionID]
        else {
            throw ProtocolError(.badRequest, "send hello first")
        }
        if request.message.isHostCommand && role != .host {
            throw ProtocolError(.forbidden, "only the host may send \(request.message.tagName)")
        }
        if request.message.isViewerCommand && role != .viewer {
            throw ProtocolError(.forbidden, "only viewers may send \(request.message.tagName)")
        }
        switch request.message {
        case .apply(let application):
            return try apply(application, from: connection, in: session, ref: request.ref, now: now)
        case .queueJoin, .queueLeave, .queueHere, .queueCall, .queueDone, .queueRequeue, .queuePause, .queueResume:
            return try handleQueue(request.message, from: connection, in: session, ref: request.ref, now: now)
        case .ask, .upvote:
            return try handleViewerQuestion(request.message, from: connection, in: session, ref: request.ref, now: now)
        case .withdrawApplication(let leadId):
            return try withdrawApplication(leadId, from: connection, in: session, ref: request.ref, now: now)
        default:
            break
        }
        let event = try sessionEvent(for: request.message, in: session, now: now)
        return journal(event, in: session, requester: connection, ref: request.ref)
    }

    private func welcome(_ connection: ConnectionID, hello: ClientMessage.Hello, ref: MessageRef?, now: Int64) throws(ProtocolError) -> [HubEffect] {
        guard clients[connection]?.sessionID == nil else {
            throw ProtocolError(.conflict, "hello was already sent on this connection")
        }
        guard let session = sessions[hello.session] else {
            throw ProtocolError(.notFound, "no session '\(hello.session.prefix(64))'")
        }
        var employerId: String?
        if hello.role != .viewer {
            switch checkSignIn(hello, connection: connection, ref: ref, now: now) {
            case .refused(let effects):
                return effects
            case .accepted(let principal):
                if !principal.isBootstrap { signedIn[connection] = principal.accountId }
                clients[connection]?.accountId = principal.accountId
                if hello.role == .hr, let employer = principal.employerId {
                    employerId = employer
                    hrConnections[employer, default: []].insert(connection)
                }
            }
        }
        let (token, identity, resumed) = claimIdentity(hello: hello, connection: connection, now: now)
        clients[connection]?.sessionID = session.id
        clients[connection]?.role = hello.role
        clients[connection]?.resumeToken = token
        clients[connection]?.employerId = employerId
        clients[connection]?.viewerId = identity.viewerId
        session.join(connection, role: hello.role)
        var ticket: QueueTicketView?
        var endedWhileAway: QueueEnding?
        if hello.role == .viewer {
            endedWhileAway = session.endedWhileAway.removeValue(forKey: identity.viewerId)
            connectionByViewer[identity.viewerId] = connection
            // An ended or closed session's figures are final: a late visitor changes nothing.
            if session.status != .ended, session.status != .closed {
                session.audience.viewerJoined(identity.viewerId, address: clients[connection]?.address ?? "", online: session.onlineViewers)
            }
            viewerPresenceChanged(identity.viewerId, in: session, connected: true, now: now)
            if let entry = session.queue.live.entry(forViewer: identity.viewerId) {
                ticket = QueueTicketView(entry: entry, in: session.queue.live)
                session.queue.lastSentPositions[entry.ticket] = ticket
            }
        }
        let message = ServerMessage.welcome(
            ref: ref, role: hello.role, viewerId: identity.viewerId, resume: token, resumed: resumed,
            employerId: employerId, ticket: ticket
        )
        let header = encode(message)
        let snapshot = hello.catalog == .http ? session.compactSnapshotJSON(with: encoder) : session.snapshotJSON(with: encoder)
        var bytes = RawJSON.adding("snapshot", snapshot, to: header.bytes)
        bytes = RawJSON.adding("questions", session.questionsJSON(with: encoder), to: bytes)
        if ticket == nil, let endedWhileAway, let ended = try? encoder.encode(endedWhileAway) {
            bytes = RawJSON.adding("ticketEnded", Array(ended), to: bytes)
        }
        if hello.role == .host {
            // A host that joins needs the board and the per-job counts, changed or not.
            session.isQuestionBoardStale = true
            session.lastSentJobCounts = nil
        }
        return [.send(connection, OutboundMessage(bytes: bytes, coalescingKey: nil, type: header.type))]
    }

    /// Restores the identity behind a valid resume token, or makes a new one.
    private func claimIdentity(hello: ClientMessage.Hello, connection: ConnectionID, now: Int64) -> (String, Identity, Bool) {
        if let token = hello.resume, var identity = identities[token], identity.sessionID == hello.session,
           identity.role == hello.role, isResumable(identity, now: now)
        {
            if let previous = identity.connection {
                // The old connection has not been noticed as dead yet; the identity moves on.
                clients[previous]?.resumeToken = nil
                clients[previous]?.viewerId = nil
            }
            identity.connection = connection
            identity.releasedAt = nil
            identities[token] = identity
            return (token, identity, true)
        }
        let token = makeToken()
        let prefix = switch hello.role {
        case .host: "h-"
        case .hr: "r-"
        case .viewer: "v-"
        }
        let identity = Identity(viewerId: prefix + String(makeToken().prefix(8)), sessionID: hello.session, role: hello.role, connection: connection)
        identities[token] = identity
        return (token, identity, false)
    }

    private func isResumable(_ identity: Identity, now: Int64) -> Bool {
        guard let releasedAt = identity.releasedAt else { return true }
        return now - releasedAt <= settings.resumeGraceMillis
    }

    // MARK: Time

    /// Called about once a second: sends changed counters and forgets identities past their grace.
    public func tick(now: Instant) -> [HubEffect] {
        let now = advance(to: now)
        identities = identities.filter { _, identity in isResumable(identity, now: now) }
        addressBuckets = addressBuckets.filter { _, bucket in !bucket.isFull(now: now) }
        joinBuckets = joinBuckets.filter { _, bucket in !bucket.isFull(now: now) }
        authBuckets = authBuckets.filter { _, bucket in !bucket.isFull(now: now) }
        questionLimits.forgetFull(now: now)
        var effects = tickQueues(now: now)
        if !signedIn.isEmpty { effects += signOutExpired() }
        effects += sweepRetentionIfDue(now: now)
        for id in sessionIDs {
            guard let session = sessions[id] else { continue }
            effects += tickQuestions(session)
            effects += recordAudienceIfDue(session, now: now, isFinal: false)
            let counters = session.counters
            if counters != session.lastBroadcastCounters {
                session.lastBroadcastCounters = counters
                effects.append(.broadcast(sessionID: id, encode(.counters(counters))))
            }
        }
        return effects
    }

    // MARK: Reading

    /// The public snapshot, for HTTP and tests.
    public func snapshot(of sessionID: String) -> SessionSnapshot? {
        sessions[sessionID]?.snapshot
    }

    /// The public snapshot as JSON bytes.
    public func snapshotJSON(of sessionID: String) -> [UInt8]? {
        sessions[sessionID]?.snapshotJSON(with: encoder)
    }

    // MARK: Encoding

    func reply(_ connection: ConnectionID, _ message: ServerMessage) -> HubEffect {
        .send(connection, encode(message))
    }

    func encode(_ message: ServerMessage) -> OutboundMessage {
        do {
            var encoded = OutboundMessage(bytes: Array(try encoder.encode(message)), coalescingKey: message.coalescingKey, type: message.type)
            if case .error(let error, _) = message { encoded.errorCode = error.code }
            return encoded
        } catch {
            preconditionFailure("server messages always encode: \(error)")
        }
    }

    /// The employer whose HR token this is.
    func employer(forToken token: String) -> Employer? {
        var found: Employer?
        for employer in settings.employers where AccountToken.constantTimeEquals(token, employer.hrToken) { found = employer }
        return found
    }
}

extension ClientMessage {
    /// The wire name, for error messages.
    var tagName: String {
        switch self {
        case .hello: Tag.hello.rawValue
        case .sessionStatus: Tag.sessionStatus.rawValue
        case .pinJob: Tag.pinJob.rawValue
        case .showPolicy: Tag.showPolicy.rawValue
        case .announce: Tag.announce.rawValue
        case .upsertJob: Tag.upsertJob.rawValue
        case .upsertPolicy: Tag.upsertPolicy.rawValue
        case .withdrawJob: Tag.withdrawJob.rawValue
        case .apply: Tag.apply.rawValue
        case .queueJoin: Tag.queueJoin.rawValue
        case .queueLeave: Tag.queueLeave.rawValue
        case .queueHere: Tag.queueHere.rawValue
        case .queueCall: Tag.queueCall.rawValue
        case .queueDone: Tag.queueDone.rawValue
        case .queueRequeue: Tag.queueRequeue.rawValue
        case .queuePause: Tag.queuePause.rawValue
        case .queueResume: Tag.queueResume.rawValue
        case .ask: Tag.ask.rawValue
        case .upvote: Tag.upvote.rawValue
        case .hideQuestion: Tag.hideQuestion.rawValue
        case .answerQuestion: Tag.answerQuestion.rawValue
        case .markAnswered: Tag.markAnswered.rawValue
        case .setCallWindow: Tag.setCallWindow.rawValue
        case .withdrawApplication: Tag.withdrawApplication.rawValue
        }
    }
}
