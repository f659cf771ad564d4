internal import CLibWebSockets
import DaigangCore

/// One encoded message with the headroom lws needs in front of it to write the frame header.
///
/// A broadcast makes one Frame and every recipient's queue holds a reference to it. lws writes
/// the (identical, unmasked) header into the headroom on each send; that is safe because all
/// sends happen on the one service thread.
final class Frame {
    static let headroom = CLibWebSockets_pre()

    /// Owned here; freed in deinit, after the last queue lets go of the frame.
    private let storage: UnsafeMutableRawPointer
    let count: Int
    let coalescingKey: CoalescingKey?

    init(bytes: [UInt8], coalescingKey: CoalescingKey? = nil) {
        let count = bytes.count
        let storage = UnsafeMutableRawPointer.allocate(byteCount: Frame.headroom + max(count, 1), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { (storage + Frame.headroom).copyMemory(from: base, byteCount: count) }
        }
        self.count = count
        self.storage = storage
        self.coalescingKey = coalescingKey
    }

    deinit { storage.deallocate() }

    /// The payload start, as lws_write wants it; valid while the frame lives.
    var payload: UnsafeMutablePointer<UInt8> {
        (storage + Frame.headroom).assumingMemoryBound(to: UInt8.self)
    }
}
