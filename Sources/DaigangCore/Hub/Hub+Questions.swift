extension Hub {
    /// `ask` and `upvote` from a viewer: judged against the session as it will be once what is
    /// pending is durable, charged to the viewer's budgets, then journaled like a host command.
    func handleViewerQuestion(_ message: ClientMessage, from connection: ConnectionID, in session: LiveSession, ref: MessageRef?, now: Int64) throws(ProtocolError) -> [HubEffect] {
        let projected = session.projected
        guard projected.definition.status != .closed else {
            throw ProtocolError(.conflict, "this session is closed; nothing in it can change", reason: "session_closed")
        }
        guard let client = clients[connection], let viewerId = client.viewerId else {
            throw ProtocolError(.conflict, "this identity was resumed on another connection", reason: "identity_moved")
        }
        let board = projected.questions
        switch message {
        case .ask(let text, let jobId):
            let checked: String
            do {
                checked = try CatalogValidation.checkText(text, field: "text", maxLength: QuestionBoard.maxTextLength)
            } catch {
                var refusal = ProtocolError.from(error)
                refusal.reason = "bad_text"
                throw refusal
            }
            if let jobId, !projected.definition.jobs.contains(where: { $0.id == jobId }) {
                throw ProtocolError(.notFound, "no job '\(jobId.prefix(64))' in this session", reason: "unknown_job")
            }
            guard board.openCount < settings.maxOpenQuestions else {
                throw ProtocolError(.conflict, "the host has \(settings.maxOpenQuestions) questions waiting; please ask again after some are answered", reason: "too_many_questions")
            }
            guard board.questions.count < settings.maxQuestions else {
                throw ProtocolError(.conflict, "this session takes no more questions", reason: "question_limit")
            }
            // One network (even a carrier-grade NAT of hundreds of phones) may hold a share of the
            // open questions, never all of them: a script cannot close Q&A for everyone.
            let openFromAddress = board.questions.reduce(0) { $0 + ($1.isOpen && session.questionAddresses[$1.id] == client.address ? 1 : 0) }
            guard openFromAddress < Self.openQuestionsPerAddress(settings) else {
                throw ProtocolError(
                    .rateLimited, "many questions from your network are already waiting; please ask again after some are answered",
                    reason: "ask_network_share"
                )
            }
            try questionLimits.takeAsk(viewerId: viewerId, address: client.address, settings: settings, now: now)
            let question = Question(id: board.nextId, text: checked, jobId: jobId, viewerId: viewerId, askedAt: wallNow)
            session.questionAddresses[question.id] = client.address
            return journal(.question(.asked(question)), in: session, requester: connection, ref: ref)
        case .upvote(let id):
            guard let question = board.question(id), !question.isHidden else {
                throw ProtocolError(.notFound, "no question \(id) in this session", reason: "unknown_question")
            }
            // Once per viewer: voting again is answered `ok` and changes nothing.
            if question.voters.contains(viewerId) { return [reply(connection, .ok(ref: ref))] }
            // New identities are cheap: one network's votes on one question count up to a share.
            guard session.upvotesByAddress[id, default: [:]][client.address, default: 0] < Self.upvotesPerQuestionPerAddress else {
                throw ProtocolError(
                    .rateLimited, "many people on your network have already voted for this question",
                    reason: "upvote_network_share"
                )
            }
            try questionLimits.takeUpvote(address: client.address, settings: settings, now: now)
            session.upvotesByAddress[id, default: [:]][client.address, default: 0] += 1
            return journal(.question(.upvoted(questionId: id, viewerId: viewerId)), in: session, requester: connection, ref: ref)
        default:
            preconditionFailure("\(message.tagName) is not a viewer question command")
        }
    }

    /// Open questions one client address may hold: a fifth of the session's cap, at least 5.
    static func openQuestionsPerAddress(_ settings: HubSettings) -> Int { max(5, settings.maxOpenQuestions / 5) }

    /// Upvotes one client address may give one question (one per identity, as always).
    static let upvotesPerQuestionPerAddress = 25

    /// The event a host's Q&A command makes, judged against `board`; nothing changes here.
    func questionEvent(for message: ClientMessage, board: QuestionBoard, now: Int64) throws(ProtocolError) -> SessionEvent {
        func existing(_ id: Int) throws(ProtocolError) -> Question {
            guard let question = board.question(id) else {
                throw ProtocolError(.notFound, "no question \(id) in this session", reason: "unknown_question")
            }
            return question
        }
        func answerable(_ id: Int) throws(ProtocolError) -> Question {
            let question = try existing(id)
            if question.isHidden { throw ProtocolError(.conflict, "question \(id) is hidden", reason: "question_hidden") }
            if question.isAnswered { throw ProtocolError(.conflict, "question \(id) is already answered", reason: "already_answered") }
            return question
        }
        switch message {
        case .hideQuestion(let id):
            if try existing(id).isHidden { throw ProtocolError(.conflict, "question \(id) is already hidden", reason: "already_hidden") }
            return .question(.hidden(questionId: id, at: wallNow))
        case .answerQuestion(let id):
            if let id { _ = try answerable(id) }
            return .question(.answering(questionId: id, at: wallNow))
        case .markAnswered(let id):
            _ = try answerable(id)
            return .question(.answered(questionId: id, at: wallNow))
        default:
            preconditionFailure("\(message.tagName) is not a host question command")
        }
    }

    /// Once a second: the latest Q&A to everyone (viewers' view) and to hosts (the board), only
    /// when it changed, and each host's per-job counts. Coalescible, so slow phones get the latest.
    func tickQuestions(_ session: LiveSession) -> [HubEffect] {
        var effects: [HubEffect] = []
        let board = session.durable.questions
        if session.questionsSentVersion != session.questionsVersion {
            session.questionsSentVersion = session.questionsVersion
            effects.append(.broadcast(sessionID: session.id, encode(.questions(board.view(forHosts: false)))))
            session.isQuestionBoardStale = true
        }
        guard !session.hosts.isEmpty else { return effects }
        if session.isQuestionBoardStale {
            session.isQuestionBoardStale = false
            effects += notifyHosts(session, .questionBoard(board.view(forHosts: true)))
        }
        let counts = jobCounts(of: session)
        if counts != session.lastSentJobCounts {
            session.lastSentJobCounts = counts
            effects += notifyHosts(session, .jobCounts(counts))
        }
        return effects
    }

    /// Applications (not withdrawn), places in line and questions, per job of the session.
    func jobCounts(of session: LiveSession) -> [JobCount] {
        var inLine: [String: Int] = [:]
        for entry in session.queue.live.entries {
            if let jobId = leads.lead(withID: entry.leadId)?.jobId { inLine[jobId, default: 0] += 1 }
        }
        let asked = session.durable.questions.askedByJob
        return session.durable.definition.jobs.map { job in
            JobCount(jobId: job.id, applied: session.appliedByJob[job.id] ?? 0, inLine: inLine[job.id] ?? 0, questions: asked[job.id] ?? 0)
        }
    }
}
