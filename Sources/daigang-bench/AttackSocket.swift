internal import Glibc

/// A raw TCP connection from the attackers' loopback address (127.0.0.2), for abuse that the
/// polite clients cannot express: it keeps writing while it has stopped reading, dribbles a
/// body a byte at a time, half-closes, and closes with unread data (which resets).
///
/// It never ends the connection on its own account: it notes why the *server* ended it
/// (`endReason`) and releases the socket only when the kernel says the connection is gone.
/// - Precondition: used only on the event loop's thread.
final class AttackSocket: PollHandler {
    enum State: Equatable {
        case idle, connecting, open, closed
    }

    private(set) var state = State.idle
    /// Why the server refused or ended the connection; nil while it has not (or when we closed it).
    private(set) var endReason: String?
    /// Whether the connection ever finished connecting.
    private(set) var wasConnected = false
    /// The socket could not be opened here at all (`endReason` says why): not the server's doing.
    private(set) var failedToStart = false
    /// The first bytes the server sent (up to `headLimit`).
    private(set) var head: [UInt8] = []
    /// Bytes the kernel took from us.
    private(set) var sentBytes = 0
    /// Whether to read what the server sends. When false, epoll is not asked for input at all,
    /// so the receive buffer fills, the window closes, and the server's sends back up.
    var isReading = true {
        didSet { updateInterest() }
    }

    private unowned let loop: EventLoop
    private let port: UInt16
    private let receiveBufferBytes: Int?
    private var fd: Int32 = -1
    private var slot = -1
    private var outbox = SocketOutbox()
    private var interest: UInt32 = 0
    private var isWriteShut = false
    private static let headLimit = 4096

    init(loop: EventLoop, port: UInt16, receiveBufferBytes: Int? = nil) {
        self.loop = loop
        self.port = port
        self.receiveBufferBytes = receiveBufferBytes
    }

    /// Bytes handed to `write` that the kernel has not taken yet (the server is not reading).
    var unsentBytes: Int { outbox.pendingCount }

    /// Starts connecting from 127.0.0.2; a failure to connect at once is a refusal (`endReason`).
    func start() {
        precondition(state == .idle, "an AttackSocket is started once")
        do throws(BenchError) {
            let (socketFD, connected) = try LoopbackSocket.connect(
                port: port, from: LoopbackSocket.attackerAddress, receiveBufferBytes: receiveBufferBytes
            )
            fd = socketFD
            state = connected ? .open : .connecting
            wasConnected = connected
            interest = wantedInterest
            slot = try loop.register(fd: fd, interest: interest, handler: self)
        } catch {
            failedToStart = true
            end(error.description)
        }
    }

    /// Queues `bytes` and writes what the socket takes now.
    func write(_ bytes: some Sequence<UInt8>) {
        guard state != .closed, !isWriteShut else { return }
        outbox.append(contentsOf: bytes)
        flush()
    }

    /// Sends what was taken, then a FIN (shutdown(SHUT_WR)); bytes still queued are dropped.
    func shutdownWrite() {
        guard state == .open, !isWriteShut else { return }
        isWriteShut = true
        outbox.reset()
        LoopbackSocket.shutdownWrite(fd)
        updateInterest()
    }

    /// Closes the socket (a reset when unread data is left); this is us leaving, not the server.
    func close() {
        release()
    }

    // MARK: Events

    func handleEvents(_ events: UInt32, now: UInt64) {
        if state == .connecting {
            switch LoopbackSocket.connectProgress(fd, events: events) {
            case .waiting:
                return
            case .failed(let code):
                end("connect failed: \(SystemErrorText.describe(code))")
                return
            case .connected:
                state = .open
                wasConnected = true
                flush()
                return
            }
        }
        guard state == .open else { return }
        if isReading, events & (LinuxEpoll.readable | LinuxEpoll.error | LinuxEpoll.hangUp) != 0 {
            readAvailable()
            guard state == .open else { return }
        }
        if events & LinuxEpoll.error != 0 {
            let code = LoopbackSocket.pendingError(fd)
            end(code == 0 ? "connection error" : "reset (\(SystemErrorText.describe(code)))")
            return
        }
        if events & LinuxEpoll.hangUp != 0 {
            // Both directions are shut: the server closed, and we had half-closed or it reset.
            end("closed by the server")
            return
        }
        if events & LinuxEpoll.peerHalfClosed != 0, !isReading {
            // The server sent its FIN; without reading we cannot see it any other way.
            if endReason == nil { endReason = "closed by the server (FIN)" + (isWriteShut ? " after our FIN" : "") }
            updateInterest()
        }
        if events & LinuxEpoll.writable != 0 { flush() }
    }

    private func readAvailable() {
        let buffer = loop.readBuffer
        for _ in 0..<4 {
            guard let count = LoopbackSocket.receive(fd, into: buffer) else { return }
            if count == 0 {
                end("closed by the server (EOF)")
                return
            }
            if count < 0 {
                end("reset (\(SystemErrorText.describe(Int32(-count))))")
                return
            }
            if head.count < Self.headLimit {
                head.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<min(count, Self.headLimit - head.count)]))
            }
            if count < buffer.count { return }
        }
    }

    private func flush() {
        guard state == .open else { return }
        let before = outbox.pendingCount
        if let code = outbox.send(to: fd) {
            end("send failed: \(SystemErrorText.describe(code))")
            return
        }
        sentBytes += before - outbox.pendingCount
        updateInterest()
    }

    private var wantedInterest: UInt32 {
        var wanted: UInt32 = 0
        if isReading { wanted |= LinuxEpoll.readable }
        if !isReading, endReason == nil { wanted |= LinuxEpoll.peerHalfClosed }
        if state == .connecting || outbox.isPending { wanted |= LinuxEpoll.writable }
        return wanted
    }

    private func updateInterest() {
        guard fd >= 0, state != .closed else { return }
        let wanted = wantedInterest
        guard wanted != interest else { return }
        interest = wanted
        loop.modify(fd: fd, slot: slot, interest: wanted)
    }

    /// The server refused or ended the connection: note why (first reason wins) and let go.
    private func end(_ reason: String) {
        if endReason == nil { endReason = isWriteShut ? reason + " after our FIN" : reason }
        release()
    }

    private func release() {
        if fd >= 0 {
            if slot >= 0 { loop.unregister(fd: fd, slot: slot) }
            LoopbackSocket.close(fd)
            fd = -1
            slot = -1
        }
        state = .closed
        outbox.reset()
    }
}
