/// Bytes waiting to be sent on a non-blocking socket, and whether epoll should watch it for writing.
///
/// Shared by the WebSocket and HTTP clients: both append, then `flush` what the socket takes.
struct SocketOutbox {
    private(set) var bytes: [UInt8] = []
    private var offset = 0
    /// Whether epoll is currently asked for writability on this socket.
    var isWatchingWritable = false

    var isPending: Bool { offset < bytes.count }
    /// Bytes appended that the socket has not taken yet.
    var pendingCount: Int { bytes.count - offset }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(contentsOf more: some Sequence<UInt8>) { bytes.append(contentsOf: more) }

    /// Lets a caller change bytes it appended (the WebSocket client masks payloads in place).
    mutating func withUnsafeMutableBytes<R>(_ body: (inout UnsafeMutableBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeMutableBufferPointer(body)
    }

    /// Sends what the socket takes; returns the negated errno of a failed send, or nil.
    mutating func send(to fd: Int32) -> Int32? {
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { LoopbackSocket.send(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if sent > 0 {
                offset += sent
            } else if sent == 0 {
                break
            } else {
                return Int32(-sent)
            }
        }
        if !isPending {
            bytes.removeAll(keepingCapacity: bytes.capacity <= 64 * 1024)
            offset = 0
        }
        return nil
    }

    /// Asks epoll for writability only while bytes remain.
    mutating func updateInterest(loop: EventLoop, fd: Int32, slot: Int) {
        guard isPending != isWatchingWritable else { return }
        isWatchingWritable = isPending
        loop.modify(fd: fd, slot: slot, interest: LinuxEpoll.readable | (isPending ? LinuxEpoll.writable : 0))
    }

    mutating func reset() {
        bytes = []
        offset = 0
        isWatchingWritable = false
    }
}
