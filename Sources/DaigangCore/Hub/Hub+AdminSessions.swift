extension Hub {
    /// `POST /api/admin/sessions`, `PATCH /api/admin/sessions/{id}`, `POST /api/admin/sessions/{id}/copy`.
    func handleSessionAdmin(_ request: AdminRequest, principal: Principal, from connection: ConnectionID) throws(AdminFailure) -> [HubEffect] {
        switch request {
        case .createSession(let body):
            let change = try decodeStrictly(SessionChange.self, body, pathID: nil, what: "session")
            guard change.title != nil else { throw AdminFailure(.badRequest, "field 'title' is required", field: "title") }
            if change.status != nil { throw AdminFailure(.badRequest, "field 'status' cannot be set here: a new session is scheduled", field: "status") }
            let id = try newSessionID(change.id)
            var definition = SessionDefinition(id: id, title: "", status: .scheduled, jobs: [], policies: [])
            try validated(change, over: SessionDetails(definition)).apply(to: &definition)
            return journalCreated(definition, by: principal, connection: connection)
        case .copySession(let sourceID, let body):
            guard let source = sessions[sourceID] else { throw AdminFailure(.notFound, "no session '\(sourceID.prefix(64))'") }
            let change = try decodeStrictly(SessionChange.self, body.isEmpty ? Array("{}".utf8) : body, pathID: nil, what: "session")
            if change.status != nil { throw AdminFailure(.badRequest, "field 'status' cannot be set here: a copy is scheduled", field: "status") }
            var definition = source.projected.definition
            definition.id = try newSessionID(change.id)
            definition.status = .scheduled
            definition.pinnedJobId = nil
            definition.shownPolicyId = nil
            definition.jobs = definition.jobs.map { var job = $0; job.employerName = nil; return job }
            try validated(change, over: SessionDetails(definition)).apply(to: &definition)
            return journalCreated(definition, by: principal, connection: connection)
        case .updateSession(let id, let body):
            guard let session = sessions[id] else { throw AdminFailure(.notFound, "no session '\(id.prefix(64))'") }
            let change = try decodeStrictly(SessionChange.self, body, pathID: id, what: "session")
            let current = session.projected.definition
            if current.status == .closed { throw AdminFailure(.conflict, "this session is closed; nothing in it can change") }
            var events: [SessionEvent] = []
            let details = try validated(change, over: SessionDetails(current))
            if details != SessionDetails(current) { events.append(.detailsChanged(details)) }
            if let status = change.status, status != current.status {
                guard current.status.allows(status) else {
                    throw AdminFailure(.conflict, "a session cannot go from \(current.status.rawValue) to \(status.rawValue)", field: "status")
                }
                events.append(.statusChanged(status, at: wallNow))
            }
            var after = current
            details.apply(to: &after)
            if let status = change.status { after.status = status }
            let body = try encodeAdmin(["session": AdminSessionDetail(after)])
            if events.isEmpty { return [.respond(connection, APIResponse(status: 200, body: body))] }
            return journalAdmin(events, in: session, by: principal, connection: connection, status: 200, body: body)
        default:
            preconditionFailure("not a session request")
        }
    }

    private func validated(_ change: SessionChange, over details: SessionDetails) throws(AdminFailure) -> SessionDetails {
        do {
            return try change.applied(to: details)
        } catch {
            throw AdminFailure(.badRequest, "field '\(error.field)' \(error.reason)", field: error.field)
        }
    }

    /// The id asked for (checked and free), or the next free `session-<n>`.
    private func newSessionID(_ asked: String?) throws(AdminFailure) -> String {
        let taken = Set(sessionIDs).union(pendingSessionIDs)
        if let asked {
            do {
                try CatalogValidation.checkIdentifier(asked, field: "id")
            } catch {
                throw AdminFailure(.badRequest, "field 'id' \(error.reason)", field: "id")
            }
            guard !taken.contains(asked) else { throw AdminFailure(.conflict, "a session with id '\(asked)' exists", field: "id") }
            return asked
        }
        var number = sessionIDs.count + pendingSessionIDs.count + 1
        while taken.contains("session-\(number)") { number += 1 }
        return "session-\(number)"
    }

    private func journalCreated(_ definition: SessionDefinition, by principal: Principal, connection: ConnectionID) -> [HubEffect] {
        let token = makeWriteToken()
        let records = [StoreRecord.session(id: definition.id, .created(definition), by: principal.accountId)]
        pendingSessionIDs.insert(definition.id)
        pendingWrites[token] = PendingWrite(records: records, purpose: .sessionCreated(definition.id, connection: connection))
        return [.persist(records, token: token)]
    }

    /// The store's answer for a new session (its record is already in the book): viewers can join it now.
    func sessionCreated(_ id: String, isDurable: Bool, connection: ConnectionID) -> [HubEffect] {
        pendingSessionIDs.remove(id)
        guard isDurable, let state = leads.state.sessions[id] else {
            return [.respond(connection, .error(.unavailable, "the session could not be saved, so nothing changed; please try again"))]
        }
        let session = LiveSession(state, queue: leads.queues[id] ?? QueueState(), employerNames: employerNames)
        session.directoryChanged(names: employerNames, hidden: suspendedEmployers)
        sessions[id] = session
        sessionIDs.append(id)
        let body = (try? encodeAdmin(["session": AdminSessionDetail(session.adminDefinition)])) ?? []
        return [.respond(connection, APIResponse(status: 201, body: body))]
    }
}

/// A session as the admin API answers it: the definition with `hostName` as well as `host`.
struct AdminSessionDetail: Encodable {
    var definition: SessionDefinition

    init(_ definition: SessionDefinition) { self.definition = definition }

    enum CodingKeys: String, CodingKey { case hostName }

    func encode(to encoder: any Encoder) throws {
        try definition.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(definition.host, forKey: .hostName)
    }
}
