import Foundation

extension Hub {
    /// The employers jobs may name: the config's, then the directory's (whose names win; an
    /// employer only in the directory has no config HR token, so `hrToken` is empty and never signs in).
    static func directory(config: [Employer], profiles: [String: EmployerProfile]) -> [String: Employer] {
        var byID = Dictionary(config.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (id, profile) in profiles {
            byID[id] = Employer(id: id, name: profile.name, hrToken: byID[id]?.hrToken ?? "")
        }
        return byID
    }

    /// Employer names as jobs show them.
    var employerNames: [String: String] { employersByID.mapValues(\.name) }

    /// Employers whose jobs are hidden and refuse applications.
    var suspendedEmployers: Set<String> { Set(leads.state.employers.values.filter(\.suspended).map(\.id)) }

    /// Every employer as the directory shows it: the config's (as plain profiles until changed), then those created over the API.
    var employerProfiles: [EmployerProfile] {
        let stored = leads.state.employers
        let configIDs = settings.employers.map(\.id)
        let fromConfig = settings.employers.map {
            stored[$0.id] ?? EmployerProfile(id: $0.id, name: $0.name, industry: $0.industry, district: $0.district)
        }
        return fromConfig + leads.state.employerOrder.filter { !configIDs.contains($0) }.compactMap { stored[$0] }
    }

    /// `GET/POST /api/admin/employers`, `PATCH /api/admin/employers/{id}`; changes answer once durable.
    func handleEmployers(_ request: AdminRequest, principal: Principal, from connection: ConnectionID) throws(AdminFailure) -> [HubEffect] {
        switch request {
        case .listEmployers:
            return [.respond(connection, APIResponse(status: 200, body: try encodeAdmin(["employers": employerProfiles])))]
        case .createEmployer(let body):
            let change = try decodeStrictly(EmployerChange.self, body, pathID: nil, what: "employer")
            guard let id = change.id else { throw AdminFailure(.badRequest, "field 'id' is required", field: "id") }
            do {
                try CatalogValidation.checkIdentifier(id, field: "id")
            } catch {
                throw AdminFailure(.badRequest, "field 'id' \(error.reason)", field: "id")
            }
            guard employersByID[id] == nil else {
                throw AdminFailure(.conflict, "an employer with id '\(id)' exists; PATCH it to change it", field: "id")
            }
            guard change.name != nil else { throw AdminFailure(.badRequest, "field 'name' is required", field: "name") }
            let profile = try changed(EmployerProfile(id: id, name: ""), by: change, principal: principal)
            return journalEmployer(profile, by: principal, connection: connection, status: 201)
        case .updateEmployer(let id, let body):
            guard let current = employerProfiles.first(where: { $0.id == id }) else {
                throw AdminFailure(.notFound, "no employer '\(id.prefix(64))'")
            }
            let change = try decodeStrictly(EmployerChange.self, body, pathID: id, what: "employer")
            return journalEmployer(try changed(current, by: change, principal: principal), by: principal, connection: connection, status: 200)
        default:
            preconditionFailure("not an employer request")
        }
    }

    private func changed(_ profile: EmployerProfile, by change: EmployerChange, principal: Principal) throws(AdminFailure) -> EmployerProfile {
        do {
            return try change.applied(to: profile, by: principal.accountId, at: wallNow)
        } catch {
            throw AdminFailure(.badRequest, "field '\(error.field)' \(error.reason)", field: error.field)
        }
    }

    private func journalEmployer(_ profile: EmployerProfile, by principal: Principal, connection: ConnectionID, status: Int) -> [HubEffect] {
        let token = makeWriteToken()
        let records = [StoreRecord.employer(profile, by: principal.accountId)]
        let response = APIResponse(status: status, body: (try? encodeAdmin(["employer": profile])) ?? [])
        pendingWrites[token] = PendingWrite(records: records, purpose: .employer(profile.id, connection: connection, response: response))
        return [.persist(records, token: token)]
    }

    /// The store's answer for an employer change (its record is already applied to the book):
    /// jobs take the new name, and a suspension (or its end) reaches the sessions with its jobs.
    func employerPersisted(_ id: String, isDurable: Bool, connection: ConnectionID, response: APIResponse) -> [HubEffect] {
        guard isDurable else {
            return [.respond(connection, .error(.unavailable, "the change could not be saved, so nothing changed; please try again"))]
        }
        employersByID = Self.directory(config: settings.employers, profiles: leads.state.employers)
        let names = employerNames
        let hidden = suspendedEmployers
        var effects: [HubEffect] = [.respond(connection, response)]
        for sessionID in sessionIDs {
            guard let session = sessions[sessionID] else { continue }
            let wasHidden = session.hiddenEmployers.contains(id)
            let wasPinned = session.durable.definition.pinnedJobId.flatMap { session.job(withID: $0) }
            session.directoryChanged(names: names, hidden: hidden)
            guard session.durable.definition.jobs.contains(where: { $0.employerId == id }) else { continue }
            // Pages holding the catalog fetch it again; a pinned job of theirs comes and goes with it.
            let catalog = session.catalog(with: encoder)
            let changed = ServerMessage.catalogChanged(seq: session.nextSeq(), jobCount: catalog.jobCount, catalogETag: catalog.etag,
                                                       catalogURL: JobCatalog.url(forSession: sessionID))
            effects.append(.broadcast(sessionID: sessionID, encode(changed)))
            let pinned = session.durable.definition.pinnedJobId.flatMap { session.job(withID: $0) }
            if wasHidden != hidden.contains(id), pinned != wasPinned {
                effects.append(.broadcast(sessionID: sessionID, encode(ServerMessage.jobPinned(seq: session.nextSeq(), job: pinned))))
            }
        }
        return effects
    }
}
