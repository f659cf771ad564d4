internal import Glibc

/// A keep-alive HTTP/1.1 connection to 127.0.0.1 on the event loop; requests may be pipelined.
///
/// Used to publish to nchan (`POST /pub/<channel>`) and to page through Daigang's HR API.
/// - Precondition: used only on the event loop's thread.
final class HTTPClient: PollHandler {
    enum State: Equatable {
        case idle, connecting, open, closed
    }

    private(set) var state = State.idle
    /// Requests written whose responses have not arrived.
    private(set) var outstanding = 0

    private unowned let loop: EventLoop
    private unowned let delegate: any HTTPClientDelegate
    private let port: UInt16
    private var fd: Int32 = -1
    private var slot = -1
    private var inbox: [UInt8] = []
    private var outbox = SocketOutbox()

    init(loop: EventLoop, delegate: any HTTPClientDelegate, port: UInt16) {
        self.loop = loop
        self.delegate = delegate
        self.port = port
    }

    /// Starts connecting; requests sent before the connection is up wait in the outbox.
    func start() throws(BenchError) {
        precondition(state == .idle, "an HTTPClient is started once")
        let (socketFD, connected) = try LoopbackSocket.connect(port: port)
        fd = socketFD
        do throws(BenchError) {
            slot = try loop.register(fd: fd, interest: LinuxEpoll.readable | LinuxEpoll.writable, handler: self)
        } catch {
            LoopbackSocket.close(fd)
            fd = -1
            state = .closed
            throw error
        }
        outbox.isWatchingWritable = true
        state = connected ? .open : .connecting
        if connected { flush() }
    }

    /// Queues one request; `headers` are complete lines without CRLF.
    func send(method: String, path: String, headers: [String] = [], body: [UInt8] = []) {
        guard state != .closed else { return }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        for line in headers { head += line + "\r\n" }
        head += "\r\n"
        outbox.append(contentsOf: head.utf8)
        outbox.append(contentsOf: body)
        outstanding += 1
        flush()
    }

    /// Drops the connection without telling the delegate.
    func disconnect() {
        release()
    }

    private func flush() {
        guard fd >= 0, state == .open else { return }
        if let code = outbox.send(to: fd) {
            finish("send failed: \(SystemErrorText.describe(code))", now: MonotonicClock.now())
            return
        }
        outbox.updateInterest(loop: loop, fd: fd, slot: slot)
    }

    func handleEvents(_ events: UInt32, now: UInt64) {
        if state == .connecting {
            switch LoopbackSocket.connectProgress(fd, events: events) {
            case .waiting:
                break
            case .failed(let code):
                finish("connect failed: \(SystemErrorText.describe(code))", now: now)
            case .connected:
                state = .open
                flush()
            }
            return
        }
        if events & (LinuxEpoll.readable | LinuxEpoll.error | LinuxEpoll.hangUp) != 0 {
            readAvailable(now: now)
        }
        if state == .open, events & LinuxEpoll.writable != 0 {
            flush()
        }
    }

    private func readAvailable(now: UInt64) {
        let buffer = loop.readBuffer
        for _ in 0..<8 {
            guard state == .open else { return }
            guard let count = LoopbackSocket.receive(fd, into: buffer) else { return }
            if count == 0 {
                finish("server closed the HTTP connection", now: now)
                return
            }
            if count < 0 {
                finish("read failed: \(SystemErrorText.describe(Int32(-count)))", now: now)
                return
            }
            inbox.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            deliverResponses(now: now)
            if count < buffer.count { return }
        }
    }

    private func deliverResponses(now: UInt64) {
        var pending: [UInt8] = []
        swap(&pending, &inbox)
        var offset = 0
        while state == .open, offset < pending.count {
            let outcome = pending.withUnsafeBytes { HTTPResponseParser.parse(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            switch outcome {
            case .incomplete:
                inbox = Array(pending[offset...])
                return
            case let .invalid(reason):
                finish("bad HTTP response: \(reason)", now: now)
                return
            case let .complete(response, consumed):
                offset += consumed
                outstanding -= 1
                delegate.httpClient(self, didReceive: response, now: now)
            }
        }
    }

    private func finish(_ reason: String, now: UInt64) {
        guard state != .closed else { return }
        release()
        delegate.httpClient(self, didCloseWith: reason, now: now)
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
    }
}
