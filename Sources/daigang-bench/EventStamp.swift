/// The mark every benchmark event carries: `b:<seq>:<nanos>`, the sequence number and the
/// (scheduled) send time on CLOCK_MONOTONIC.
///
/// Daigang viewers find it at the start of an announcement's `text`, nchan subscribers as the
/// start of the raw payload. Padding after the nanoseconds (`x`…) is ignored.
struct EventStamp: Equatable {
    var seq: Int
    var sentAt: UInt64

    /// `b:<seq>:<nanos>` followed by `x` up to `length` bytes (never shorter than the mark).
    func text(paddedTo length: Int) -> String {
        var text = "b:\(seq):\(sentAt)"
        let missing = length - text.utf8.count
        if missing > 0 { text += String(repeating: "x", count: missing) }
        return text
    }

    /// Finds the stamp in a message of `target`'s kind; nil for any other message.
    static func find(in payload: UnsafeRawBufferPointer, target: Target) -> EventStamp? {
        let start: Int
        switch target {
        case .daigang:
            guard PayloadScan.hasType(payload, "announcement"),
                  let text = PayloadScan.valueStart(payload, key: "text"),
                  PayloadScan.startsWith(payload, "\"b:", at: text) else { return nil }
            start = text + 3
        case .nchan:
            guard PayloadScan.startsWith(payload, "b:", at: 0) else { return nil }
            start = 2
        }
        guard let seq = PayloadScan.integer(payload, at: start), seq.end < payload.count,
              payload[seq.end] == UInt8(ascii: ":"),
              let nanos = PayloadScan.integer(payload, at: seq.end + 1), nanos.value >= 0 else { return nil }
        return EventStamp(seq: seq.value, sentAt: UInt64(nanos.value))
    }
}
