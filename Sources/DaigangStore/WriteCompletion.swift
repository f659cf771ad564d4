/// The store's answer for one submitted batch of records.
public struct WriteCompletion: Sendable, Equatable {
    public let token: UInt64
    /// True only when every record of the batch is on disk (written and fdatasync'ed).
    public let isDurable: Bool
}
