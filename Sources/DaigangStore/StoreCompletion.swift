/// What the loop takes from the store (`LeadStore.takeCompletions`), in the order it happened.
public enum StoreCompletion: Sendable, Equatable {
    /// The answer for one submitted batch.
    case written(WriteCompletion)
    /// Journal `number` is complete: every batch written to it was reported before this, and
    /// appends go to the next one. The loop hands `LeadStore.writeSnapshot(of:state:)` its
    /// LeadBook's state now — after applying everything reported before, before anything after —
    /// so the state is exactly what journals up to `number` hold.
    case journalCompleted(Int)
}
