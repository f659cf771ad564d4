extension Hub {
    /// Validates an application and hands the new lead to the store; the reply waits for the disk.
    func apply(_ application: ApplyRequest, from connection: ConnectionID, in session: LiveSession, ref: MessageRef?, now: Int64) throws(ProtocolError) -> [HubEffect] {
        let checked: ApplyRequest.Checked
        do {
            checked = try application.validated(divisions: divisions)
        } catch {
            throw ProtocolError.from(error)
        }
        guard session.status != .closed else {
            throw ProtocolError(.conflict, "this session is closed and no longer takes applications", reason: "session_closed")
        }
        if let hidden = session.durable.definition.jobs.first(where: { $0.id == checked.jobId }), suspendedEmployers.contains(hidden.employerId) {
            throw ProtocolError(.conflict, "this employer is not taking applications at the moment", reason: "employer_suspended")
        }
        guard let job = session.job(withID: checked.jobId) else {
            throw ProtocolError(.notFound, "no job '\(checked.jobId.prefix(64))' in this session")
        }
        // An employer taken out of the config has no HR to see the lead: refuse rather than lose it.
        guard employersByID[job.employerId] != nil else {
            throw ProtocolError(.conflict, "this employer is no longer taking applications", reason: "employer_gone")
        }
        guard var client = clients[connection] else { return [] }
        guard let viewerId = client.viewerId else {
            throw ProtocolError(.conflict, "this identity was resumed on another connection", reason: "identity_moved")
        }
        var addressBucket = addressBuckets[client.address] ?? TokenBucket(perMinute: settings.appliesPerMinutePerAddress, now: now)
        guard client.applyBucket.take(now: now), addressBucket.take(now: now) else {
            clients[connection] = client
            throw ProtocolError(.rateLimited, "too many applications; please wait a minute")
        }
        clients[connection] = client
        addressBuckets[client.address] = addressBucket

        // An application belongs to the identity that made it: only that identity's own earlier
        // application is a duplicate. Another identity with the same phone gets a lead of its own,
        // answered exactly like a first application, so it learns nothing about the other.
        if let existing = leads.existingLeadID(session: session.id, jobId: job.id, phone: checked.phone, viewerId: viewerId) {
            return [reply(connection, .applied(ref: ref, leadId: existing, duplicate: true))]
        }
        let key = LeadBook.applicationKey(session: session.id, jobId: job.id, phone: checked.phone, viewerId: viewerId)
        if let token = pendingApplications[key], let pending = pendingWrites[token], case .lead(let lead, let key, var waiters) = pending.purpose {
            waiters.append((connection, ref))
            pendingWrites[token]?.purpose = .lead(lead, applicationKey: key, waiters: waiters)
            return []
        }
        let lead = Lead(
            id: LeadBook.leadID(number: nextLeadNumber), session: session.id, jobId: job.id, jobTitle: job.title,
            employerId: job.employerId, name: checked.name, phone: checked.phone, hometown: checked.hometown,
            note: checked.note, createdAt: wallNow, viewerId: viewerId, hometownCode: checked.hometownCode
        )
        nextLeadNumber += 1
        let token = makeWriteToken()
        pendingApplications[key] = token
        let records = [StoreRecord.lead(lead)]
        pendingWrites[token] = PendingWrite(records: records, purpose: .lead(lead, applicationKey: key, waiters: [(connection, ref)]))
        return [.persist(records, token: token)]
    }

    func makeWriteToken() -> UInt64 {
        nextWriteToken += 1
        return nextWriteToken
    }

    /// The store's answer for a write: answer whoever waits, and tell HR about new leads.
    public func persisted(token: UInt64, isDurable: Bool, now: Instant) -> [HubEffect] {
        let now = advance(to: now)
        guard let pending = pendingWrites.removeValue(forKey: token) else { return [] }
        if isDurable { pending.records.forEach(leads.apply) }
        switch pending.purpose {
        case .lead(let lead, let key, let waiters):
            pendingApplications[key] = nil
            guard isDurable else {
                let error = ProtocolError(.unavailable, "we could not save your application; please try again")
                return waiters.map { reply($0.connection, .error(error, ref: $0.ref)) }
            }
            sessions[lead.session]?.applications += 1
            sessions[lead.session]?.appliedByJob[lead.jobId, default: 0] += 1
            var effects = waiters.enumerated().map { index, waiter in
                reply(waiter.connection, .applied(ref: waiter.ref, leadId: lead.id, duplicate: index > 0))
            }
            let announcement = encode(.leadNew(.masked(lead)))
            for connection in hrConnections[lead.employerId] ?? [] where clients[connection]?.sessionID == lead.session {
                effects.append(.send(connection, announcement))
            }
            return effects
        case .sessionEvent(let session, let event, let requester, let ref):
            return sessionEventPersisted(token: token, session: session, event, isDurable: isDurable, requester: requester, ref: ref)
        case .httpResponse(let connection, let response):
            guard isDurable else {
                return [.respond(connection, .error(.unavailable, "the store cannot write right now; please try again"))]
            }
            return [.respond(connection, response)]
        case .accountRevoked(let accountId, let connection, let response):
            guard isDurable else {
                return [.respond(connection, .error(.unavailable, "the store cannot write right now; please try again"))]
            }
            return [.respond(connection, response)] + signOut(account: accountId, reason: "account revoked")
        case .libraryPolicy(let id, let connection, let response):
            return libraryPolicyPersisted(id, isDurable: isDurable, connection: connection, response: response)
        case .sessionCreated(let id, let connection):
            return sessionCreated(id, isDurable: isDurable, connection: connection)
        case .employer(let id, let connection, let response):
            return employerPersisted(id, isDurable: isDurable, connection: connection, response: response)
        case .adminSessionEvents(let session, let events, let connection, let response):
            return adminEventsPersisted(token: token, session: session, events, isDurable: isDurable, connection: connection, response: response)
        case .queue(let sessionID, let continuation, let requester, let ref):
            let others = refusalWaiters.removeValue(forKey: token) ?? []
            guard let session = sessions[sessionID] else { return [] }
            guard isDurable else {
                session.queue.refuse(token: token, durable: leads.queues[sessionID] ?? QueueState())
                let error = ProtocolError(.unavailable, "the line could not be saved; please try again")
                let told = (requester.map { [($0, ref)] } ?? []) + others.map { ($0.connection, $0.ref) }
                return told.map { reply($0.0, .error(error, ref: $0.1)) }
            }
            session.queue.confirm(token: token)
            return resume(continuation, in: session, now: now)
        case .retention:
            return retentionPersisted(isDurable: isDurable, now: now)
        }
    }
}
