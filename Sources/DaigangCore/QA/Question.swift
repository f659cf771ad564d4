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
