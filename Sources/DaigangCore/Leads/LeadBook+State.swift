extension LeadBook {
    /// What a snapshot holds — leads with their history, the audit log, each session's line and
    /// the id reservation — as a value.
    ///
    /// Copying it is O(1) and the copy never changes: the loop hands one to the store's compactor
    /// (`LeadStore.writeSnapshot(of:state:)`) and keeps applying records to its own. Leads and
    /// audit entries live in `ChunkedArray`s, so the loop's next change copies one chunk, not
    /// the book. The indexes the loop queries by are not part of it: they are rebuilt at start.
    public struct State: Sendable, Equatable {
        public internal(set) var leads = ChunkedArray<Lead>()
        public internal(set) var audit = ChunkedArray<AuditEntry>()
        /// Each session's line as durably recorded.
        public internal(set) var queues: [String: QueueState] = [:]
        /// The highest `ids_reserved` seen: no lead number up to it may be handed out again.
        public internal(set) var reservedUpTo = 0
        /// Every session as its events made it, by id.
        public internal(set) var sessions: [String: SessionState] = [:]
        /// Session ids in the order they were created (the first is the default session).
        public internal(set) var sessionOrder: [String] = []
        /// Organizer, host and HR accounts (the config's bootstrap tokens are not among them).
        public internal(set) var accounts = AccountBook()
        /// The employer directory's entries as last recorded, and their ids in the order they were first recorded.
        public internal(set) var employers: [String: EmployerProfile] = [:]
        public internal(set) var employerOrder: [String] = []

        /// The policy library shared across sessions, by id, and its ids in the order first recorded.
        public internal(set) var libraryPolicies: [String: Policy] = [:]
        public internal(set) var libraryPolicyOrder: [String] = []

        mutating func setLibraryPolicy(_ policy: Policy) {
            if libraryPolicies[policy.id] == nil { libraryPolicyOrder.append(policy.id) }
            libraryPolicies[policy.id] = policy
        }

        mutating func setEmployer(_ profile: EmployerProfile) {
            if employers[profile.id] == nil { employerOrder.append(profile.id) }
            employers[profile.id] = profile
        }

        mutating func applySession(_ id: String, _ event: SessionEvent) {
            if case .created(let definition) = event {
                if sessions[id] == nil { sessionOrder.append(id) }
                sessions[id] = SessionState(definition)
            } else {
                sessions[id]?.apply(event)
            }
        }

        mutating func setSession(_ session: SessionState) {
            if sessions[session.id] == nil { sessionOrder.append(session.id) }
            sessions[session.id] = session
        }

        public init() {}

        /// Raises the reservation, e.g. to what the store's writer has reserved since.
        public mutating func noteReservation(upTo: Int) {
            reservedUpTo = max(reservedUpTo, upTo)
        }

        /// The state as records, in the order a snapshot stores them: the id reservation, each
        /// lead with its history embedded, the audit log, each session's line, the accounts.
        ///
        /// A callback rather than an array, so a snapshot of 200,000 leads is encoded as it is
        /// written instead of being built twice in memory.
        public func forEachCompactedRecord<Failure: Error>(_ body: (StoreRecord) throws(Failure) -> Void) throws(Failure) {
            if reservedUpTo > 0 { try body(.idsReserved(upTo: reservedUpTo)) }
            for id in sessionOrder { try body(.sessionState(sessions[id]!)) }
            for id in employerOrder { try body(.employer(employers[id]!)) }
            for id in libraryPolicyOrder { try body(.libraryPolicy(libraryPolicies[id]!)) }
            for lead in leads { try body(.lead(lead)) }
            for entry in audit { try body(.audit(entry)) }
            for session in queues.keys.sorted() { try body(.queueState(session: session, queues[session]!)) }
            for event in accounts.compactedEvents { try body(.account(event)) }
        }
    }
}
