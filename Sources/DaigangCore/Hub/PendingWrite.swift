/// Records handed to the store, and what the hub does once they are durable (or refused).
struct PendingWrite {
    enum Purpose {
        /// A new lead; `waiters` are the apply requests answered by it (the first is the original,
        /// the others repeats from the same identity).
        case lead(Lead, applicationKey: String, waiters: [(connection: ConnectionID, ref: MessageRef?)])
        /// A change to a session; `requester` (a host) is answered `ok`, or `unavailable` if refused.
        case sessionEvent(session: String, SessionEvent, requester: ConnectionID?, ref: MessageRef?)
        /// An HTTP request that answers with `response` once the records are durable.
        case httpResponse(connection: ConnectionID, response: APIResponse)
        /// Session events from the admin API, journaled in one write: the HTTP request is answered
        /// `response` and viewers are told once they are durable.
        case adminSessionEvents(session: String, [SessionEvent], connection: ConnectionID, response: APIResponse)
        /// A session created (or copied) over the admin API: it joins the hub once durable.
        case sessionCreated(String, connection: ConnectionID)
        /// A policy of the shared library: the HTTP request is answered `response` once durable.
        case libraryPolicy(String, connection: ConnectionID, response: APIResponse)
        /// An employer's directory entry (`Hub+Employers`): the HTTP request is answered `response` once durable.
        case employer(String, connection: ConnectionID, response: APIResponse)
        /// A change to a session's line; `continuation` runs once it is durable, and `requester` is
        /// told `unavailable` if the store refuses it.
        case queue(session: String, continuation: QueueContinuation, requester: ConnectionID?, ref: MessageRef?)
        /// A revoked account: answer the organizer with `response`, then close the account's WebSockets.
        case accountRevoked(accountId: String, connection: ConnectionID, response: APIResponse)
        /// The retention sweep's erasure; nobody waits for it.
        case retention
    }

    let records: [StoreRecord]
    var purpose: Purpose
}
