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
