extension Hub {
    /// Viewer and host commands on the interview line. Replies wait until the change is durable.
    func handleQueue(_ message: ClientMessage, from connection: ConnectionID, in session: LiveSession, ref: MessageRef?, now: Int64) throws(ProtocolError) -> [HubEffect] {
        let queue = session.queue
        let asker = QueueContinuation.Waiter(connection: connection, ref: ref)
        // A closed session is read-only: the line too (its timers no longer run either).
        guard session.status != .closed else {
            throw ProtocolError(.conflict, "this session is closed; nothing in it can change", reason: "session_closed")
        }
        switch message {
        case .queueJoin(let leadId):
            switch session.status {
            case .live: break
            case .scheduled: throw ProtocolError(.conflict, "the live stream has not started yet; the line opens when it does", reason: "session_not_live")
            case .ended: throw ProtocolError(.conflict, "the live stream has ended, so the line is closed; your application stays with the employer", reason: "session_ended")
            case .closed: throw ProtocolError(.conflict, "this session is closed", reason: "session_closed")
            }
            guard let viewerId = clients[connection]?.viewerId, let token = clients[connection]?.resumeToken else {
                throw ProtocolError(.conflict, "this identity was resumed on another connection", reason: "identity_moved")
            }
            if let existing = queue.live.entry(forViewer: viewerId) {
                return answerWhenDurable(existing, in: session, to: connection, ref: ref)
            }
            // Only the identity that applied may take its lead to the line (see `apply`).
            guard let lead = leads.lead(withID: leadId), lead.session == session.id, lead.viewerId == viewerId else {
                throw ProtocolError(.notFound, "no application '\(leadId.prefix(20))' of yours in this session")
            }
            guard !queue.live.entries.contains(where: { $0.leadId == leadId }) else {
                throw ProtocolError(.conflict, "this application is already in the line", reason: "lead_in_line")
            }
            guard !queue.live.paused else { throw ProtocolError(.conflict, "the line is paused for now; please try again in a moment", reason: "queue_paused") }
            guard queue.live.entries.count < settings.queueMaxLength else {
                throw ProtocolError(.conflict, "the line is full (\(settings.queueMaxLength) people); please try again later", reason: "queue_full")
            }
            let address = clients[connection]?.address ?? ""
            try takeTicketBudget(for: address, in: session, now: now)
            session.ticketAddresses[queue.live.nextTicket] = address
            let entry = QueueEntry(
                ticket: queue.live.nextTicket, leadId: lead.id, viewerId: viewerId, resumeToken: token, name: lead.name,
                phoneMasked: lead.phoneMasked, jobTitle: lead.jobTitle, joinedAt: wallNow, state: .waiting
            )
            return journal([.join(entry)], in: session, then: .tellTicket(ticket: entry.ticket, to: [asker]), requester: connection, ref: ref)
        case .queueLeave(let ticket):
            let entry = try ownEntry(ticket, connection: connection, queue: queue)
            let then = QueueContinuation.acknowledgeLeave(ticket: entry.ticket, name: entry.name, to: asker)
            return journal([.leave(ticket: entry.ticket, at: wallNow)], in: session, then: then, requester: connection, ref: ref)
        case .queueHere(let ticket):
            let entry = try ownEntry(ticket, connection: connection, queue: queue)
            guard entry.state == .called else { throw ProtocolError(.conflict, "your number has not been called yet", reason: "not_called") }
            let then = QueueContinuation.acknowledgeHere(ticket: ticket, name: entry.name, to: asker)
            return journal([.here(ticket: ticket, at: wallNow)], in: session, then: then, requester: connection, ref: ref)
        case .queueCall(let requested, let text):
            let entry: QueueEntry
            if let requested {
                guard let found = queue.live.entry(requested) else { throw ProtocolError(.notFound, "no ticket \(requested) in the line") }
                guard found.state == .waiting else { throw ProtocolError(.conflict, "ticket \(requested) is already called", reason: "already_called") }
                entry = found
            } else {
                guard let next = queue.live.nextWaiting else { throw ProtocolError(.conflict, "nobody is waiting", reason: "nobody_waiting") }
                entry = next
            }
            let instructions: String
            do {
                instructions = try CatalogValidation.checkOptionalText(text, field: "message", maxLength: 500, shape: .multiLine) ?? "轮到您了，请准备连麦 / It's your turn: please get ready for the video call"
            } catch {
                throw ProtocolError.from(error)
            }
            let then = QueueContinuation.acknowledgeCall(ticket: entry.ticket, viewerId: entry.viewerId, message: instructions, to: asker)
            session.queue.calledSince[entry.ticket] = now
            return journal([.call(ticket: entry.ticket, message: instructions, at: wallNow)], in: session, then: then, requester: connection, ref: ref)
        case .queueDone(let ticket, let outcome):
            guard let entry = queue.live.entry(ticket) else { throw ProtocolError(.notFound, "no ticket \(ticket) in the line") }
            return finish(entry, outcome: outcome, in: session, now: now, requester: connection, ref: ref)
        case .queueRequeue(let ticket, let place):
            guard queue.live.entry(ticket) != nil else { throw ProtocolError(.notFound, "no ticket \(ticket) in the line") }
            return journal([.requeue(ticket: ticket, to: place, at: wallNow)], in: session, then: .acknowledgeRequeue(to: asker), requester: connection, ref: ref)
        case .queuePause, .queueResume:
            let paused = message == .queuePause
            return journal([.pause(paused, at: wallNow)], in: session, then: .broadcastPause(paused: paused, to: asker), requester: connection, ref: ref)
        default:
            return []
        }
    }

    /// Tells a viewer its ticket: at once if the join is durable, else when it becomes durable.
    private func answerWhenDurable(_ entry: QueueEntry, in session: LiveSession, to connection: ConnectionID, ref: MessageRef?) -> [HubEffect] {
        // Only a `queue_join` journals a join, so its pending write always tells a ticket.
        guard let token = session.queue.pendingToken(joining: entry.ticket), let pending = pendingWrites[token],
              case .queue(let id, .tellTicket(let ticket, var waiters), let requester, let firstRef) = pending.purpose
        else {
            guard let current = session.queue.live.entry(entry.ticket) else { return [] }
            return [reply(connection, .queueTicket(ref: ref, QueueTicketView(entry: current, in: session.queue.live)))]
        }
        waiters.append(QueueContinuation.Waiter(connection: connection, ref: ref))
        pendingWrites[token]?.purpose = .queue(session: id, continuation: .tellTicket(ticket: ticket, to: waiters), requester: requester, ref: firstRef)
        // If the store refuses the join, this request gets the same `unavailable` as the first.
        refusalWaiters[token, default: []].append((connection, ref))
        return []
    }

    /// Ends a ticket with an outcome; interviews and no-shows are also recorded on the lead for HR.
    func finish(_ entry: QueueEntry, outcome: QueueOutcome, in session: LiveSession, now: Int64, requester: ConnectionID?, ref: MessageRef?) -> [HubEffect] {
        var records: [StoreRecord] = []
        switch outcome {
        case .interviewed:
            records.append(.followup(leadId: entry.leadId, FollowUp(status: .contacted, note: "直播间连麦面试 / interviewed on the live stream", at: wallNow, by: "host")))
        case .noShow:
            // Nobody phoned: the applicant did not confirm in the line. Its own outcome, not `unreachable`.
            let note = requester == nil
                ? "叫号后 \(callWindowSeconds(of: session)) 秒内未确认 / did not confirm within \(callWindowSeconds(of: session)) s of being called in the live line"
                : "主播标记叫号未到 / marked as not there by the host in the live line"
            records.append(.followup(leadId: entry.leadId, FollowUp(status: .lineNoShow, note: note, at: wallNow, by: "host")))
        case .skipped:
            break
        }
        let then = QueueContinuation.acknowledgeEnd(
            ticket: entry.ticket, viewerId: entry.viewerId, name: entry.name, outcome: outcome,
            requester: requester.map { QueueContinuation.Waiter(connection: $0, ref: ref) }
        )
        return journal([.done(ticket: entry.ticket, outcome: outcome, at: wallNow)], extra: records, in: session, then: then, requester: requester, ref: ref)
    }

    /// Applies `events` to the live line, journals them, and leaves `continuation` to be resumed
    /// once they are on disk (see `persisted`).
    func journal(
        _ events: [QueueEvent], extra: [StoreRecord] = [], in session: LiveSession, then continuation: QueueContinuation,
        requester: ConnectionID?, ref: MessageRef?
    ) -> [HubEffect] {
        let token = makeWriteToken()
        session.queue.applyLive(events, token: token)
        let by = account(of: requester)
        let records = events.map { StoreRecord.queue(session: session.id, $0, by: by) } + extra
        pendingWrites[token] = PendingWrite(records: records, purpose: .queue(session: session.id, continuation: continuation, requester: requester, ref: ref))
        return [.persist(records, token: token)]
    }

    /// Does what a change to the line waited for, now that it is durable.
    ///
    /// - Parameter now: the time the store answered (no continuation needs it yet).
    func resume(_ continuation: QueueContinuation, in session: LiveSession, now: Int64) -> [HubEffect] {
        switch continuation {
        case .tellTicket(let ticket, let waiters):
            guard let placed = session.queue.live.entry(ticket) else { return [] }
            let view = QueueTicketView(entry: placed, in: session.queue.live)
            session.queue.lastSentPositions[ticket] = view
            return waiters.map { reply($0.connection, .queueTicket(ref: $0.ref, view)) }
        case .acknowledgeLeave(let ticket, let name, let asker):
            return [reply(asker.connection, .ok(ref: asker.ref))] + notifyHosts(session, .queueNotice(ticket: ticket, name: name, event: "left"))
        case .acknowledgeHere(let ticket, let name, let asker):
            return [reply(asker.connection, .ok(ref: asker.ref))] + notifyHosts(session, .queueNotice(ticket: ticket, name: name, event: "here"))
        case .acknowledgeCall(let ticket, let viewerId, let message, let asker):
            var effects = [reply(asker.connection, .ok(ref: asker.ref))]
            if let viewer = viewerConnection(viewerId, in: session) {
                effects.append(reply(viewer, .queueCalled(ticket: ticket, message: message, windowSeconds: callWindowSeconds(of: session))))
            }
            return effects
        case .acknowledgeEnd(let ticket, let viewerId, let name, let outcome, let requester):
            var effects: [HubEffect] = []
            if let requester { effects.append(reply(requester.connection, .ok(ref: requester.ref))) }
            // The window is told only when the call timed out: a host's own "no show" is not the viewer's silence.
            let window = outcome == .noShow && requester == nil ? callWindowSeconds(of: session) : nil
            if let viewer = viewerConnection(viewerId, in: session) {
                effects.append(reply(viewer, .queueEnded(ticket: ticket, reason: outcome.rawValue, windowSeconds: window)))
            } else {
                session.endedWhileAway[viewerId] = QueueEnding(ticket: ticket, reason: outcome.rawValue, windowSeconds: window, at: wallNow)
            }
            if requester == nil { effects += notifyHosts(session, .queueNotice(ticket: ticket, name: name, event: outcome.rawValue)) }
            return effects
        case .acknowledgeRequeue(let asker):
            return [reply(asker.connection, .ok(ref: asker.ref))]
        case .broadcastPause(let paused, let asker):
            return [reply(asker.connection, .ok(ref: asker.ref)), .broadcast(sessionID: session.id, encode(.queueStatus(seq: session.nextSeq(), paused: paused)))]
        case .acknowledgeWithdrawal(let leadId, let ticket, let name, let asker):
            return withdrawalDurable(leadId: leadId, ticket: ticket, name: name, in: session, asker: asker)
        case .noticeDrop(let ticket, let name):
            session.queue.disconnectedSince[ticket] = nil
            return notifyHosts(session, .queueNotice(ticket: ticket, name: name, event: "dropped"))
        }
    }

    /// Charges a new ticket to the client address, or refuses it (`rate_limited`, nothing changed):
    /// one address (many phones behind one carrier NAT, or one person with many tabs) may hold at
    /// most `ticketsPerAddress` places at once and take new ones only at `queueJoinsPerMinutePerAddress`.
    private func takeTicketBudget(for address: String, in session: LiveSession, now: Int64) throws(ProtocolError) {
        let held = session.queue.live.entries.reduce(0) { $0 + (session.ticketAddresses[$1.ticket] == address ? 1 : 0) }
        guard held < settings.ticketsPerAddress else {
            throw ProtocolError(
                .rateLimited, "too many places in the line are already held from your network (\(settings.ticketsPerAddress)); please try again after one of them has been served",
                reason: "address_tickets"
            )
        }
        var bucket = joinBuckets[address]
            ?? TokenBucket(perMinute: settings.queueJoinsPerMinutePerAddress, burst: settings.queueJoinBurstPerAddress, now: now)
        guard bucket.take(now: now) else {
            let retry = max(1, bucket.secondsUntilToken(now: now))
            joinBuckets[address] = bucket
            throw ProtocolError(.rateLimited, "many people on your network are joining the line right now; please try again in \(retry) seconds", reason: "join_rate")
        }
        joinBuckets[address] = bucket
    }

    private func ownEntry(_ ticket: Int, connection: ConnectionID, queue: SessionQueue) throws(ProtocolError) -> QueueEntry {
        guard let entry = queue.live.entry(ticket), entry.viewerId == clients[connection]?.viewerId else {
            throw ProtocolError(.notFound, "ticket \(ticket) is not yours or no longer in the line")
        }
        return entry
    }

    func viewerConnection(_ viewerId: String, in session: LiveSession) -> ConnectionID? {
        guard let connection = connectionByViewer[viewerId], clients[connection]?.sessionID == session.id else { return nil }
        return connection
    }

    func notifyHosts(_ session: LiveSession, _ message: ServerMessage) -> [HubEffect] {
        let encoded = encode(message)
        return session.hosts.map { .send($0, encoded) }
    }

    /// Once a second: call time-outs, grace expiry, changed positions, the hosts' view.
    func tickQueues(now: Int64) -> [HubEffect] {
        var effects: [HubEffect] = []
        for id in sessionIDs {
            guard let session = sessions[id] else { continue }
            let queue = session.queue
            for entry in queue.live.entries where session.status != .closed {
                if entry.state == .called, let since = queue.calledSince[entry.ticket], now - since >= Int64(callWindowSeconds(of: session)) * 1000 {
                    effects += finish(entry, outcome: .noShow, in: session, now: now, requester: nil, ref: nil)
                } else if let since = queue.disconnectedSince[entry.ticket], now - since > settings.resumeGraceMillis {
                    // The live line no longer has the ticket, so this is not repeated; if the store
                    // refuses the drop, the ticket comes back still marked away and is tried again.
                    effects += journal([.drop(ticket: entry.ticket, at: wallNow)], in: session, then: .noticeDrop(ticket: entry.ticket, name: entry.name), requester: nil, ref: nil)
                }
            }
            var ahead = 0
            for entry in queue.live.entries where entry.state == .waiting {
                defer { ahead += 1 }
                let view = QueueTicketView(entry: entry, ahead: ahead, in: queue.live)
                guard queue.lastSentPositions[entry.ticket] != view, let viewer = viewerConnection(entry.viewerId, in: session) else { continue }
                queue.lastSentPositions[entry.ticket] = view
                effects.append(reply(viewer, .queuePosition(view)))
            }
            queue.forgetEndedTickets()
            if !session.ticketAddresses.isEmpty {
                let active = Set(queue.live.entries.map(\.ticket))
                session.ticketAddresses = session.ticketAddresses.filter { active.contains($0.key) }
            }
            if queue.isHostViewStale, !session.hosts.isEmpty {
                queue.isHostViewStale = false
                effects += notifyHosts(session, hostView(of: session))
            }
        }
        return effects
    }

    func hostView(of session: LiveSession) -> ServerMessage {
        let queue = session.queue
        let entries = queue.live.entries.map { entry in
            QueueEntryView(
                ticket: entry.ticket, leadId: entry.leadId, name: entry.name, phoneMasked: entry.phoneMasked,
                jobTitle: entry.jobTitle, waitingSince: entry.joinedAt,
                connected: viewerConnection(entry.viewerId, in: session) != nil, state: entry.state, calledAt: entry.calledAt
            )
        }
        return .queue(paused: queue.live.paused, entries: entries, callWindowSeconds: callWindowSeconds(of: session))
    }

    /// How long a called viewer of this session has to confirm (the host's setting, else the config's).
    func callWindowSeconds(of session: LiveSession) -> Int {
        session.callWindowSeconds(default: settings.callTimeoutMillis)
    }

    /// Keeps a viewer's place while it is away, and gives it back when it returns.
    func viewerPresenceChanged(_ viewerId: String, in session: LiveSession, connected: Bool, now: Int64) {
        guard let entry = session.queue.live.entry(forViewer: viewerId) else { return }
        session.queue.disconnectedSince[entry.ticket] = connected ? nil : now
        session.queue.lastSentPositions[entry.ticket] = nil
        session.queue.isHostViewStale = true
    }
}
