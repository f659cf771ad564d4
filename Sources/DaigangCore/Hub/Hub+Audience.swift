extension Hub {
    /// Journals every session's viewer figures that changed since they were last written, without
    /// waiting for `AudienceCount.recordEveryMillis`: the server calls it once when it starts to
    /// stop, so a clean restart loses nothing (docs/REPORTS.md "Viewers").
    public func recordAudience(now: Instant) -> [HubEffect] {
        let now = advance(to: now)
        return sessionIDs.flatMap { id in sessions[id].map { recordAudienceIfDue($0, now: now, isFinal: true) } ?? [] }
    }

    /// One `audience` record for `session` if its figures are due (`AudienceCount.recordDue`): at
    /// most every 30 s while they change, at once when the session has ended or `isFinal`. Never
    /// two on their way at once; a refused one is tried again after the interval.
    func recordAudienceIfDue(_ session: LiveSession, now: Int64, isFinal: Bool) -> [HubEffect] {
        let isPending = session.pendingEvents.contains { if case .audience = $0.event { true } else { false } }
        guard !isPending else { return [] }
        let isFinal = isFinal || session.status == .ended || session.status == .closed
        guard session.audience.recordDue(written: session.durable.audience, now: now, isFinal: isFinal) else { return [] }
        session.audience.recorded(now: now)
        return journal(.audience(session.audience.figures), in: session, requester: nil, ref: nil)
    }
}

extension Hub {
    /// The durable state with each session's live viewer figures where they are ahead of the last
    /// `audience` record: what the report shows, so it neither lags up to 30 s behind nor changes
    /// across a clean restart (which journals the same figures). Copies the session table only
    /// when a figure is ahead, never the leads.
    var reportState: LeadBook.State {
        var state = leads.state
        for (id, session) in sessions {
            let live = session.audience.figures
            guard let durable = state.sessions[id]?.audience, live.merged(with: durable) != durable else { continue }
            state.sessions[id]?.audience = live.merged(with: durable)
        }
        return state
    }
}
