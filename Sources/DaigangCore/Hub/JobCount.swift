/// One job's live numbers for the host console (`job_counts`).
public struct JobCount: Encodable, Sendable, Equatable {
    public var jobId: String
    /// Applications to it that were not withdrawn.
    public var applied: Int
    /// Places in the interview line held by its applicants.
    public var inLine: Int
    /// Questions asked about it.
    public var questions: Int
}
