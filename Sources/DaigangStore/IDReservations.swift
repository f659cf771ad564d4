/// The writer's lead id reservations (`ids_reserved` records): numbers are reserved in blocks,
/// durably, before any lead uses them.
///
/// Invariant: a lead is written only after a reservation covering its number was made durable by
/// an earlier write. Recovery starts numbering above the highest reservation, so an id stays taken
/// even when a power cut loses the lead that had it (ext4 can report an fdatasync as done and
/// lose it). The next block is reserved when half of the current one is used, inside the write of
/// a batch of leads, so it costs no sync of its own; it is durable long before its first number
/// is needed. Only when a batch's number is not covered yet (the start-up reservation failed, or
/// many batches were refused) is a reservation synced on its own first.
struct IDReservations: Sendable {
    let blockSize: Int
    /// Lead numbers up to this one are durably reserved.
    private(set) var reservedUpTo: Int

    init(blockSize: Int, reservedUpTo: Int) {
        precondition(blockSize >= 2, "lead id blocks hold at least 2 numbers")
        self.blockSize = blockSize
        self.reservedUpTo = reservedUpTo
    }

    /// A fresh block above everything reserved so far: what a run reserves at start.
    var freshBlock: Int { reservedUpTo + blockSize }

    /// For a batch whose highest lead number is not covered: the reservation to make durable
    /// on its own before the batch is written.
    func reservation(before highest: Int) -> Int? {
        highest > reservedUpTo ? highest - 1 + blockSize : nil
    }

    /// For a batch whose leads reach the second half of the reserved numbers: the next block,
    /// written in the same write.
    func nextBlock(reaching highest: Int) -> Int? {
        highest > 0 && highest > reservedUpTo - blockSize / 2 ? reservedUpTo + blockSize : nil
    }

    /// A reservation is durable.
    mutating func confirm(_ upTo: Int) {
        reservedUpTo = max(reservedUpTo, upTo)
    }
}
