internal import Glibc

/// A minimal RFC 6455 client over one non-blocking loopback socket.
///
/// Upgrade with a random `Sec-WebSocket-Key` (the `Sec-WebSocket-Accept` answer is not checked:
/// this is a load generator, not a conformance client), optional subprotocol, no `Origin`.
/// Outbound: masked frames. Inbound: frames with 7/16/64-bit lengths, several per read or split
/// across reads, continuation frames, ping → pong, close → close reply.
///
/// Reads go into the loop's shared buffer and are parsed in place; only the unparsed tail of a
/// read (a partial frame) is copied into this connection's own `inbox`, so an idle viewer holds
/// no buffer at all.
/// - Precondition: used only on the event loop's thread.
final class WebSocketClient: PollHandler {
    enum State: Equatable {
        case idle, connecting, upgrading, open, closed
    }

    /// The owner's number for this connection (a viewer index).
    let id: Int
    private(set) var state = State.idle
    /// When `start` was called and when the 101 arrived (monotonic ns).
    private(set) var startedAt: UInt64 = 0
    private(set) var openedAt: UInt64 = 0

    private unowned let loop: EventLoop
    private unowned let delegate: any WebSocketClientDelegate
    private let port: UInt16
    private let path: String
    private let subprotocol: String?
    /// The address to connect from (nil: the kernel's choice, 127.0.0.1).
    private let source: UInt32?
    private var fd: Int32 = -1
    private var slot = -1
    private var inbox: [UInt8] = []
    private var outbox = SocketOutbox()
    private var fragments: [UInt8] = []
    private var isInFragmentedMessage = false
    private var random: FastRandom

    /// Largest inbound frame accepted; a bigger announced length means a broken stream.
    private static let maximumFrameLength = 64 << 20

    init(id: Int, loop: EventLoop, delegate: any WebSocketClientDelegate, port: UInt16, path: String, subprotocol: String?, source: UInt32? = nil) {
        self.id = id
        self.loop = loop
        self.delegate = delegate
        self.port = port
        self.path = path
        self.subprotocol = subprotocol
        self.source = source
        random = FastRandom(seed: MonotonicClock.now() &+ UInt64(bitPattern: Int64(id)) &* 0x9E37_79B9)
    }

    // MARK: Life cycle

    /// Starts connecting; the delegate hears `webSocketDidOpen` or `didCloseWith` later.
    func start(now: UInt64) throws(BenchError) {
        precondition(state == .idle, "a WebSocketClient is started once")
        startedAt = now
        let (socketFD, connected) = try LoopbackSocket.connect(port: port, from: source)
        fd = socketFD
        LoopbackSocket.enableReceiveTimestamps(fd)
        appendHandshake()
        do throws(BenchError) {
            slot = try loop.register(fd: fd, interest: LinuxEpoll.readable | LinuxEpoll.writable, handler: self)
        } catch {
            LoopbackSocket.close(fd)
            fd = -1
            state = .closed
            throw error
        }
        outbox.isWatchingWritable = true
        state = .connecting
        if connected {
            state = .upgrading
            flush()
        }
    }

    /// Sends a close frame (when open) and drops the connection at once, without telling the delegate.
    func disconnect() {
        guard state != .closed, state != .idle else { return }
        if state == .open {
            appendFrame(opcode: 0x8, payload: [0x03, 0xE8])  // 1000, normal closure
            _ = outbox.send(to: fd)
        }
        release()
    }

    // MARK: Sending

    /// Sends one masked text frame; ignored unless the connection is open.
    func sendText(_ payload: UnsafeRawBufferPointer) {
        guard state == .open else { return }
        appendFrame(opcode: 0x1, payload: payload)
        flush()
    }

    /// Sends one masked text frame holding `text`'s UTF-8 bytes.
    func sendText(_ text: String) {
        var text = text
        text.withUTF8 { sendText(UnsafeRawBufferPointer($0)) }
    }

    private func appendHandshake() {
        outbox.append(contentsOf: Self.upgradeRequest(path: path, port: port, subprotocol: subprotocol, random: &random).utf8)
    }

    /// The HTTP/1.1 upgrade request, with a random `Sec-WebSocket-Key`.
    static func upgradeRequest(path: String, port: UInt16, subprotocol: String?, random: inout FastRandom) -> String {
        let keyBytes = (0..<2).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(Base64.encode(keyBytes))\r\nSec-WebSocket-Version: 13\r\n"
        if let subprotocol { request += "Sec-WebSocket-Protocol: \(subprotocol)\r\n" }
        request += "\r\n"
        return request
    }

    private func appendFrame(opcode: UInt8, payload: [UInt8]) {
        payload.withUnsafeBytes { appendFrame(opcode: opcode, payload: $0) }
    }

    private func appendFrame(opcode: UInt8, payload: UnsafeRawBufferPointer) {
        let count = payload.count
        outbox.append(0x80 | opcode)
        if count < 126 {
            outbox.append(0x80 | UInt8(count))
        } else if count <= 0xFFFF {
            outbox.append(0x80 | 126)
            outbox.append(UInt8(truncatingIfNeeded: count >> 8))
            outbox.append(UInt8(truncatingIfNeeded: count))
        } else {
            outbox.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                outbox.append(UInt8(truncatingIfNeeded: UInt64(count) >> UInt64(shift)))
            }
        }
        let mask = random.next()
        let maskBytes = (UInt8(truncatingIfNeeded: mask), UInt8(truncatingIfNeeded: mask >> 8),
                         UInt8(truncatingIfNeeded: mask >> 16), UInt8(truncatingIfNeeded: mask >> 24))
        outbox.append(maskBytes.0)
        outbox.append(maskBytes.1)
        outbox.append(maskBytes.2)
        outbox.append(maskBytes.3)
        let start = outbox.bytes.count
        outbox.append(contentsOf: payload)
        outbox.withUnsafeMutableBytes { bytes in
            for index in 0..<count {
                let key: UInt8
                switch index & 3 {
                case 0: key = maskBytes.0
                case 1: key = maskBytes.1
                case 2: key = maskBytes.2
                default: key = maskBytes.3
                }
                bytes[start + index] ^= key
            }
        }
    }

    /// Writes what the socket takes and watches for writability only while bytes remain.
    private func flush() {
        guard fd >= 0, state != .connecting else { return }
        if let code = outbox.send(to: fd) {
            finish("send failed: \(SystemErrorText.describe(code))", now: MonotonicClock.now())
            return
        }
        outbox.updateInterest(loop: loop, fd: fd, slot: slot)
    }

    // MARK: Events

    func handleEvents(_ events: UInt32, now: UInt64) {
        if state == .connecting {
            switch LoopbackSocket.connectProgress(fd, events: events) {
            case .waiting:
                break
            case .failed(let code):
                finish("connect failed: \(SystemErrorText.describe(code))", now: now)
            case .connected:
                state = .upgrading
                flush()
            }
            return
        }
        if events & LinuxEpoll.readable != 0 || events & (LinuxEpoll.error | LinuxEpoll.hangUp) != 0 {
            readAvailable()
        }
        if state != .closed, events & LinuxEpoll.writable != 0 {
            flush()
        }
    }

    private func readAvailable() {
        let buffer = loop.readBuffer
        var arrival: UInt64 = 0
        // A few reads at most per wake-up, so one busy socket cannot starve the others.
        for _ in 0..<4 {
            guard state != .closed else { return }
            guard let count = LoopbackSocket.receive(fd, into: buffer, arrival: &arrival) else { return }
            // The kernel's arrival time when it gave one, else the time of this read.
            let now = arrival != 0 ? loop.monotonic(fromRealtime: arrival) : MonotonicClock.now()
            if count == 0 {
                finish("server closed the connection (EOF)", now: now)
                return
            }
            if count < 0 {
                finish("read failed: \(SystemErrorText.describe(Int32(-count)))", now: now)
                return
            }
            consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), now: now)
            if count < buffer.count { return }
        }
    }

    private func consume(_ data: UnsafeRawBufferPointer, now: UInt64) {
        if inbox.isEmpty {
            let used = parse(data, now: now)
            if state != .closed, used < data.count {
                inbox.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[used...]))
            }
            return
        }
        inbox.append(contentsOf: data)
        // Parse a buffer the callbacks cannot touch, then keep its unparsed tail.
        var pending: [UInt8] = []
        swap(&pending, &inbox)
        let used = pending.withUnsafeBytes { parse($0, now: now) }
        guard state != .closed else { return }
        if used == pending.count {
            pending.removeAll(keepingCapacity: false)
        } else {
            pending.removeFirst(used)
        }
        inbox = pending
    }

    // MARK: Parsing

    /// Parses the upgrade answer and as many whole frames as `buffer` holds; returns bytes used.
    private func parse(_ buffer: UnsafeRawBufferPointer, now: UInt64) -> Int {
        var offset = 0
        if state == .upgrading {
            guard let end = Self.headerEnd(buffer) else {
                if buffer.count > 16 * 1024 { finish("upgrade answer has no end of headers", now: now) }
                return 0
            }
            let statusLine = Self.firstLine(buffer)
            guard statusLine.hasPrefix("HTTP/1.1 101") else {
                finish("upgrade refused: \(statusLine)", now: now)
                return 0
            }
            state = .open
            openedAt = now
            offset = end
            delegate.webSocketDidOpen(self, now: now)
        }
        while state == .open {
            let remaining = buffer.count - offset
            guard remaining >= 2 else { break }
            let first = buffer[offset]
            let second = buffer[offset + 1]
            let isMasked = second & 0x80 != 0
            var headerLength = 2
            var length = Int(second & 0x7F)
            if length == 126 {
                guard remaining >= 4 else { break }
                length = Int(buffer[offset + 2]) << 8 | Int(buffer[offset + 3])
                headerLength = 4
            } else if length == 127 {
                guard remaining >= 10 else { break }
                var value: UInt64 = 0
                for index in 2..<10 { value = value << 8 | UInt64(buffer[offset + index]) }
                guard value <= UInt64(Self.maximumFrameLength) else {
                    finish("server announced a frame of \(value) bytes", now: now)
                    return offset
                }
                length = Int(value)
                headerLength = 10
            }
            if isMasked { headerLength += 4 }
            guard remaining >= headerLength + length else { break }
            let payloadStart = offset + headerLength
            let payload = UnsafeRawBufferPointer(rebasing: buffer[payloadStart..<(payloadStart + length)])
            if isMasked {
                // Servers must not mask; tolerate it by unmasking a copy.
                var copy = Array(payload)
                for index in copy.indices { copy[index] ^= buffer[offset + headerLength - 4 + (index & 3)] }
                copy.withUnsafeBytes { handleFrame(first: first, payload: $0, now: now) }
            } else {
                handleFrame(first: first, payload: payload, now: now)
            }
            offset = payloadStart + length
        }
        return offset
    }

    private func handleFrame(first: UInt8, payload: UnsafeRawBufferPointer, now: UInt64) {
        let isFinal = first & 0x80 != 0
        switch first & 0x0F {
        case 0x1, 0x2:
            if isFinal {
                delegate.webSocket(self, didReceive: payload, now: now)
            } else {
                fragments = Array(payload)
                isInFragmentedMessage = true
            }
        case 0x0:
            guard isInFragmentedMessage else {
                finish("continuation frame without a message", now: now)
                return
            }
            fragments.append(contentsOf: payload)
            if isFinal {
                var message: [UInt8] = []
                swap(&message, &fragments)
                isInFragmentedMessage = false
                message.withUnsafeBytes { delegate.webSocket(self, didReceive: $0, now: now) }
            }
        case 0x8:
            var reason = "server closed the WebSocket"
            if payload.count >= 2 {
                let code = Int(payload[0]) << 8 | Int(payload[1])
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: payload[2...]), as: UTF8.self)
                reason += " with \(code)" + (text.isEmpty ? "" : " (\(text))")
            }
            appendFrame(opcode: 0x8, payload: Array(payload.prefix(2)))
            _ = outbox.send(to: fd)
            finish(reason, now: now)
        case 0x9:
            appendFrame(opcode: 0xA, payload: payload)
            flush()
        case 0xA:
            break
        default:
            finish("unknown opcode \(first & 0x0F)", now: now)
        }
    }

    // MARK: Ending

    /// Closes the socket and tells the delegate, once.
    private func finish(_ reason: String, now: UInt64) {
        guard state != .closed else { return }
        release()
        delegate.webSocket(self, didCloseWith: reason, now: now)
    }

    private func release() {
        if fd >= 0 {
            loop.unregister(fd: fd, slot: slot)
            LoopbackSocket.close(fd)
            fd = -1
        }
        state = .closed
        inbox = []
        outbox.reset()
        fragments = []
    }

    // MARK: Helpers

    /// The offset just past the blank line ending the HTTP headers, if it arrived.
    static func headerEnd(_ buffer: UnsafeRawBufferPointer) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// The first line of an HTTP message, without its CRLF.
    static func firstLine(_ buffer: UnsafeRawBufferPointer) -> String {
        var end = min(buffer.firstIndex(of: 13) ?? buffer.count, 200)
        while end > 0, buffer[end - 1] == 32 { end -= 1 }  // lws sends "HTTP/1.0 429 " with an empty reason
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<end]), as: UTF8.self)
    }
}
