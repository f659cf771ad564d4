extension Hub {
    /// Judges a host command against the session as it will be once what is pending is durable,
    /// and returns the event it makes. Nothing changes here.
    func sessionEvent(for message: ClientMessage, in session: LiveSession, now: Int64) throws(ProtocolError) -> SessionEvent {
        let projected = session.projected
        let definition = projected.definition
        if definition.status == .closed {
            throw ProtocolError(.conflict, "this session is closed; nothing in it can change", reason: "session_closed")
        }
        switch message {
        case .sessionStatus(let status):
            guard definition.status.allows(status) else {
                throw ProtocolError(.conflict, "a session cannot go from \(definition.status.rawValue) to \(status.rawValue)", reason: "status_order")
            }
            return .statusChanged(status, at: wallNow)
        case .pinJob(let jobId):
            if let jobId, !definition.jobs.contains(where: { $0.id == jobId }) {
                throw ProtocolError(.notFound, "no job '\(jobId.prefix(64))' in this session")
            }
            return .jobPinned(jobId: jobId)
        case .showPolicy(let policyId):
            if let policyId, !definition.policies.contains(where: { $0.id == policyId }) {
                throw ProtocolError(.notFound, "no policy '\(policyId.prefix(64))' in this session")
            }
            return .policyShown(policyId: policyId)
        case .announce(let text):
            do {
                let checked = try CatalogValidation.checkText(text, field: "text", maxLength: 500, shape: .multiLine)
                return .announced(Announcement(text: checked, at: wallNow))
            } catch {
                throw ProtocolError.from(error)
            }
        case .upsertJob(let job):
            do {
                return .jobUpserted(try CatalogValidation.validate(job, prefix: "job", employers: employersByID))
            } catch {
                throw ProtocolError.from(error)
            }
        case .withdrawJob(let jobId):
            guard definition.jobs.contains(where: { $0.id == jobId }) else {
                throw ProtocolError(.notFound, "no job '\(jobId.prefix(64))' in this session")
            }
            return .jobWithdrawn(jobId: jobId, at: wallNow)
        case .upsertPolicy(let policy):
            do {
                return .policyUpserted(try CatalogValidation.validate(policy, prefix: "policy"))
            } catch {
                throw ProtocolError.from(error)
            }
        case .hideQuestion, .answerQuestion, .markAnswered:
            return try questionEvent(for: message, board: projected.questions, now: now)
        case .setCallWindow(let seconds):
            if let seconds, !QueueEnding.callWindowRange.contains(seconds) {
                throw ProtocolError(.badRequest, "field 'seconds' must be null or between \(QueueEnding.callWindowRange.lowerBound) and \(QueueEnding.callWindowRange.upperBound)")
            }
            return .callWindowSet(seconds: seconds)
        case .hello, .apply, .queueJoin, .queueLeave, .queueHere, .queueCall, .queueDone, .queueRequeue, .queuePause, .queueResume,
             .ask, .upvote, .withdrawApplication:
            preconditionFailure("\(message.tagName) is not a session command")
        }
    }

    /// Hands the event to the store; the host is answered and viewers told once it is durable.
    func journal(_ event: SessionEvent, in session: LiveSession, requester: ConnectionID?, ref: MessageRef?) -> [HubEffect] {
        let token = makeWriteToken()
        let records = [StoreRecord.session(id: session.id, event, by: account(of: requester))]
        session.submitted(event, token: token)
        pendingWrites[token] = PendingWrite(records: records, purpose: .sessionEvent(session: session.id, event, requester: requester, ref: ref))
        return [.persist(records, token: token)]
    }

    /// The account signed in on `connection`: who a host's change is journaled as; nil for a viewer.
    func account(of connection: ConnectionID?) -> String? {
        connection.flatMap { clients[$0]?.accountId }
    }

    /// The store's answer for a session event (its record is already applied to the book).
    func sessionEventPersisted(token: UInt64, session id: String, _ event: SessionEvent, isDurable: Bool, requester: ConnectionID?, ref: MessageRef?) -> [HubEffect] {
        guard let session = sessions[id] else { return [] }
        guard isDurable, let state = leads.state.sessions[id] else {
            session.refused(token: token)
            guard let requester else { return [] }
            let error = ProtocolError(.unavailable, "the change could not be saved, so nothing changed; please try again")
            return [reply(requester, .error(error, ref: ref))]
        }
        session.confirmed(token: token, state: state)
        var effects: [HubEffect] = []
        switch event {
        case .question(let change):
            session.questionsVersion += 1
            if let requester, case .asked(let question) = change {
                effects.append(reply(requester, .asked(ref: ref, questionId: question.id)))
            } else if let requester {
                effects.append(reply(requester, .ok(ref: ref)))
            }
        case .callWindowSet:
            session.queue.isHostViewStale = true
            if let requester { effects.append(reply(requester, .ok(ref: ref))) }
        default:
            if let requester { effects.append(reply(requester, .ok(ref: ref))) }
        }
        if let broadcast = broadcast(for: event, in: session) {
            effects.append(.broadcast(sessionID: id, encode(broadcast)))
        }
        return effects
    }

    /// What viewers are told of a durable event.
    func broadcast(for event: SessionEvent, in session: LiveSession) -> ServerMessage? {
        let definition = session.durable.definition
        switch event {
        case .created:
            return nil
        case .statusChanged(let status, _):
            return .sessionStatus(seq: session.nextSeq(), status: status)
        case .jobUpserted(let job):
            return .jobUpdated(seq: session.nextSeq(), job: session.job(withID: job.id) ?? job)
        case .jobWithdrawn(let jobId, _):
            return .jobWithdrawn(seq: session.nextSeq(), jobId: jobId)
        case .policyUpserted(let policy):
            return .policyUpdated(seq: session.nextSeq(), policy: definition.policies.first { $0.id == policy.id } ?? policy)
        case .policyWithdrawn(let policyId, _):
            return .policyWithdrawn(seq: session.nextSeq(), policyId: policyId)
        case .jobPinned:
            return .jobPinned(seq: session.nextSeq(), job: definition.pinnedJobId.flatMap { session.job(withID: $0) })
        case .policyShown:
            return .policyShown(seq: session.nextSeq(), policy: definition.shownPolicyId.flatMap { session.policy(withID: $0) })
        case .announced(let announcement):
            return .announcement(seq: session.nextSeq(), announcement)
        case .question, .callWindowSet, .detailsChanged, .audience:
            // Questions go out at most once a second (`tickQuestions`); the window shows in the hosts' `queue`.
            return nil
        }
    }
}
