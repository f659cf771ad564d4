internal import CLibWebSockets
public import DaigangCore
public import DaigangStore
import Foundation
public import Logging
public import Prometheus

/// The libwebsockets binding: one service thread runs HTTP, WebSocket and TLS and owns the hub.
///
/// Create it and call `run()` on the thread that is to own it; `run()` returns after a graceful
/// shutdown requested through `control`. C callbacks find this object through the context user
/// pointer, which is valid from `lws_create_context` until `lws_context_destroy` in `run()`.
/// - Precondition: every method is called on the thread that called `run()`.
public final class HubServer {
    public let control: ServerControl
    /// Replaced by `reload` with the live keys of a re-read config (SIGHUP).
    var options: ServerOptions
    let hub: Hub
    let logger: Logger
    /// Who did what: staff commands, applications, HR requests, refused sign-ins and upgrades.
    let audit = Logger(label: "daigang.audit")
    let metrics = ServerMetrics()
    /// What `/metrics` renders; nil answers 404.
    let metricsRegistry: PrometheusCollectorRegistry?
    /// Writes to log (and time) when the store answers them, by write token.
    var pendingAudits: [UInt64: PendingAudit] = [:]
    let site: StaticSite
    var connections: [ConnectionID: Connection] = [:]
    /// HTTP requests in progress, by connection.
    var http: [ConnectionID: HTTPExchange] = [:]
    /// Each session's job catalog as last served (gzip'd once per version), by session id.
    var catalogs: [String: CachedRepresentation] = [:]
    /// The front door's session list as last served (gzip'd once per version of its bytes).
    var sessionDirectory: CachedRepresentation?
    /// Where leads go; nil runs without persistence (applies are refused as unavailable).
    let store: LeadStore?
    /// The hub's lead book (the only one): its state goes to the store for snapshots.
    private let leads: LeadBook
    private var nextConnectionID: UInt64 = 0
    /// lws connections of any kind, for the connection limit.
    var openSockets = 0
    /// Accepted sockets per client address (trusted proxies' own sockets are not counted).
    var sockets = AddressTally()
    /// WebSockets per address that have not said hello yet.
    var unwelcomed = AddressTally()
    /// HTTP requests per address whose body is still arriving.
    var bodies = AddressTally()
    /// The address of each counted socket, by its lws connection (WSI_CREATE to WSI_DESTROY).
    var socketAddresses: [OpaquePointer: String] = [:]
    /// The address admitted by the last FILTER_NETWORK_CONNECTION, for the WSI_CREATE that follows it.
    var admittedAddress: String?
    /// Refusals counted since the last `flushLogTallies`, by what was refused (and from where).
    var logTally: [String: Int] = [:]
    /// Quarter-second ticks since start; the once-a-second work runs on every fourth.
    private var tickCount = 0
    var isDraining = false
    private var drainDeadline: Int64 = 0
    private var isFinished = false
    /// The 1001 closes went out (after the writes in flight were answered).
    private var areClientsClosed = false
    /// The port bound (`options.port` may be 0); set by `run()`.
    private(set) var listeningPort = 0
    /// The running context; set for the duration of `run()`.
    private(set) var context: OpaquePointer?

    /// Rendered posters and the requests waiting for one; the worker renders off this thread.
    var posters = PosterCache<ConnectionID>()
    /// Viewer pages with a card's link preview, by card fingerprint (`sharePage`), so a crowd
    /// opening one shared link costs one rendering of the page.
    var sharePages: [String: CachedRepresentation] = [:]
    let posterWorker: PosterWorker
    let reportWorker: ReportWorker
    let workbookWorker: WorkbookWorker
    /// Reads uploaded job sheets off this thread; `importsInFlight` are with it now.
    let sheetImports: SheetImportWorker
    var importsInFlight = 0

    /// Where several queued frames are laid out for one write; reused, service thread only.
    let writeBatch = WriteBatch(capacity: 256 * 1024)

    /// Memory handed to lws; freed in `run()` after `lws_context_destroy`.
    private let protocolName = strdup("daigang.v1")!
    private let protocols = UnsafeMutablePointer<lws_protocols>.allocate(capacity: 2)
    private let noValidityTimers = UnsafeMutablePointer<lws_retry_bo_t>.allocate(capacity: 1)
    private let timer = UnsafeMutablePointer<CLibWebSockets_Timer>.allocate(capacity: 1)
    private var ownedCStrings: [UnsafeMutablePointer<CChar>] = []

    /// - Parameters:
    ///   - leads: the state recovered from `store`.
    ///   - store: an open store whose `wake` calls `control.wake()`.
    ///   - metricsRegistry: the registry the bootstrapped metrics factory writes to, rendered at `/metrics`.
    public init(options: ServerOptions, hubSettings: HubSettings, leads: LeadBook, store: LeadStore?, control: ServerControl, logger: Logger, metricsRegistry: PrometheusCollectorRegistry? = nil) throws(ServerError) {
        self.options = options
        self.metricsRegistry = metricsRegistry
        self.control = control
        self.logger = logger
        self.store = store
        self.leads = leads
        self.site = try StaticSite(root: options.webRoot)
        self.hub = Hub(settings: hubSettings, leads: leads, now: Self.now())
        self.posterWorker = PosterWorker(control: control)
        self.reportWorker = ReportWorker(control: control)
        self.workbookWorker = WorkbookWorker(control: control)
        self.sheetImports = SheetImportWorker(control: control)
        // The hometown picker's list, the same bytes the apply page fetches.
        if let divisions = site.asset(at: StaticSite.divisionsPath) {
            do {
                hub.divisions = try DivisionList(json: Data(divisions.body))
            } catch {
                throw ServerError("server.webRoot: \(StaticSite.divisionsPath): \(error)")
            }
        } else {
            logger.warning("no division list in the web root: every hometownCode is refused", metadata: ["path": "\(StaticSite.divisionsPath)"])
        }
    }

    deinit {
        free(protocolName)
        protocols.deallocate()
        noValidityTimers.deallocate()
        timer.deallocate()
        ownedCStrings.forEach { free($0) }
    }

    /// Starts listening, calls `onListening` with the bound port, serves until shut down.
    public func run(onListening: (Int) -> Void) throws(ServerError) {
        let context = try makeContext()
        self.context = context
        control.attach(ContextHandle(pointer: context))
        posterWorker.start()
        reportWorker.start()
        workbookWorker.start()
        sheetImports.start()
        defer {
            posterWorker.stop()
            reportWorker.stop()
            workbookWorker.stop()
            sheetImports.stop()
            control.detach()
            lws_context_destroy(context)
            self.context = nil
        }
        guard let vhost = lws_get_vhost_by_name(context, "default") else {
            throw ServerError("libwebsockets created no listener")
        }
        let port = Int(lws_get_vhost_port(vhost))
        listeningPort = port
        logger.info("listening", metadata: ["port": "\(port)", "host": "\(options.host)", "tls": "\(options.usesTLS)"])
        onListening(port)
        timer.pointee = CLibWebSockets_Timer()
        timer.pointee.owner = Unmanaged.passUnretained(self).toOpaque()  // unretained: the timer dies with the context.
        scheduleTick()
        while !isFinished {
            if lws_service(context, 0) < 0 { break }
        }
        logger.info("stopped")
    }

    private func makeContext() throws(ServerError) -> OpaquePointer {
        protocols[0] = lws_protocols()
        protocols[0].name = UnsafePointer(protocolName)
        protocols[0].callback = daigangCallback
        protocols[0].per_session_data_size = MemoryLayout<UInt64>.size
        // lws gives every connection an rx buffer of this size: small keeps idle viewers cheap;
        // larger messages arrive in several RECEIVE callbacks and are put back together.
        protocols[0].rx_buffer_size = 1024
        protocols[1] = lws_protocols()  // lws 4.1.6 has no LWS_PROTOCOL_LIST_TERM: a zeroed entry ends the list.

        // Zero ping and hang-up times switch off lws' per-connection validity timers (without a
        // policy lws applies a default one). Keepalive is `checkIdleConnections` instead: lws keeps
        // those timers in one sorted list, and inserting 10,000 of them made a join storm quadratic.
        noValidityTimers.pointee = lws_retry_bo_t()

        var info = lws_context_creation_info()
        info.port = Int32(options.port)
        info.protocols = UnsafePointer(protocols)
        info.vhost_name = UnsafePointer(ownedCString("default"))
        info.retry_and_idle_policy = UnsafePointer(noValidityTimers)
        // lws' own deadline for a request's headers (and its other waits): the request deadline.
        info.timeout_secs = UInt32(options.requestTimeoutSeconds)
        // ...and while a connection holds a header table (headers still arriving): lws' default is 10 s.
        info.timeout_secs_ah_idle = UInt32(options.requestTimeoutSeconds)
        // HTTP/1.1 only, over TLS too: every deadline and limit here is written for h1 connections.
        info.alpn = UnsafePointer(ownedCString("http/1.1"))
        info.user = Unmanaged.passUnretained(self).toOpaque()  // unretained: `self` outlives the context (destroyed in run()).
        var flags = UInt64(LWS_SERVER_OPTION_VALIDATE_UTF8) | UInt64(LWS_SERVER_OPTION_HTTP_HEADERS_SECURITY_BEST_PRACTICES_ENFORCE)
        if options.host != "0.0.0.0", options.host != "::", !options.host.isEmpty {
            info.iface = UnsafePointer(ownedCString(options.host))
        }
        if !options.host.contains(":") {
            // Without this lws also opens an IPv6 socket and 127.0.0.1 is not loopback-only.
            flags |= UInt64(LWS_SERVER_OPTION_DISABLE_IPV6)
        }
        if let certificate = options.certificatePath, let key = options.privateKeyPath {
            guard FileManager.default.isReadableFile(atPath: certificate) else {
                throw ServerError("server.tls.certificate: cannot read \(certificate)")
            }
            guard FileManager.default.isReadableFile(atPath: key) else {
                throw ServerError("server.tls.privateKey: cannot read \(key)")
            }
            // lws would only say it cannot listen; OpenSSL's reason is the operator's answer.
            let served = try TLSCertificate.check(certificate: certificate, privateKey: key)
            logger.info("TLS certificate", metadata: ["tls.subject": "\(served.subject)", "tls.serial": "\(served.serial)", "tls.notAfter": "\(served.notAfter)"])
            flags |= UInt64(LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT)
            info.ssl_cert_filepath = UnsafePointer(ownedCString(certificate))
            info.ssl_private_key_filepath = UnsafePointer(ownedCString(key))
            info.ssl_options_set = CLibWebSockets_sslOptionsTLS12Plus()
        }
        info.options = flags
        guard let context = lws_create_context(&info) else {
            throw ServerError(Self.explainListenFailure(host: options.host, port: options.port, tls: options.usesTLS))
        }
        return context
    }

    private func ownedCString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(text)!
        ownedCStrings.append(pointer)
        return pointer
    }

    // MARK: Connections

    func makeConnectionID() -> ConnectionID {
        nextConnectionID += 1
        return ConnectionID(nextConnectionID)
    }

    /// Both clocks, for the hub: the wall clock for its records, the monotonic one for its deadlines.
    static func now() -> Instant {
        Instant(wall: milliseconds(CLOCK_REALTIME), tick: monotonicMillis())
    }

    /// Milliseconds on CLOCK_MONOTONIC (arbitrary zero, never stepped): the server's own deadlines.
    static func monotonicMillis() -> Int64 {
        milliseconds(CLOCK_MONOTONIC)
    }

    private static func milliseconds(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    // MARK: Effects

    /// Turns hub effects into queued frames; a broadcast is wrapped into a Frame once.
    func perform(_ effects: [HubEffect]) {
        for effect in effects {
            switch effect {
            case .send(let id, let message):
                if let code = message.errorCode { metrics.refusedMessage(code) }
                if message.type == "welcome", let role = hub.summary(of: id)?.role { metrics.welcomed(role) }
                guard let connection = connections[id] else { continue }
                deliver(Frame(bytes: message.bytes, coalescingKey: message.coalescingKey), to: connection)
                metrics.delivered()
            case .broadcast(let sessionID, let message):
                let frame = Frame(bytes: message.bytes, coalescingKey: message.coalescingKey)
                var delivered = 0
                for id in hub.members(of: sessionID) {
                    guard let connection = connections[id] else { continue }
                    deliver(frame, to: connection)
                    delivered += 1
                }
                metrics.broadcast(recipients: delivered)
            case .persist(let records, let token):
                noteHandedOver(records, token: token)
                if let store {
                    store.submit(records, token: token)
                } else {
                    noteWritten(token: token, isDurable: false)
                    perform(hub.persisted(token: token, isDurable: false, now: Self.now()))
                }
            case .respond(let id, let response) where response.leadsWorkbook != nil:
                workbookWorker.submit(WorkbookJob(connection: id, response: response))
            case .respond(let id, let response):
                respond(id, response)
            case .buildReport(let id, let job):
                if !reportWorker.submit(ReportWork(connection: id, job: job)) {
                    var busy = APIResponse.error(.unavailable, "the figures are being computed for others; try again shortly")
                    busy.headers.append(("retry-after", "2"))
                    respond(id, busy)
                }
            case .disconnect(let id, let reason):
                guard let connection = connections[id] else { continue }
                closeAfterQueued(connection, status: LWS_CLOSE_STATUS_POLICY_VIOLATION, reason: reason)
            case .signOut(let id, let reason):
                guard let connection = connections[id] else { continue }
                closeAfterQueued(connection, status: Self.signedOutCloseStatus, reason: reason)
            case .securityEvent(let event):
                noteSecurityEvent(event)
            }
        }
    }

    private func deliver(_ frame: Frame, to connection: Connection) {
        let wasIdle = connection.queue.isEmpty
        if !connection.enqueue(frame, limit: options.outboundQueueFrames) {
            logger.warning("connection too slow; closing", metadata: ["connection.id": "\(connection.id)", "client.address": "\(connection.address)"])
            metrics.droppedSlowViewer()
            closeNow(connection, status: LWS_CLOSE_STATUS_POLICY_VIOLATION, reason: "too slow: outbound queue full")
        } else if wasIdle {
            // A connection with frames queued has asked to be writable already.
            lws_callback_on_writable(connection.wsi)
        }
    }

    // MARK: Time and shutdown

    /// Hands durable (or refused) writes back to the hub, in order; at a completed journal, hands
    /// the store the book's state, which then holds exactly that journal's records (a snapshot is
    /// written from it off this thread).
    func takeStoreCompletions() {
        guard let store else { return }
        for completion in store.takeCompletions() {
            switch completion {
            case .written(let write):
                noteWritten(token: write.token, isDurable: write.isDurable)
                perform(hub.persisted(token: write.token, isDurable: write.isDurable, now: Self.now()))
            case .journalCompleted(let journal):
                store.writeSnapshot(of: journal, state: leads.state)
            }
        }
    }

    /// Answers the boards and reports the report thread finished, to the requests still open.
    func takeReports() {
        for work in reportWorker.takeResults() {
            if let response = work.response { respond(work.connection, response) }
        }
    }

    /// Handles what other threads posted (`ServerControl.post`), in order.
    func drainInbox() {
        for message in control.drain() {
            switch message {
            case .storeCompletionsReady: takeStoreCompletions()
            case .postersReady: takePosters()
            case .workbooksReady:
                for job in workbookWorker.takeResults() { respond(job.connection, job.response) }
            case .sheetsRead: takeSheetImports()
            case .reportsReady: takeReports()
            case .shutdownRequested: break  // `checkShutdown` below reads the request
            case .reloadRequested(let request): reload(request)
            }
        }
        checkShutdown()
    }

    /// Runs four times a second on the service thread: deadlines every time, the rest once a second.
    func tick() {
        takeStoreCompletions()
        enforceDeadlines(now: Self.monotonicMillis())
        tickCount += 1
        if tickCount % 4 == 0 {
            flushLogTallies()
            checkIdleConnections(now: Self.monotonicMillis())
            perform(hub.tick(now: Self.now()))
        }
        checkShutdown()
        scheduleTick()
    }

    private func scheduleTick() {
        guard let context else { return }
        // The sul is the struct's first field; its memory is bound to its own type inside the struct.
        let sul = (UnsafeMutableRawPointer(timer) + MemoryLayout<CLibWebSockets_Timer>.offset(of: \.sul)!)
            .assumingMemoryBound(to: lws_sorted_usec_list_t.self)
        lws_sul_schedule(context, 0, sul, daigangTick, 250_000)
    }

    /// Called when the loop is woken from another thread.
    func checkShutdown() {
        if control.isShutdownRequested && !isDraining {
            // Stop accepting and stop reading; what is already on its way to the disk is answered
            // first (a host must not retry a change that was saved), then everyone gets 1001.
            isDraining = true
            drainDeadline = Self.monotonicMillis() + options.shutdownGraceMillis
            // The viewer figures since their last record go to the disk with the rest (docs/REPORTS.md "Viewers").
            perform(hub.recordAudience(now: Self.now()))
            logger.info("shutting down", metadata: ["connections": "\(connections.count)", "writes.pending": "\(hub.pendingWriteCount)"])
        }
        if isDraining && !areClientsClosed && (hub.pendingWriteCount == 0 || Self.monotonicMillis() >= drainDeadline - options.shutdownGraceMillis / 2) {
            areClientsClosed = true
            for connection in connections.values {
                closeAfterQueued(connection, status: LWS_CLOSE_STATUS_GOINGAWAY, reason: "server shutting down")
            }
        }
        // Also wait for HTTP answers that wait for the disk (a follow-up, an audited read).
        let isAnswering = http.values.contains { $0.response == nil && !$0.isAwaitingBody }
        if isDraining && ((connections.isEmpty && !isAnswering) || Self.monotonicMillis() >= drainDeadline) {
            isFinished = true
        }
    }

    /// The usual reasons lws could not listen, found by trying the bind ourselves.
    static func explainListenFailure(host: String, port: Int, tls: Bool) -> String {
        let probe = socket(host.contains(":") ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { if probe >= 0 { close(probe) } }
        var reason = "cannot listen on \(host):\(port)"
        if tls { reason += " (check the TLS certificate and key)" }
        guard probe >= 0, !host.contains(":") else { return reason }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host == "0.0.0.0" ? "0.0.0.0" : host, &address.sin_addr) == 1 else {
            return "cannot listen on \(host):\(port): server.host is not an IPv4 address this machine has"
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 {
            switch errno {
            case EADDRINUSE: return "cannot listen on \(host):\(port): port \(port) is already in use"
            case EACCES: return "cannot listen on \(host):\(port): permission denied for port \(port)"
            case EADDRNOTAVAIL: return "cannot listen on \(host):\(port): \(host) is not an address of this machine"
            default: return reason + ": " + String(cString: strerror(errno))
            }
        }
        return reason
    }
}
