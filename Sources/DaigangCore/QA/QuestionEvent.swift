/// One change to a session's questions; wrapped as `SessionEvent.question`.
public enum QuestionEvent: Sendable, Equatable {
    case asked(Question)
    /// Idempotent: a second vote of the same viewer changes nothing.
    case upvoted(questionId: Int, viewerId: String)
    case hidden(questionId: Int, at: Int64)
    /// `nil` clears what is being answered.
    case answering(questionId: Int?, at: Int64)
    case answered(questionId: Int, at: Int64)
}
