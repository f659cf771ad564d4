extension Hub {
    /// A viewer takes back one of its own applications (`withdraw_application`): the lead is
    /// marked withdrawn and its contact data erased (`lead_withdrawn`), and a place it holds in
    /// the line is given up in the same write. The reply waits for the disk.
    ///
    /// Allowed in every session status, closed included: taking one's data back is not a change
    /// to the session. Only the identity that applied may withdraw (anyone else: `not_found`, as
    /// for an unknown lead); withdrawing again is answered `ok` and changes nothing.
    func withdrawApplication(_ leadId: String, from connection: ConnectionID, in session: LiveSession, ref: MessageRef?, now: Int64) throws(ProtocolError) -> [HubEffect] {
        guard let viewerId = clients[connection]?.viewerId else {
            throw ProtocolError(.conflict, "this identity was resumed on another connection", reason: "identity_moved")
        }
        guard let lead = leads.lead(withID: leadId), lead.session == session.id, lead.viewerId == viewerId else {
            throw ProtocolError(.notFound, "no application '\(leadId.prefix(20))' of yours in this session", reason: "unknown_application")
        }
        if lead.isWithdrawn { return [reply(connection, .ok(ref: ref))] }
        let entry = session.queue.live.entries.first { $0.leadId == leadId }
        let leave = entry.map { [QueueEvent.leave(ticket: $0.ticket, at: wallNow)] } ?? []
        let then = QueueContinuation.acknowledgeWithdrawal(
            leadId: leadId, ticket: entry?.ticket, name: entry?.name ?? "", to: QueueContinuation.Waiter(connection: connection, ref: ref)
        )
        return journal(leave, extra: [.leadWithdrawn(leadId: leadId, at: wallNow)], in: session, then: then, requester: connection, ref: ref)
    }

    /// The withdrawal is durable: answer the viewer, end its ticket, tell the hosts.
    func withdrawalDurable(leadId: String, ticket: Int?, name: String, in session: LiveSession, asker: QueueContinuation.Waiter) -> [HubEffect] {
        if let jobId = leads.lead(withID: leadId)?.jobId, let applied = session.appliedByJob[jobId] {
            session.appliedByJob[jobId] = max(0, applied - 1)
        }
        var effects = [reply(asker.connection, .ok(ref: asker.ref))]
        if let lead = leads.lead(withID: leadId) {
            // Open HR pages drop the contact they show at once, whichever session they watch.
            let notice = encode(.leadWithdrawn(.masked(lead)))
            for connection in hrConnections[lead.employerId] ?? [] { effects.append(.send(connection, notice)) }
        }
        if let ticket {
            effects.append(reply(asker.connection, .queueEnded(ticket: ticket, reason: "withdrawn", windowSeconds: nil)))
            effects += notifyHosts(session, .queueNotice(ticket: ticket, name: name, event: "withdrawn"))
        }
        return effects
    }
}
