/// A session's questions as its events made them. Pure value, changed only by `apply`, the same
/// live and at recovery; part of `SessionState` (and so of every snapshot's `session_state`).
public struct QuestionBoard: Codable, Sendable, Equatable {
    /// Longest question, in characters (Unicode scalars) after trimming.
    public static let maxTextLength = 120
    /// How many visible questions viewers receive (their list, on `welcome` and in `questions`).
    public static let viewerListSize = 20
    /// How many questions hosts receive in `question_board` (hidden ones included).
    public static let hostListSize = 200

    /// Every question asked, in id order.
    public private(set) var questions: [Question] = []
    /// The question being answered now, if any.
    public private(set) var answeringId: Int?

    public init() {}

    /// The id the next question gets.
    public var nextId: Int { (questions.last?.id ?? 0) + 1 }
    /// Questions still open (neither hidden nor answered): what the session-wide cap counts.
    public var openCount: Int { questions.reduce(0) { $0 + ($1.isOpen ? 1 : 0) } }

    public func question(_ id: Int) -> Question? {
        index(of: id).map { questions[$0] }
    }

    /// Questions asked per job (hidden ones too), for the host's counts and the session report.
    public var askedByJob: [String: Int] {
        questions.reduce(into: [:]) { counts, question in
            if let jobId = question.jobId { counts[jobId, default: 0] += 1 }
        }
    }

    /// Applies one Q&A event; total, like `SessionState.apply` (an event that no longer fits changes nothing).
    mutating func apply(_ event: QuestionEvent) {
        switch event {
        case .asked(let question):
            guard question.id >= nextId else { return }
            questions.append(question)
        case .upvoted(let id, let viewerId):
            guard let index = index(of: id), !questions[index].voters.contains(viewerId) else { return }
            questions[index].voters.append(viewerId)
        case .hidden(let id, let at):
            guard let index = index(of: id), questions[index].hiddenAt == nil else { return }
            questions[index].hiddenAt = at
            if answeringId == id { answeringId = nil }
        case .answering(let id, _):
            answeringId = id.flatMap { self.question($0)?.isHidden == false ? $0 : nil }
        case .answered(let id, let at):
            guard let index = index(of: id), questions[index].answeredAt == nil else { return }
            questions[index].answeredAt = at
            if answeringId == id { answeringId = nil }
        }
    }

    /// The view for viewers (`forHosts` false: visible questions only, the top `viewerListSize`)
    /// or for hosts (hidden ones included, flagged, the top `hostListSize`).
    public func view(forHosts: Bool) -> QuestionsView {
        let shown = questions.filter { forHosts || !$0.isHidden }.sorted(by: Self.ranksBefore)
        let limit = forHosts ? Self.hostListSize : Self.viewerListSize
        return QuestionsView(
            answering: answeringId.flatMap(question).map { QuestionView($0, forHosts: forHosts) },
            questions: shown.prefix(limit).map { QuestionView($0, forHosts: forHosts) },
            open: openCount, asked: questions.count
        )
    }

    /// Open before answered before hidden; then more votes first; then newer first.
    static func ranksBefore(_ a: Question, _ b: Question) -> Bool {
        func stage(_ q: Question) -> Int { q.isHidden ? 2 : (q.isAnswered ? 1 : 0) }
        if stage(a) != stage(b) { return stage(a) < stage(b) }
        if a.votes != b.votes { return a.votes > b.votes }
        return a.id > b.id
    }

    private func index(of id: Int) -> Int? {
        // Ids are dense and ascending from 1, so the index is usually id - 1.
        if id >= 1, id <= questions.count, questions[id - 1].id == id { return id - 1 }
        return questions.firstIndex { $0.id == id }
    }
}
