internal import Glibc

/// Non-blocking TCP sockets to 127.0.0.1, and nothing else: the benchmark never talks to
/// another machine.
enum LoopbackSocket {
    /// The server's address, and the default source address.
    static let serverAddress: UInt32 = 0x7F00_0001
    /// A second source address for attacking sockets, so the server sees them as another client.
    /// Linux routes all of 127.0.0.0/8 to the loopback interface, so it needs no setup.
    static let attackerAddress: UInt32 = 0x7F00_0002

    /// Opens a socket and starts connecting to 127.0.0.1:`port`; `connected` is true when the
    /// kernel finished at once (loopback sometimes does), else wait for EPOLLOUT.
    ///
    /// - Parameters:
    ///   - source: a 127/8 address to connect from (bound before connecting); nil lets the
    ///     kernel pick (127.0.0.1).
    ///   - receiveBufferBytes: SO_RCVBUF, set before connecting so the advertised window is
    ///     small from the first segment on (the kernel doubles it, with a floor of ~2 KiB).
    static func connect(port: UInt16, from source: UInt32? = nil, receiveBufferBytes: Int? = nil) throws(BenchError) -> (fd: Int32, connected: Bool) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno: errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if var bytes = receiveBufferBytes.map({ Int32(clamping: $0) }) {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, socklen_t(MemoryLayout<Int32>.size))
        }
        if let source {
            precondition(source >> 24 == 127, "daigang-bench only connects from loopback addresses")
            // Pick the port at connect time, from the 4-tuple, rather than reserving one per bind.
            _ = setsockopt(fd, Int32(IPPROTO_IP), bindAddressNoPort, &one, socklen_t(MemoryLayout<Int32>.size))
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = source.bigEndian
            let bound = withUnsafePointer(to: &local) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                let code = errno
                Glibc.close(fd)
                throw .system("bind(\(addressText(source)))", errno: code)
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = serverAddress.bigEndian
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result == 0 { return (fd, true) }
        let code = errno
        if code == EINPROGRESS { return (fd, false) }
        Glibc.close(fd)
        throw .system("connect(127.0.0.1:\(port))", errno: code)
    }

    /// IP_BIND_ADDRESS_NO_PORT (<linux/in.h>; not in Glibc's module).
    private static let bindAddressNoPort: Int32 = 24

    /// An IPv4 address (host byte order) as dotted text.
    static func addressText(_ address: UInt32) -> String {
        "\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)"
    }

    /// Stops sending (a FIN after what is queued) but keeps receiving: shutdown(SHUT_WR).
    static func shutdownWrite(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// The outcome of a non-blocking connect: 0 on success, else the errno it failed with.
    /// Where a non-blocking connect stands, from the epoll events of its socket.
    enum ConnectProgress {
        case waiting
        case failed(Int32)
        case connected
    }

    static func connectProgress(_ fd: Int32, events: UInt32) -> ConnectProgress {
        guard events & (LinuxEpoll.writable | LinuxEpoll.error | LinuxEpoll.hangUp) != 0 else { return .waiting }
        let code = pendingError(fd)
        return code == 0 ? .connected : .failed(code)
    }

    /// The errno a failed connection left on `fd` (SO_ERROR), 0 when there is none.
    static func pendingError(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return errno }
        return code
    }

    /// Sends what the socket takes now. Returns the byte count, 0 when it would block, or
    /// -errno on failure. MSG_NOSIGNAL: a peer that went away must not kill us with SIGPIPE.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        let sent = Glibc.send(fd, base, bytes.count, Int32(MSG_NOSIGNAL))
        if sent >= 0 { return sent }
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return 0 }
        return -Int(code)
    }

    /// Reads into `buffer`. Returns the byte count, 0 at end of stream, `nil` when it would
    /// block, or -errno on failure.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
        if count >= 0 { return count }
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return nil }
        return -Int(code)
    }

    /// SO_TIMESTAMPNS (`SO_TIMESTAMPNS_OLD`, 35 in asm-generic and on x86): the kernel stamps
    /// each received segment, and `recvmsg` hands the stamp back as an SCM_TIMESTAMPNS message.
    private static let timestampOption: Int32 = 35

    /// Asks the kernel to timestamp what arrives on `fd`, so a receive time does not include
    /// the time this single thread took to get round to reading the socket.
    static func enableReceiveTimestamps(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, timestampOption, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Like `receive(_:into:)`, also returning the kernel's arrival time of the newest segment
    /// read (CLOCK_REALTIME nanoseconds; 0 when the kernel gave none).
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, arrival: inout UInt64) -> Int? {
        arrival = 0
        return withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { control -> Int? in
            var vector = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
            return withUnsafeMutablePointer(to: &vector) { vectorPointer -> Int? in
                var message = msghdr()
                message.msg_iov = vectorPointer
                message.msg_iovlen = 1
                message.msg_control = control.baseAddress
                message.msg_controllen = control.count
                let count = recvmsg(fd, &message, 0)
                if count < 0 {
                    let code = errno
                    if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return nil }
                    return -Int(code)
                }
                arrival = timestamp(in: UnsafeRawBufferPointer(rebasing: control[0..<min(Int(message.msg_controllen), control.count)]))
                return count
            }
        }
    }

    /// Walks the control messages (`struct cmsghdr`: size_t length, int level, int type, then
    /// data aligned to 8) for an SCM_TIMESTAMPNS `struct timespec`.
    private static func timestamp(in control: UnsafeRawBufferPointer) -> UInt64 {
        let headerSize = 16
        var offset = 0
        while offset + headerSize <= control.count {
            let length = Int(control.loadUnaligned(fromByteOffset: offset, as: UInt.self))
            let level = control.loadUnaligned(fromByteOffset: offset + 8, as: Int32.self)
            let type = control.loadUnaligned(fromByteOffset: offset + 12, as: Int32.self)
            guard length >= headerSize, offset + length <= control.count else { return 0 }
            if level == SOL_SOCKET, type == timestampOption, length >= headerSize + 16 {
                let seconds = control.loadUnaligned(fromByteOffset: offset + headerSize, as: Int.self)
                let nanos = control.loadUnaligned(fromByteOffset: offset + headerSize + 8, as: Int.self)
                return UInt64(seconds) &* 1_000_000_000 &+ UInt64(nanos)
            }
            offset += (length + 7) & ~7
        }
        return 0
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Parses the `--host` value; anything but the loopback address is refused.
    static func validateHost(_ host: String) throws(BenchError) {
        guard host == "127.0.0.1" || host == "localhost" else {
            throw BenchError("refusing host \(host): daigang-bench only connects to 127.0.0.1")
        }
    }
}
