import Foundation

extension Hub {
    /// The policy library shared across sessions: `GET/POST /api/admin/policies`,
    /// `PUT /api/admin/policies/{id}`, and `POST /api/admin/sessions/{id}/library-policies`.
    func handlePolicyLibrary(_ request: AdminRequest, principal: Principal, from connection: ConnectionID) throws(AdminFailure) -> [HubEffect] {
        let library = leads.state.libraryPolicies
        switch request {
        case .listLibraryPolicies:
            let policies = leads.state.libraryPolicyOrder.compactMap { library[$0] }
            return [.respond(connection, APIResponse(status: 200, body: try encodeAdmin(["policies": policies])))]
        case .createLibraryPolicy(let body):
            let policy = try libraryPolicy(body, pathID: nil)
            if library[policy.id] != nil || pendingLibraryPolicyIDs.contains(policy.id) {
                throw AdminFailure(.conflict, "a library policy with id '\(policy.id)' exists; PUT it to change it", field: "id")
            }
            return journalLibraryPolicy(policy, by: principal, connection: connection, status: 201)
        case .replaceLibraryPolicy(let id, let body):
            guard library[id] != nil else { throw AdminFailure(.notFound, "no library policy '\(id.prefix(64))'") }
            return journalLibraryPolicy(try libraryPolicy(body, pathID: id), by: principal, connection: connection, status: 200)
        case .addLibraryPolicy(let sessionID, let body):
            let session = try adminSession(sessionID)
            let choice = try decodeStrictly(LibraryChoice.self, body, pathID: nil, what: "choice of library policy")
            guard let policy = library[choice.policyId] else {
                throw AdminFailure(.notFound, "no library policy '\(choice.policyId.prefix(64))'", field: "policyId")
            }
            if session.projected.definition.status == .closed {
                throw AdminFailure(.conflict, "this session is closed; nothing in it can change")
            }
            let isNew = !session.projected.definition.policies.contains { $0.id == policy.id }
            return journalAdmin([.policyUpserted(policy)], in: session, by: principal, connection: connection, status: isNew ? 201 : 200,
                                body: try encodeAdmin(["policy": policy]))
        default:
            preconditionFailure("not a policy library request")
        }
    }

    private func libraryPolicy(_ body: [UInt8], pathID: String?) throws(AdminFailure) -> Policy {
        let policy = try decodeStrictly(Policy.self, body, pathID: pathID, what: "policy")
        do {
            return try CatalogValidation.validate(policy, prefix: "policy")
        } catch {
            throw Self.failure(error, prefix: "policy.")
        }
    }

    private func journalLibraryPolicy(_ policy: Policy, by principal: Principal, connection: ConnectionID, status: Int) -> [HubEffect] {
        let token = makeWriteToken()
        let records = [StoreRecord.libraryPolicy(policy, by: principal.accountId)]
        let response = APIResponse(status: status, body: (try? encodeAdmin(["policy": policy])) ?? [])
        pendingLibraryPolicyIDs.insert(policy.id)
        pendingWrites[token] = PendingWrite(records: records, purpose: .libraryPolicy(policy.id, connection: connection, response: response))
        return [.persist(records, token: token)]
    }

    func libraryPolicyPersisted(_ id: String, isDurable: Bool, connection: ConnectionID, response: APIResponse) -> [HubEffect] {
        pendingLibraryPolicyIDs.remove(id)
        guard isDurable else {
            return [.respond(connection, .error(.unavailable, "the change could not be saved, so nothing changed; please try again"))]
        }
        return [.respond(connection, response)]
    }
}

/// `{"policyId": "…"}`: which library policy to add to a session.
private struct LibraryChoice: Decodable {
    var policyId: String

    enum CodingKeys: String, CodingKey, CaseIterable { case policyId }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        policyId = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .policyId)
    }
}
