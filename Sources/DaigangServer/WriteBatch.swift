internal import CLibWebSockets
import DequeModule

/// Server-to-client WebSocket frame headers (RFC 6455 §5.2): FIN + text opcode, no mask.
enum WebSocketFrameHeader {
    static let maxSize = 10

    /// Writes the header for a text frame of `length` bytes at `destination`; returns its size.
    static func write(length: Int, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        destination[0] = 0x81
        if length < 126 {
            destination[1] = UInt8(length)
            return 2
        } else if length <= 0xFFFF {
            destination[1] = 126
            destination[2] = UInt8(length >> 8)
            destination[3] = UInt8(length & 0xFF)
            return 4
        } else {
            destination[1] = 127
            for index in 0..<8 { destination[2 + index] = UInt8((UInt64(length) >> (56 - 8 * UInt64(index))) & 0xFF) }
            return 10
        }
    }
}

/// A reusable buffer in which several frames are laid out, headers included, for one raw write.
///
/// - Precondition: used only on the service thread; its bytes are valid until the next `fill`.
final class WriteBatch {
    let capacity: Int
    /// Owned here; LWS_PRE bytes of headroom precede `payload`.
    private let storage: UnsafeMutablePointer<UInt8>

    init(capacity: Int) {
        self.capacity = capacity
        storage = UnsafeMutablePointer<UInt8>.allocate(capacity: Frame.headroom + capacity)
    }

    deinit { storage.deallocate() }

    var payload: UnsafeMutablePointer<UInt8> { storage + Frame.headroom }

    /// Lays out queued frames from the front until the next would not fit; returns the byte count and how many.
    func fill(from queue: Deque<Frame>) -> (length: Int, taken: Int) {
        var length = 0
        var taken = 0
        for frame in queue {
            guard length + WebSocketFrameHeader.maxSize + frame.count <= capacity else { break }
            length += WebSocketFrameHeader.write(length: frame.count, to: payload + length)
            (payload + length).update(from: frame.payload, count: frame.count)
            length += frame.count
            taken += 1
        }
        return (length, taken)
    }
}
