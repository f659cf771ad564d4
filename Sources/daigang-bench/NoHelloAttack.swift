/// Sockets from 127.0.0.2 that upgrade to `/ws` and then never say `hello`: they hold a
/// connection (and whatever the server keeps for it) for nothing. They still behave as live
/// clients otherwise: `WebSocketClient` reads and answers pings with pongs.
///
/// At most `concurrency` handshakes are in flight at once, like the viewers'.
/// - Precondition: used only on the event loop's thread.
final class NoHelloAttack: WebSocketClientDelegate {
    let count: Int
    private(set) var tally = AttackTally()
    /// Messages the server sent these sockets (an error, a close reason…).
    private(set) var messagesReceived = 0

    private unowned let loop: EventLoop
    private let port: UInt16
    private let concurrency: Int
    private var clients: [WebSocketClient] = []
    private var isOpen: [Bool]
    private var nextToStart = 0
    private var inFlight = 0

    init(loop: EventLoop, port: UInt16, count: Int, concurrency: Int) {
        self.loop = loop
        self.port = port
        self.count = count
        self.concurrency = max(1, concurrency)
        isOpen = Array(repeating: false, count: count)
    }

    /// Starts the handshakes; the rest follow as earlier ones finish.
    func start() {
        startMore(now: MonotonicClock.now())
    }

    /// Closes every socket (close frame, then the socket).
    func disconnectAll() {
        for client in clients { client.disconnect() }
    }

    private func startMore(now: UInt64) {
        while inFlight < concurrency, nextToStart < count {
            let client = WebSocketClient(
                id: nextToStart, loop: loop, delegate: self, port: port, path: "/ws", subprotocol: "daigang.v1",
                source: LoopbackSocket.attackerAddress
            )
            clients.append(client)
            nextToStart += 1
            tally.attempted += 1
            do {
                try client.start(now: now)
                inFlight += 1
            } catch {
                tally.failLocally(error.description)
            }
        }
    }

    // MARK: WebSocketClientDelegate

    func webSocketDidOpen(_ client: WebSocketClient, now: UInt64) {
        isOpen[client.id] = true
        tally.open()
        inFlight -= 1
        startMore(now: now)
    }

    func webSocket(_ client: WebSocketClient, didReceive payload: UnsafeRawBufferPointer, now: UInt64) {
        messagesReceived += 1
    }

    func webSocket(_ client: WebSocketClient, didCloseWith reason: String, now: UInt64) {
        if isOpen[client.id] {
            tally.close(reason)
        } else {
            tally.refuse(reason)
            inFlight -= 1
            startMore(now: now)
        }
    }
}
