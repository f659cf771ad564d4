/// Slow HTTP bodies from 127.0.0.2: each socket sends a `POST` announcing `Content-Length:
/// 65536` and then one byte of body every `intervalMillis`, holding a request (and its buffer)
/// open for as long as the server waits. A server answer (408, 413, 429…) or a close ends it.
/// - Precondition: used only on the event loop's thread.
final class DribbleAttack {
    let count: Int
    let intervalMillis: Int
    let path: String
    /// Body bytes sent, over all sockets.
    private(set) var bytesDribbled = 0

    private unowned let loop: EventLoop
    private let port: UInt16
    private var sockets: [AttackSocket] = []
    private var isRunning = false
    private static let announcedLength = 65536

    init(loop: EventLoop, port: UInt16, count: Int, intervalMillis: Int, path: String = "/api/leads/x/followups") {
        self.loop = loop
        self.port = port
        self.count = count
        self.intervalMillis = max(1, intervalMillis)
        self.path = path
    }

    /// Opens every socket and sends each request's head; the bytes follow on the loop's timer.
    func start() {
        isRunning = true
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(Self.announcedLength)\r\n\r\n"
        for _ in 0..<count {
            let socket = AttackSocket(loop: loop, port: port)
            sockets.append(socket)
            socket.start()
            socket.write(head.utf8)
        }
        loop.schedule(at: MonotonicClock.now() + MonotonicClock.millis(intervalMillis)) { [weak self] in self?.dribble() }
    }

    /// Stops dribbling and closes every socket.
    func stop() {
        isRunning = false
        for socket in sockets { socket.close() }
    }

    /// One more byte on every socket the server has neither answered nor closed.
    private func dribble() {
        guard isRunning else { return }
        for socket in sockets where socket.state == .open && socket.head.isEmpty && socket.unsentBytes == 0 {
            socket.write(CollectionOfOne(UInt8(ascii: " ")))
            bytesDribbled += 1
        }
        loop.schedule(at: MonotonicClock.now() + MonotonicClock.millis(intervalMillis)) { [weak self] in self?.dribble() }
    }

    /// How the server treated the sockets so far (call before `stop`).
    var tally: AttackTally {
        var tally = AttackTally()
        for socket in sockets {
            tally.attempted += 1
            guard socket.wasConnected else {
                if socket.failedToStart {
                    tally.failLocally(socket.endReason ?? "could not open")
                } else if let reason = socket.endReason {
                    tally.refuse(reason)
                }
                continue
            }
            tally.open()
            if !socket.head.isEmpty {
                let status = socket.head.prefix { $0 != 13 }.prefix(12)
                tally.close("answered " + String(decoding: status, as: UTF8.self))
            } else if let reason = socket.endReason {
                tally.close(reason)
            }
        }
        return tally
    }
}
