/// A message from the server, encoded with its `type` tag first.
public enum ServerMessage: Encodable, Sendable {
    /// The session snapshot is spliced in by the hub (`snapshot` field), encoded once per state.
    case welcome(ref: MessageRef?, role: ClientRole, viewerId: String, resume: String, resumed: Bool, employerId: String?, ticket: QueueTicketView?)
    case applied(ref: MessageRef?, leadId: String, duplicate: Bool)
    case leadNew(LeadView)
    /// To the employer's HR connections: an applicant withdrew; the lead as it is now (no contact data).
    case leadWithdrawn(LeadView)
    case queueTicket(ref: MessageRef?, QueueTicketView)
    case queuePosition(QueueTicketView)
    /// `windowSeconds`: how long the viewer has to confirm.
    case queueCalled(ticket: Int, message: String, windowSeconds: Int)
    /// The ticket left the line: an outcome, or `left` / `dropped` / `withdrawn`; `windowSeconds` with `no_show`.
    case queueEnded(ticket: Int, reason: String, windowSeconds: Int?)
    case queueStatus(seq: Int64, paused: Bool)
    /// The host's view of the whole line.
    case queue(paused: Bool, entries: [QueueEntryView], callWindowSeconds: Int)
    /// Tells hosts something happened to a ticket without their doing (`here`, `no_show`, `dropped`, `left`).
    case queueNotice(ticket: Int, name: String, event: String)
    case ok(ref: MessageRef?)
    case error(ProtocolError, ref: MessageRef?)
    case jobPinned(seq: Int64, job: Job?)
    case policyShown(seq: Int64, policy: Policy?)
    case announcement(seq: Int64, Announcement)
    case sessionStatus(seq: Int64, status: SessionStatus)
    case jobUpdated(seq: Int64, job: Job)
    case policyUpdated(seq: Int64, policy: Policy)
    case jobWithdrawn(seq: Int64, jobId: String)
    /// A policy left the session; a page showing it shows none.
    case policyWithdrawn(seq: Int64, policyId: String)
    case counters(Counters)
    /// A viewer's question was saved with this id.
    case asked(ref: MessageRef?, questionId: Int)
    /// The viewers' Q&A (top visible questions, the one being answered); to everyone, coalescible.
    case questions(QuestionsView)
    /// The hosts' Q&A board (hidden questions included).
    case questionBoard(QuestionsView)
    /// Per-job live counts, to hosts.
    case jobCounts([JobCount])
    /// Many jobs changed at once (a large sheet import): fetch the catalog again if `catalogETag` is not the one held.
    case catalogChanged(seq: Int64, jobCount: Int, catalogETag: String, catalogURL: String)

    enum CodingKeys: String, CodingKey {
        case type, ref, role, viewerId, resume, resumed, code, message, seq, job, policy, text, at, status
        case online, applications, queue, employerId, leadId, duplicate, lead, jobId
        case ticket, position, ahead, etaSeconds, reason, paused, entries, name, event
        case questionId, windowSeconds, callWindowSeconds, jobs, policyId
        case jobCount, catalogETag, catalogURL
    }

    /// The `type` tag, as documented in PROTOCOL.md.
    public var type: String {
        switch self {
        case .welcome: "welcome"
        case .ok: "ok"
        case .error: "error"
        case .jobPinned: "job_pinned"
        case .policyShown: "policy_shown"
        case .announcement: "announcement"
        case .sessionStatus: "session_status"
        case .jobUpdated: "job_updated"
        case .policyUpdated: "policy_updated"
        case .jobWithdrawn: "job_withdrawn"
        case .policyWithdrawn: "policy_withdrawn"
        case .counters: "counters"
        case .applied: "applied"
        case .leadNew: "lead_new"
        case .leadWithdrawn: "lead_withdrawn"
        case .queueTicket: "queue_ticket"
        case .queuePosition: "queue_position"
        case .queueCalled: "queue_called"
        case .queueEnded: "queue_ended"
        case .queueStatus: "queue_status"
        case .queue: "queue"
        case .queueNotice: "queue_notice"
        case .asked: "asked"
        case .questions: "questions"
        case .questionBoard: "question_board"
        case .jobCounts: "job_counts"
        case .catalogChanged: "catalog_changed"
        }
    }

    /// State-like broadcasts a slow connection may receive only the latest of.
    public var coalescingKey: CoalescingKey? {
        switch self {
        case .jobPinned: .pinnedJob
        case .policyShown: .shownPolicy
        case .sessionStatus: .sessionStatus
        case .counters: .counters
        case .queuePosition: .queuePosition
        case .queue: .queueView
        case .queueStatus: .queueStatus
        case .questions: .questions
        case .questionBoard: .questionBoard
        case .jobCounts: .jobCounts
        case .catalogChanged: .catalog
        default: nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        switch self {
        case let .welcome(ref, role, viewerId, resume, resumed, employerId, ticket):
            try c.encodeIfPresent(ref, forKey: .ref)
            try c.encode(role, forKey: .role)
            try c.encode(viewerId, forKey: .viewerId)
            try c.encode(resume, forKey: .resume)
            try c.encode(resumed, forKey: .resumed)
            try c.encodeIfPresent(employerId, forKey: .employerId)
            try c.encodeIfPresent(ticket, forKey: .ticket)
        case let .applied(ref, leadId, duplicate):
            try c.encodeIfPresent(ref, forKey: .ref)
            try c.encode(leadId, forKey: .leadId)
            try c.encode(duplicate, forKey: .duplicate)
        case let .leadNew(lead), let .leadWithdrawn(lead):
            try c.encode(lead, forKey: .lead)
        case let .queueTicket(ref, view):
            try c.encodeIfPresent(ref, forKey: .ref)
            try view.encode(to: encoder)
        case let .queuePosition(view):
            try view.encode(to: encoder)
        case let .queueCalled(ticket, message, windowSeconds):
            try c.encode(ticket, forKey: .ticket)
            try c.encode(message, forKey: .message)
            try c.encode(windowSeconds, forKey: .windowSeconds)
        case let .queueEnded(ticket, reason, windowSeconds):
            try c.encode(ticket, forKey: .ticket)
            try c.encode(reason, forKey: .reason)
            try c.encodeIfPresent(windowSeconds, forKey: .windowSeconds)
        case let .queueStatus(seq, paused):
            try c.encode(seq, forKey: .seq)
            try c.encode(paused, forKey: .paused)
        case let .queue(paused, entries, callWindowSeconds):
            try c.encode(paused, forKey: .paused)
            try c.encode(entries, forKey: .entries)
            try c.encode(callWindowSeconds, forKey: .callWindowSeconds)
        case let .queueNotice(ticket, name, event):
            try c.encode(ticket, forKey: .ticket)
            try c.encode(name, forKey: .name)
            try c.encode(event, forKey: .event)
        case let .ok(ref):
            try c.encodeIfPresent(ref, forKey: .ref)
        case let .error(error, ref):
            try c.encode(error.code, forKey: .code)
            try c.encode(error.message, forKey: .message)
            try c.encodeIfPresent(error.reason, forKey: .reason)
            try c.encodeIfPresent(ref, forKey: .ref)
        case let .jobPinned(seq, job):
            try c.encode(seq, forKey: .seq)
            try c.encode(job, forKey: .job)
        case let .policyShown(seq, policy):
            try c.encode(seq, forKey: .seq)
            try c.encode(policy, forKey: .policy)
        case let .announcement(seq, announcement):
            try c.encode(seq, forKey: .seq)
            try c.encode(announcement.text, forKey: .text)
            try c.encode(announcement.at, forKey: .at)
        case let .sessionStatus(seq, status):
            try c.encode(seq, forKey: .seq)
            try c.encode(status, forKey: .status)
        case let .jobUpdated(seq, job):
            try c.encode(seq, forKey: .seq)
            try c.encode(job, forKey: .job)
        case let .policyUpdated(seq, policy):
            try c.encode(seq, forKey: .seq)
            try c.encode(policy, forKey: .policy)
        case let .jobWithdrawn(seq, jobId):
            try c.encode(seq, forKey: .seq)
            try c.encode(jobId, forKey: .jobId)
        case let .policyWithdrawn(seq, policyId):
            try c.encode(seq, forKey: .seq)
            try c.encode(policyId, forKey: .policyId)
        case let .counters(counters):
            try c.encode(counters.online, forKey: .online)
            try c.encode(counters.applications, forKey: .applications)
            try c.encode(counters.queue, forKey: .queue)
        case let .asked(ref, questionId):
            try c.encodeIfPresent(ref, forKey: .ref)
            try c.encode(questionId, forKey: .questionId)
        case let .questions(view), let .questionBoard(view):
            try view.encode(to: encoder)
        case let .jobCounts(counts):
            try c.encode(counts, forKey: .jobs)
        case let .catalogChanged(seq, jobCount, catalogETag, catalogURL):
            try c.encode(seq, forKey: .seq)
            try c.encode(jobCount, forKey: .jobCount)
            try c.encode(catalogETag, forKey: .catalogETag)
            try c.encode(catalogURL, forKey: .catalogURL)
        }
    }
}

/// Which state a coalescible broadcast replaces in a slow connection's queue.
public enum CoalescingKey: Sendable, Hashable {
    case pinnedJob, shownPolicy, sessionStatus, counters, queuePosition, queueView, queueStatus
    case questions, questionBoard, jobCounts, catalog
}
