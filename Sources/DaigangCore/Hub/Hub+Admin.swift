import Foundation

extension Hub {
    /// Imports of more jobs than this are not broadcast job by job (viewers' outbound queues would
    /// overflow) but as one `catalog_changed`.
    static let maxImportBroadcasts = 100

    /// Employers a job sheet may name: the config's first, then those created over the API, by
    /// their current names.
    public var employers: [Employer] { employerProfiles.compactMap { employersByID[$0.id] } }

    /// The registered 统一社会信用代码 of the directory's employers, by id, so a sheet's code column
    /// is checked against the employer it names.
    public var employerCreditCodes: [String: CreditCode] {
        var codes: [String: CreditCode] = [:]
        for profile in employerProfiles {
            if let text = profile.creditCode, let code = try? CreditCode(text) { codes[profile.id] = code }
        }
        return codes
    }

    /// Checks the admin API's `Authorization` header and whether the account may make a request of `access`.
    ///
    /// The sign-in is `authenticate`'s, as for the HR API (no header: 401 uncharged; a wrong token
    /// charged to the address; 429 for an address out of budget unless its token is a long,
    /// correct one); then an account of the wrong role or scope gets 403.
    public func admitAdmin(_ access: AdminRequest.Access, authorization: String?, address: String, from connection: ConnectionID, now: Instant) -> AdminAdmission {
        let now = advance(to: now)
        switch authenticate(authorization: authorization, address: address, channel: .httpAdmin, hint: "organizer or host token", from: connection, now: now) {
        case .refused(let effects):
            return .refused(effects)
        case .accepted(let principal):
            if let refusal = Self.refusal(of: access, to: principal) { return .refused([.respond(connection, refusal)]) }
            return .admitted(principal)
        }
    }

    /// Why `principal` may not make a request of `access`, or nil if it may.
    static func refusal(of access: AdminRequest.Access, to principal: Principal) -> APIResponse? {
        switch principal.role {
        case .organizer:
            return nil
        case .hr:
            return .error(.forbidden, "HR accounts cannot use the admin API")
        case .host:
            if access == .organizer { return .error(.forbidden, "only organizer accounts may do this") }
            guard case .session(let id) = access, !principal.may(see: id) else { return nil }
            return .error(.forbidden, "this host account is not given session '\(id.prefix(64))'")
        }
    }

    /// Answers an admitted admin request; changes answer once their events are durable.
    public func handleAdmin(_ request: AdminRequest, principal: Principal, from connection: ConnectionID, now: Instant) -> [HubEffect] {
        _ = advance(to: now)
        if let refusal = Self.refusal(of: request.access, to: principal) { return [.respond(connection, refusal)] }
        do throws(AdminFailure) {
            switch request {
            case .listSessions:
                let visible = sessionIDs.filter(principal.may(see:)).compactMap { sessions[$0] }
                return [.respond(connection, APIResponse(status: 200, body: try encodeAdmin(["sessions": visible.map(AdminSessionSummary.init)])))]
            case .session(let id):
                let session = try adminSession(id)
                return [.respond(connection, APIResponse(status: 200, body: try encodeAdmin(["session": AdminSessionDetail(session.adminDefinition)])))]
            case .createJob(let id, let body):
                let session = try adminSession(id)
                let job = try adminJob(body, pathID: nil, in: session)
                if session.projected.definition.jobs.contains(where: { $0.id == job.id }) {
                    throw AdminFailure(.conflict, "a job with id '\(job.id)' exists in this session; PUT it to change it", field: "id")
                }
                return journalAdmin([.jobUpserted(job)], in: session, by: principal, connection: connection, status: 201, body: try encodeAdmin(["job": job]))
            case .replaceJob(let id, let jobId, let body):
                let session = try adminSession(id)
                guard session.projected.definition.jobs.contains(where: { $0.id == jobId }) else {
                    throw AdminFailure(.notFound, "no job '\(jobId.prefix(64))' in this session")
                }
                let job = try adminJob(body, pathID: jobId, in: session)
                return journalAdmin([.jobUpserted(job)], in: session, by: principal, connection: connection, status: 200, body: try encodeAdmin(["job": job]))
            case .withdrawJob(let id, let jobId):
                let session = try adminSession(id)
                try requireOpen(session)
                guard session.projected.definition.jobs.contains(where: { $0.id == jobId }) else {
                    throw AdminFailure(.notFound, "no job '\(jobId.prefix(64))' in this session")
                }
                return journalAdmin([.jobWithdrawn(jobId: jobId, at: wallNow)], in: session, by: principal, connection: connection, status: 200,
                                    body: Array(#"{"withdrawn":true}"#.utf8))
            case .createPolicy(let id, let body):
                let session = try adminSession(id)
                let policy = try adminPolicy(body, pathID: nil, in: session)
                if session.projected.definition.policies.contains(where: { $0.id == policy.id }) {
                    throw AdminFailure(.conflict, "a policy with id '\(policy.id)' exists in this session; PUT it to change it", field: "id")
                }
                return journalAdmin([.policyUpserted(policy)], in: session, by: principal, connection: connection, status: 201, body: try encodeAdmin(["policy": policy]))
            case .replacePolicy(let id, let policyId, let body):
                let session = try adminSession(id)
                guard session.projected.definition.policies.contains(where: { $0.id == policyId }) else {
                    throw AdminFailure(.notFound, "no policy '\(policyId.prefix(64))' in this session")
                }
                let policy = try adminPolicy(body, pathID: policyId, in: session)
                return journalAdmin([.policyUpserted(policy)], in: session, by: principal, connection: connection, status: 200, body: try encodeAdmin(["policy": policy]))
            case .withdrawPolicy(let id, let policyId):
                let session = try adminSession(id)
                try requireOpen(session)
                guard session.projected.definition.policies.contains(where: { $0.id == policyId }) else {
                    throw AdminFailure(.notFound, "no policy '\(policyId.prefix(64))' in this session")
                }
                return journalAdmin([.policyWithdrawn(policyId: policyId, at: wallNow)], in: session, by: principal, connection: connection, status: 200,
                                    body: Array(#"{"withdrawn":true}"#.utf8))
            case .importJobs(let id, let jobs, let isDryRun):
                let session = try adminSession(id)
                try requireOpen(session)
                let existing = Set(session.projected.definition.jobs.map(\.id))
                let added = jobs.filter { !existing.contains($0.id) }.count
                let summary = ImportSummary(dryRun: isDryRun, rows: jobs.count, added: added, replaced: jobs.count - added, jobs: jobs)
                let body = try encodeAdmin(summary)
                if isDryRun { return [.respond(connection, APIResponse(status: 200, body: body))] }
                return journalAdmin(jobs.map(SessionEvent.jobUpserted), in: session, by: principal, connection: connection, status: 200, body: body)
            case .listLibraryPolicies, .createLibraryPolicy, .replaceLibraryPolicy, .addLibraryPolicy:
                return try handlePolicyLibrary(request, principal: principal, from: connection)
            case .createSession, .updateSession, .copySession:
                return try handleSessionAdmin(request, principal: principal, from: connection)
            case .listEmployers, .createEmployer, .updateEmployer:
                return try handleEmployers(request, principal: principal, from: connection)
            case .jobsTemplate:
                preconditionFailure("the server writes the template itself")
            case .methodNotAllowed(let allow):
                return [.respond(connection, .methodNotAllowed(allow: allow))]
            case .notFound:
                return [.respond(connection, .error(.notFound, "no such admin API"))]
            }
        } catch {
            return [.respond(connection, error.response)]
        }
    }

    /// The session, or 404.
    func adminSession(_ id: String) throws(AdminFailure) -> LiveSession {
        guard let session = sessions[id] else { throw AdminFailure(.notFound, "no session '\(id.prefix(64))'") }
        return session
    }

    private func requireOpen(_ session: LiveSession) throws(AdminFailure) {
        if session.projected.definition.status == .closed {
            throw AdminFailure(.conflict, "this session is closed; nothing in it can change")
        }
    }

    /// Decodes and validates a job body; `pathID` (PUT) fills a missing id and must match a given one.
    private func adminJob(_ body: [UInt8], pathID: String?, in session: LiveSession) throws(AdminFailure) -> Job {
        try requireOpen(session)
        let job = try decodeStrictly(Job.self, body, pathID: pathID, what: "job")
        do {
            return try CatalogValidation.validate(job, prefix: "job", employers: employersByID)
        } catch {
            throw Self.failure(error, prefix: "job.")
        }
    }

    /// Decodes and validates a policy body, as `adminJob`.
    func adminPolicy(_ body: [UInt8], pathID: String?, in session: LiveSession) throws(AdminFailure) -> Policy {
        try requireOpen(session)
        let policy = try decodeStrictly(Policy.self, body, pathID: pathID, what: "policy")
        do {
            return try CatalogValidation.validate(policy, prefix: "policy")
        } catch {
            throw Self.failure(error, prefix: "policy.")
        }
    }

    /// A validation error as a refusal naming the body's field (without the `job.` prefix).
    static func failure(_ error: ValidationError, prefix: String) -> AdminFailure {
        let field = error.field.hasPrefix(prefix) ? String(error.field.dropFirst(prefix.count)) : error.field
        return AdminFailure(.badRequest, "field '\(field)' \(error.reason)", field: field)
    }

    /// Decodes a JSON object body strictly: an organizer's misspelt field is a mistake to point at,
    /// not a newer client's extra. `pathID` (PUT) fills a missing `id` and must match a given one.
    func decodeStrictly<Value: Decodable>(_ type: Value.Type, _ body: [UInt8], pathID: String?, what: String) throws(AdminFailure) -> Value {
        var object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw AdminFailure(.badRequest, "the body must be a JSON object (a \(what))")
            }
            object = parsed
        } catch let failure as AdminFailure {
            throw failure
        } catch {
            throw AdminFailure(.badRequest, "the body is not valid JSON")
        }
        if let pathID {
            if let given = object["id"] as? String, given != pathID {
                throw AdminFailure(.badRequest, "field 'id' must match the \(what) id in the path", field: "id")
            }
            object["id"] = pathID
        }
        do {
            let strict = JSONDecoder()
            strict.userInfo[.rejectsUnknownKeys] = true
            return try strict.decode(Value.self, from: JSONSerialization.data(withJSONObject: object))
        } catch let error as DecodingError {
            throw AdminFailure(.badRequest, "field '\(error.fieldPath)' \(error.readableReason)", field: error.fieldPath)
        } catch {
            throw AdminFailure(.badRequest, "the body is not a \(what)")
        }
    }

    /// Hands the events to the store in one write; the request is answered once they are durable.
    /// - Parameter by: the acting account, journaled with every event.
    func journalAdmin(_ events: [SessionEvent], in session: LiveSession, by: Principal, connection: ConnectionID, status: Int, body: [UInt8]) -> [HubEffect] {
        let token = makeWriteToken()
        let records = events.map { StoreRecord.session(id: session.id, $0, by: by.accountId) }
        events.forEach { session.submitted($0, token: token) }
        let response = APIResponse(status: status, body: body)
        pendingWrites[token] = PendingWrite(records: records, purpose: .adminSessionEvents(session: session.id, events, connection: connection, response: response))
        return [.persist(records, token: token)]
    }

    /// The store's answer for admin session events (their records are already applied to the book).
    func adminEventsPersisted(token: UInt64, session id: String, _ events: [SessionEvent], isDurable: Bool, connection: ConnectionID, response: APIResponse) -> [HubEffect] {
        guard let session = sessions[id] else { return [] }
        guard isDurable, let state = leads.state.sessions[id] else {
            session.refused(token: token)
            return [.respond(connection, .error(.unavailable, "the change could not be saved, so nothing changed; please try again"))]
        }
        session.confirmed(token: token, state: state)
        // Details (title, startsAt, …) change without a broadcast: the next welcome must have them.
        session.forgetSnapshot()
        var effects: [HubEffect] = [.respond(connection, response)]
        if events.count <= Self.maxImportBroadcasts {
            for event in events {
                if let message = broadcast(for: event, in: session) { effects.append(.broadcast(sessionID: id, encode(message))) }
            }
        } else {
            // One message instead of one per job: pages holding the catalog fetch it again.
            let catalog = session.catalog(with: encoder)
            let changed = ServerMessage.catalogChanged(
                seq: session.nextSeq(), jobCount: catalog.jobCount,
                catalogETag: catalog.etag, catalogURL: JobCatalog.url(forSession: id)
            )
            effects.append(.broadcast(sessionID: id, encode(changed)))
        }
        return effects
    }

    func encodeAdmin<Value: Encodable>(_ value: Value) throws(AdminFailure) -> [UInt8] {
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw AdminFailure(.unavailable, "could not encode the answer")
        }
    }
}

extension Principal {
    /// Whether the account may see and change session `id`: organizers all, hosts those given them
    /// (`sessions` nil: every session, as the bootstrap host token).
    func may(see id: String) -> Bool {
        switch role {
        case .organizer: true
        case .host: sessions?.contains(id) ?? true
        case .hr: false
        }
    }
}

/// An admin API refusal: the code, the message, and the body field at fault if one is.
struct AdminFailure: Error {
    var code: ErrorCode
    var message: String
    var field: String?

    init(_ code: ErrorCode, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    var response: APIResponse {
        field.map { APIResponse.error(code, message, field: $0) } ?? APIResponse.error(code, message)
    }
}

/// One line of `GET /api/admin/sessions`.
private struct AdminSessionSummary: Encodable {
    var id: String
    var title: String
    var host: String?
    var status: SessionStatus
    var jobs: Int
    var policies: Int
    var applications: Int

    init(_ session: LiveSession) {
        let definition = session.durable.definition
        id = session.id
        title = definition.title
        host = definition.host
        status = definition.status
        jobs = definition.jobs.count
        policies = definition.policies.count
        applications = session.applications
    }
}

/// The answer to an import: what the sheet held and what it did (or, dry run, would do).
private struct ImportSummary: Encodable {
    var dryRun: Bool
    var rows: Int
    var added: Int
    var replaced: Int
    var jobs: [Job]
}

extension LiveSession {
    /// The session as an organizer edits it: every job (a suspended employer's too) with its employer's current name.
    var adminDefinition: SessionDefinition {
        var definition = durable.definition
        definition.jobs = definition.jobs.map(named)
        return definition
    }
}
