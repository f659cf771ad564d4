/// A viewer's question to the host, as its session events made it (docs/PROTOCOL.md, "Questions").
///
/// Durable: it lives in `SessionState.questions` and is journaled as `question_*` session events.
/// Who asked and who voted are kept (idempotent votes, the report) but never broadcast.
public struct Question: Codable, Sendable, Equatable {
    /// 1, 2, 3… within the session, in the order asked.
    public var id: Int
    /// 1–`QuestionBoard.maxTextLength` characters, one line.
    public var text: String
    /// The job it is about, if the viewer picked one.
    public var jobId: String?
    public var viewerId: String
    public var askedAt: Int64
    /// Viewer identities that upvoted it, each once, in the order they voted.
    public var voters: [String] = []
    /// Set when the host hid it: it vanishes for viewers and stays out of the open count.
    public var hiddenAt: Int64?
    public var answeredAt: Int64?

    public init(id: Int, text: String, jobId: String?, viewerId: String, askedAt: Int64) {
        self.id = id
        self.text = text
        self.jobId = jobId
        self.viewerId = viewerId
        self.askedAt = askedAt
    }

    public var votes: Int { voters.count }
    public var isHidden: Bool { hiddenAt != nil }
    public var isAnswered: Bool { answeredAt != nil }
    /// Still waiting for the host: neither hidden nor answered.
    public var isOpen: Bool { !isHidden && !isAnswered }
}

/// A question as clients see it: no identities.
public struct QuestionView: Encodable, Sendable, Equatable {
    public var id: Int
    public var text: String
    public var jobId: String?
    public var votes: Int
    public var askedAt: Int64
    public var answered: Bool
    /// Only in the hosts' board (viewers never receive hidden questions).
    public var hidden: Bool?

    init(_ question: Question, forHosts: Bool) {
        id = question.id
        text = question.text
        jobId = question.jobId
        votes = question.votes
        askedAt = question.askedAt
        answered = question.isAnswered
        hidden = forHosts ? question.isHidden : nil
    }
}

/// The Q&A as one audience sees it: `questions` for viewers, `question_board` for hosts.
public struct QuestionsView: Encodable, Sendable, Equatable {
    /// The question the host is answering now (shown to everyone as 正在回答), or null.
    public var answering: QuestionView?
    /// Ranked: open before answered, more votes first, newer first.
    public var questions: [QuestionView]
    /// Questions still open (not hidden, not answered).
    public var open: Int
    /// Questions ever asked in the session, hidden ones included.
    public var asked: Int

    enum CodingKeys: String, CodingKey { case answering, questions, open, asked }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(answering, forKey: .answering)
        try c.encode(questions, forKey: .questions)
        try c.encode(open, forKey: .open)
        try c.encode(asked, forKey: .asked)
    }
}
