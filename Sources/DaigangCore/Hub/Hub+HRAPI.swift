import Foundation

extension Hub {
    static let maxFollowUpNote = 2000
    /// A start date may lie this many days before or after the day it is recorded.
    static let maxStartDateDistanceDays: Int64 = 366
    static let rfc5987Unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Answers an HR API request the server has routed; answers come back as `.respond` effects.
    ///
    /// The sign-in is checked before anything else, for every case: a refusal carries
    /// `WWW-Authenticate` (401) or `Retry-After` (429) and never reveals what the request named.
    /// Lead details and exports answer only once their audit record is durable.
    /// - Parameters:
    ///   - authorization: the `Authorization` header, if any.
    ///   - address: the client's address (after trusted-proxy resolution), for the sign-in budget.
    public func handleHR(_ request: HRRequest, authorization: String?, address: String, from connection: ConnectionID, now: Instant) -> [HubEffect] {
        let now = advance(to: now)
        let principal: Principal
        switch authenticate(authorization: authorization, address: address, channel: .httpHR, hint: "HR token", from: connection, now: now) {
        case .refused(let effects): return effects
        case .accepted(let found): principal = found
        }
        guard principal.role == .hr, let employer = principal.employerId.flatMap({ employersByID[$0] }) else {
            return [.respond(connection, .error(.forbidden, "only an HR account reads leads"))]
        }
        do {
            switch request {
            case .listLeads(let query, let cursor, let limit):
                return [.respond(connection, try list(query, cursor: cursor, limit: limit, employer: employer))]
            case .exportCSV(let query):
                return try export(query, format: .csv, employer: employer, by: principal, connection: connection)
            case .exportXLSX(let query):
                return try export(query, format: .xlsx, employer: employer, by: principal, connection: connection)
            case .sessions:
                return [.respond(connection, APIResponse(status: 200, body: try encodeJSON(LeadSessions(sessions: leadSessions(of: employer)))))]
            case .leadDetail(let id):
                let lead = try ownLead(id, employer: employer)
                let body = try encodeJSON(["lead": LeadView.detailed(lead)])
                return persistThenRespond([.audit(AuditEntry(employerId: employer.id, action: .viewLead, leadIds: [lead.id], at: wallNow, by: principal.accountId))],
                                          connection: connection, response: APIResponse(status: 200, body: body))
            case .addFollowUp(let leadID, let body):
                return try addFollowUp(body, leadID: leadID, employer: employer, by: principal, connection: connection, now: now)
            case .methodNotAllowed(let allow):
                return [.respond(connection, .methodNotAllowed(allow: allow))]
            case .notFound:
                return [.respond(connection, .error(.notFound, "no such API"))]
            }
        } catch {
            return [.respond(connection, .error(error.code, error.message))]
        }
    }

    /// Another employer's lead is reported exactly like a missing one.
    private func ownLead(_ id: String, employer: Employer) throws(ProtocolError) -> Lead {
        guard let lead = leads.lead(withID: id), lead.employerId == employer.id else {
            throw ProtocolError(.notFound, "no lead '\(id.prefix(20))'")
        }
        return lead
    }

    private func filter(_ query: LeadQuery, employer: Employer) throws(ProtocolError) -> LeadFilter {
        if let hometown = query.hometown, !hometown.isEmpty {
            throw ProtocolError(.badRequest, "hometown is not a filter (nor is hometownCode): hiring may not select people by region (hometown appears only in aggregate reports)")
        }
        var filter = LeadFilter(employerId: employer.id)
        filter.session = query.session.flatMap { $0.isEmpty ? nil : $0 }
        filter.jobId = query.job.flatMap { $0.isEmpty ? nil : $0 }
        if let status = query.status, !status.isEmpty {
            guard let parsed = LeadStatus(rawValue: status) else {
                throw ProtocolError(.badRequest, "status must be one of \(LeadStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.status = parsed
        }
        if let since = query.since, !since.isEmpty {
            guard let value = Int64(since), value >= 0 else { throw ProtocolError(.badRequest, "since must be milliseconds since 1970") }
            filter.since = value
        }
        if let q = query.q {
            filter.search = try LeadSearch(parsing: q)
        }
        return filter
    }

    /// The sessions with at least one of the employer's leads, in the hub's session order, each
    /// with its title and how many leads it has (withdrawn ones too: HR still sees them).
    private func leadSessions(of employer: Employer) -> [LeadSession] {
        var counts: [String: Int] = [:]
        for lead in leads.leads(matching: LeadFilter(employerId: employer.id)) { counts[lead.session, default: 0] += 1 }
        let known = sessionIDs.filter { counts[$0] != nil }
        // A lead of a session the hub no longer has keeps its id as the title.
        let gone = counts.keys.filter { sessions[$0] == nil }.sorted()
        return (known + gone).map { id in
            let definition = sessions[id]?.durable.definition
            return LeadSession(id: id, title: definition?.title ?? id, status: definition?.status, leads: counts[id] ?? 0)
        }
    }

    private func list(_ query: LeadQuery, cursor: String?, limit limitText: String?, employer: Employer) throws(ProtocolError) -> APIResponse {
        let filter = try filter(query, employer: employer)
        var limit = 50
        if let text = limitText {
            guard let value = Int(text), (1...200).contains(value) else { throw ProtocolError(.badRequest, "limit must be 1–200") }
            limit = value
        }
        var before: Int?
        if let cursor, !cursor.isEmpty {
            guard let position = LeadBook.number(ofLeadID: cursor) else { throw ProtocolError(.badRequest, "cursor is not valid") }
            before = position
        }
        let page = leads.page(matching: filter, before: before, limit: limit)
        let next = page.hasMore ? page.leads.last?.id : nil
        let body = try encodeJSON(LeadPage(leads: page.leads.map(LeadView.full), nextCursor: next))
        return APIResponse(status: 200, body: body)
    }

    private enum ExportFormat: String { case csv, xlsx }

    /// Every matching lead as a file, answered once the audit record of the export is durable.
    private func export(_ query: LeadQuery, format: ExportFormat, employer: Employer, by principal: Principal, connection: ConnectionID) throws(ProtocolError) -> [HubEffect] {
        let selected = leads.leads(matching: try filter(query, employer: employer))
        var chineseLabels = false
        switch query.labels ?? "" {
        case "", "code": break
        case "zh": chineseLabels = true
        default: throw ProtocolError(.badRequest, "labels must be zh or code")
        }
        let filename = "leads-\(employer.id).\(format.rawValue)"
        // RFC 5987: only ASCII unreserved characters stay as they are; everything else is %XX of its UTF-8 bytes.
        let encodedName = "线索-\(employer.name)-\(employer.id).\(format.rawValue)".addingPercentEncoding(withAllowedCharacters: Self.rfc5987Unreserved) ?? filename
        let disposition = [("content-disposition", "attachment; filename=\"\(filename)\"; filename*=UTF-8''\(encodedName)")]
        var response: APIResponse
        switch format {
        case .csv:
            response = APIResponse(status: 200, contentType: "text/csv; charset=utf-8", body: LeadCSV.render(selected, chineseLabels: chineseLabels), headers: disposition)
        case .xlsx:
            response = APIResponse(status: 200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: [], headers: disposition)
            response.leadsWorkbook = selected
        }
        let entry = AuditEntry(employerId: employer.id, action: .export, leadIds: selected.map(\.id), at: wallNow, by: principal.accountId)
        return persistThenRespond([.audit(entry)], connection: connection, response: response)
    }

    private func addFollowUp(_ bodyBytes: [UInt8], leadID: String, employer: Employer, by principal: Principal, connection: ConnectionID, now: Int64) throws(ProtocolError) -> [HubEffect] {
        var lead = try ownLead(leadID, employer: employer)
        let body: FollowUpBody
        do {
            body = try decoder.decode(FollowUpBody.self, from: Data(bodyBytes))
        } catch let error as DecodingError {
            throw ProtocolError.from(error)
        } catch {
            throw ProtocolError(.badRequest, "body is not valid JSON")
        }
        guard body.status.isSetByHR else {
            throw ProtocolError(.badRequest, "status '\(body.status.rawValue)' is set by the \(body.status == .withdrawn ? "applicant" : "interview line"), not by a follow-up")
        }
        var note: String?
        if let text = body.note {
            do {
                note = try CatalogValidation.checkOptionalText(text, field: "note", maxLength: Self.maxFollowUpNote, shape: .multiLine)
            } catch {
                throw ProtocolError.from(error)
            }
        }
        let today = CalendarDate(beijingDayOf: wallNow)
        if let startDate = body.startDate {
            guard body.status == .hired else { throw ProtocolError(.badRequest, "startDate goes only with status hired") }
            guard abs(startDate.daysSinceEpoch - today.daysSinceEpoch) <= Self.maxStartDateDistanceDays else {
                throw ProtocolError(.badRequest, "startDate must be within a year of today")
            }
        }
        if body.retained7d != nil {
            guard body.status == .hired, let ask = (body.startDate ?? lead.startDate)?.adding(days: 7) else {
                throw ProtocolError(.badRequest, "retained_7d answers 还在岗吗 for a hired lead with a startDate")
            }
            guard today >= ask else { throw ProtocolError(.badRequest, "retained_7d can be given from \(ask) on (seven days after the start date)") }
        }
        let followup = FollowUp(status: body.status, note: note, at: wallNow, by: principal.accountId, byName: principal.name,
                                startDate: body.startDate ?? (body.retained7d != nil ? lead.startDate : nil), retained7d: body.retained7d)
        lead.followups = (lead.followups ?? []) + [followup]
        let response = APIResponse(status: 201, body: try encodeJSON(["lead": LeadView.detailed(lead)]))
        return persistThenRespond([.followup(leadId: lead.id, followup)], connection: connection, response: response)
    }

    func persistThenRespond(_ records: [StoreRecord], connection: ConnectionID, response: APIResponse) -> [HubEffect] {
        let token = makeWriteToken()
        pendingWrites[token] = PendingWrite(records: records, purpose: .httpResponse(connection: connection, response: response))
        return [.persist(records, token: token)]
    }

    func encodeJSON<Value: Encodable>(_ value: Value) throws(ProtocolError) -> [UInt8] {
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw ProtocolError(.unavailable, "could not encode the answer")
        }
    }
}

private struct FollowUpBody: Decodable {
    var status: LeadStatus
    var note: String?
    var startDate: CalendarDate?
    var retained7d: Bool?

    enum CodingKeys: String, CodingKey {
        case status, note, startDate
        case retained7d = "retained_7d"
    }
}

private struct LeadSessions: Encodable {
    var sessions: [LeadSession]
}

private struct LeadSession: Encodable {
    var id: String
    var title: String
    var status: SessionStatus?
    var leads: Int
}

private struct LeadPage: Encodable {
    var leads: [LeadView]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey { case leads, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(leads, forKey: .leads)
        try c.encode(nextCursor, forKey: .nextCursor)
    }
}
