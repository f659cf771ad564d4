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
