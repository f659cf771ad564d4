/// The freeze recipe: a few clients from 127.0.0.2 upgrade to `/ws` with a tiny receive buffer,
/// then never read again; each sends `messages` small invalid messages spread over `seconds`
/// (every one earns an `error` reply that piles up unread in the server), half-closes, waits
/// `holdMillis`, and closes (a reset, since replies are left unread).
///
/// Each message carries a `ref` of `refBytes` characters, which the server echoes in its error:
/// with 190 (the server takes up to 200) a reply is ~300 bytes, so 12,000 of them outgrow what
/// the kernel buffers for a socket (tcp_wmem, 4 MiB at most) and back up into the server itself.
/// Without it, replies of ~100 bytes all fit in the kernel and the server never notices.
///
/// A server that queues replies without bound, or that spins on a half-closed socket it cannot
/// write to, shows it here: memory grows, or the loop stops serving everyone else.
/// - Precondition: used only on the event loop's thread.
final class FreezeAttack {
    let clientCount: Int
    let messages: Int
    let seconds: Double
    let holdMillis: Int
    let refBytes: Int
    /// Client k starts `k × staggerMillis` after the first, so their half-closes do not coincide.
    let staggerMillis: Int
    private(set) var tally = AttackTally()

    private unowned let loop: EventLoop
    private let port: UInt16
    private let receiveBufferBytes: Int
    private var clients: [Client] = []
    private var random = FastRandom(seed: MonotonicClock.now() | 1)
    private var isStarted = false

    /// How long a client waits for its 101 before it counts as refused.
    private static let upgradeTimeout = MonotonicClock.millis(5000)
    /// The pacing tick: each client sends what is due every 10 ms.
    private static let tick = MonotonicClock.millis(10)
    /// An unknown message type (valid JSON the server must answer with an error), with its ref.
    private let invalidMessage: [UInt8]

    /// One attacking connection and where it is in the recipe.
    private final class Client {
        enum Step {
            case waiting, upgrading, sending, halfClosed, finished
        }

        let socket: AttackSocket
        var step = Step.waiting
        var startedAt: UInt64 = 0
        var sendingSince: UInt64 = 0
        var halfClosedAt: UInt64 = 0
        var queued = 0
        var handshakeBytes = 0

        init(socket: AttackSocket) {
            self.socket = socket
        }
    }

    init(loop: EventLoop, port: UInt16, clients: Int, messages: Int, seconds: Double, holdMillis: Int,
         receiveBufferBytes: Int = 4096, refBytes: Int = 190, staggerMillis: Int = 0) {
        self.loop = loop
        self.port = port
        clientCount = clients
        self.messages = messages
        self.seconds = seconds
        self.holdMillis = holdMillis
        self.receiveBufferBytes = receiveBufferBytes
        self.refBytes = refBytes
        self.staggerMillis = staggerMillis
        let ref = refBytes > 0 ? #","ref":""# + String(repeating: "x", count: refBytes) + "\"" : ""
        invalidMessage = Array((#"{"type":"nope""# + ref + "}").utf8)
        precondition(invalidMessage.count <= 0xFFFF, "a freeze message fits a 16-bit frame length")
    }

    /// Every client has closed (or was refused, or the server ended it).
    var isFinished: Bool { isStarted && clients.allSatisfy { $0.step == .finished } }

    /// Messages queued and the ones the kernel took (whole frames), over all clients.
    var messagesQueued: Int { clients.reduce(0) { $0 + $1.queued } }
    var messagesSent: Int { clients.reduce(0) { $0 + max(0, $1.socket.sentBytes - $1.handshakeBytes) / frameLength } }
    /// Clients whose sends had stopped going through when they half-closed: the server had stopped reading them.
    private(set) var stalledCount = 0

    private var frameLength: Int { (invalidMessage.count < 126 ? 6 : 8) + invalidMessage.count }

    /// Schedules every client (the first connects now); the recipe runs on the loop from here.
    func start() {
        isStarted = true
        let now = MonotonicClock.now()
        for index in 0..<clientCount {
            let client = Client(socket: AttackSocket(loop: loop, port: port, receiveBufferBytes: receiveBufferBytes))
            client.startedAt = now + UInt64(index) * MonotonicClock.millis(staggerMillis)
            clients.append(client)
            advance(client, now: now)
        }
        loop.schedule(at: now + Self.tick) { [weak self] in self?.advance() }
    }

    /// Closes whatever is still open (the run is ending).
    func stop() {
        for client in clients where client.step != .finished { finish(client) }
    }

    private func advance() {
        let now = MonotonicClock.now()
        for client in clients { advance(client, now: now) }
        if !isFinished { loop.schedule(at: now + Self.tick) { [weak self] in self?.advance() } }
    }

    private func advance(_ client: Client, now: UInt64) {
        let socket = client.socket
        switch client.step {
        case .waiting:
            guard now >= client.startedAt else { return }
            tally.attempted += 1
            socket.start()
            let request = Array(WebSocketClient.upgradeRequest(path: "/ws", port: port, subprotocol: "daigang.v1", random: &random).utf8)
            client.handshakeBytes = request.count
            socket.write(request)
            client.step = .upgrading
        case .upgrading:
            // An answer that came in before a close says more than the close.
            if let end = Self.headerEnd(socket.head) {
                let status = Self.statusLine(socket.head[..<end])
                if status.hasPrefix("HTTP/1.1 101") {
                    tally.open()
                    socket.isReading = false  // from here on, nothing the server sends is read
                    client.step = .sending
                    client.sendingSince = now
                } else {
                    tally.refuse("upgrade refused: \(status)")
                    socket.close()
                    client.step = .finished
                }
            } else if let reason = socket.endReason {
                if socket.failedToStart { tally.failLocally(reason) } else { tally.refuse(reason) }
                client.step = .finished
            } else if now - client.startedAt > Self.upgradeTimeout {
                tally.refuse("no upgrade answer in 5 s")
                socket.close()
                client.step = .finished
            }
        case .sending:
            if socket.state == .closed {
                tally.close(socket.endReason ?? "closed")
                client.step = .finished
                return
            }
            let elapsed = Double(now - client.sendingSince) / 1e9
            let due = seconds > 0 ? min(messages, Int((elapsed / seconds * Double(messages)).rounded(.up))) : messages
            if due > client.queued {
                var bytes: [UInt8] = []
                bytes.reserveCapacity((due - client.queued) * frameLength)
                for _ in client.queued..<due { appendFrame(to: &bytes) }
                client.queued = due
                socket.write(bytes)
            }
            if client.queued == messages, elapsed >= seconds {
                if socket.unsentBytes > 0 { stalledCount += 1 }
                socket.shutdownWrite()
                client.step = .halfClosed
                client.halfClosedAt = now
            }
        case .halfClosed:
            if socket.state == .closed || now - client.halfClosedAt >= MonotonicClock.millis(holdMillis) {
                finish(client)
            }
        case .finished:
            break
        }
    }

    /// Ends a client's recipe: tallies how the server treated it, then closes it.
    private func finish(_ client: Client) {
        switch client.step {
        case .waiting:
            break
        case .upgrading:
            tally.refuse(client.socket.endReason ?? "run ended before the upgrade")
        case .sending, .halfClosed:
            if let reason = client.socket.endReason { tally.close(reason) }
        case .finished:
            return
        }
        client.socket.close()
        client.step = .finished
    }

    /// One masked text frame holding `invalidMessage` (clients must mask; a fresh key each time).
    private func appendFrame(to bytes: inout [UInt8]) {
        let payload = invalidMessage
        let mask = random.next()
        bytes.append(0x81)
        if payload.count < 126 {
            bytes.append(0x80 | UInt8(payload.count))
        } else {
            bytes.append(0x80 | 126)
            bytes.append(UInt8(truncatingIfNeeded: payload.count >> 8))
            bytes.append(UInt8(truncatingIfNeeded: payload.count))
        }
        let key = (0..<4).map { UInt8(truncatingIfNeeded: mask >> (8 * UInt64($0))) }
        bytes.append(contentsOf: key)
        for (index, byte) in payload.enumerated() { bytes.append(byte ^ key[index & 3]) }
    }

    private static func headerEnd(_ head: [UInt8]) -> Int? {
        head.withUnsafeBytes { WebSocketClient.headerEnd($0) }
    }

    private static func statusLine(_ head: ArraySlice<UInt8>) -> String {
        var line = head.prefix { $0 != 13 }.prefix(200)
        while line.last == 32 { line = line.dropLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
