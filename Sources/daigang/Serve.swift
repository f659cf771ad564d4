import ArgumentParser
import DaigangCore
import DaigangServer
import DaigangStore
import Foundation
import Logging
import Metrics
import Prometheus

/// `daigang serve`: runs the hub until SIGTERM or SIGINT.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the live hub (HTTP, WebSocket, TLS on one port).")

    @Option(help: "The config file.")
    var config = "config/daigang.json"

    @Option(help: "Address to bind (overrides server.host).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (overrides server.port).")
    var port: Int?

    @Option(help: "Directory for the lead store (overrides dataDir).")
    var dataDir: String?

    @Flag(help: "Log libwebsockets' notices too.")
    var verbose = false

    @Option(help: "Least severe log level written: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Option(help: "Log line format: text, or json (one JSON object per line).")
    var logFormat = "text"

    func validate() throws {
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535")
        }
        if let host, host.isEmpty { throw ValidationError("--host must not be empty") }
        if Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if !["text", "json"].contains(logFormat) { throw ValidationError("--log-format must be text or json") }
    }

    func run() throws {
        // Before any other thread exists: every thread inherits this mask, so SIGTERM/SIGINT stay
        // pending until the signal thread takes them; none can be lost or kill the process early.
        var shutdownSignals = sigset_t()
        sigemptyset(&shutdownSignals)
        sigaddset(&shutdownSignals, SIGTERM)
        sigaddset(&shutdownSignals, SIGINT)
        sigaddset(&shutdownSignals, SIGHUP)  // reload, not exit (`forwardSignals`)
        pthread_sigmask(SIG_BLOCK, &shutdownSignals, nil)
        let level = Logger.Level(rawValue: logLevel) ?? .info
        if logFormat == "json" {
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        // Once, before anything makes a metric: every Counter, Gauge and Timer lands in this registry.
        let metricsRegistry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(Self.metricsFactory(registry: metricsRegistry))
        let logger = Logger(label: "daigang")
        let loaded: LoadedConfig
        do {
            loaded = try LoadedConfig(path: config)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        let settings = loaded.config
        let dataDirectory = dataDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? loaded.resolve(settings.dataDir)
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            printError("cannot create data directory \(dataDirectory): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        var options = ServerOptions(
            host: host ?? settings.server.host,
            port: port ?? settings.server.port,
            // A page loaded from the public address may open /ws even where a proxy rewrites Host.
            allowedOrigins: settings.server.allowedOrigins + (settings.server.publicURL.map { [$0] } ?? []),
            certificatePath: settings.server.tls.map { loaded.resolve($0.certificate) },
            privateKeyPath: settings.server.tls.map { loaded.resolve($0.privateKey) },
            pingIntervalSeconds: settings.server.pingIntervalSeconds,
            idleTimeoutSeconds: settings.server.idleTimeoutSeconds,
            webRoot: loaded.resolve(settings.server.webRoot),
            maxConnections: settings.server.maxConnections,
            outboundQueueFrames: settings.limits.outboundQueueFrames
        )
        options.helloTimeoutSeconds = settings.server.helloTimeoutSeconds
        options.requestTimeoutSeconds = settings.server.requestTimeoutSeconds
        options.closeTimeoutSeconds = settings.server.closeTimeoutSeconds
        options.connectionsPerAddress = settings.server.connectionsPerAddress
        options.unwelcomedPerAddress = settings.server.unwelcomedPerAddress
        options.bodiesPerAddress = settings.server.bodiesPerAddress
        options.trustedProxies = Set(settings.server.trustedProxies)
        options.publicURL = settings.server.publicURL
        if settings.server.publicURL == nil, settings.server.tls != nil || !settings.server.trustedProxies.isEmpty {
            logger.warning("server.publicURL is not set: links, QR codes and posters follow each request's Host header (docs/DEPLOY.md)")
        }
        options.metrics = settings.metrics
        LWSLogBridge.install(verbose: verbose)
        let control = ServerControl()
        let store: LeadStore
        let book: LeadBook
        do throws(StoreError) {
            // Locks the data directory first: a second server on it stops here, with one line
            // naming the holder's pid, before anything is written.
            let storeLogger = Logger(label: "daigang.store")
            (store, book) = try LeadStore.open(
                directory: dataDirectory, compactAfterBytes: settings.store.compactAfterBytes,
                faultFile: ProcessInfo.processInfo.environment["DAIGANG_FAULT_FILE"],
                report: { storeLogger.warning("\($0)") }, wake: { control.wake() }
            )
            logger.info("store opened", metadata: [
                "store.dir": "\(dataDirectory)", "store.leads": "\(book.count)", "store.nextLeadNumber": "\(book.nextLeadNumber)",
            ])
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        defer { store.shutdown() }
        // The config seeds an empty data dir; afterwards the data decides (docs/CONFIG.md).
        let seed = SessionSeed.records(for: settings.sessions, book: book)
        if !seed.isEmpty {
            guard Self.writeAtStart(seed, to: store, book: book) else {
                printError("cannot write the config's sessions into the data directory \(dataDirectory); see the log")
                throw ExitCode(1)
            }
            logger.info("imported the config's sessions", metadata: ["sessions": "\(seed.count)"])
        } else {
            let stored = book.state.sessionOrder.compactMap { book.state.sessions[$0] }
            for line in SessionSeed.differences(config: settings.sessions, data: stored, employerIDs: Set(settings.employers.map(\.id))) {
                logger.warning("the config differs from the data directory; the data is used", metadata: ["difference": "\(line)"])
            }
        }
        // After the store's lock: a second server on the same data stops with one line, before this logs.
        let files = Self.raiseOpenFileLimit(for: &options, logger: logger)
        do {
            let server = try HubServer(options: options, hubSettings: settings.hubSettings, leads: book, store: store, control: control, logger: logger, metricsRegistry: metricsRegistry)
            let reloader = ConfigReloader(path: config, running: settings, options: options, connectionCeiling: files.connectionCeiling, logger: logger)
            Self.forwardSignals(shutdownSignals, to: server.control, reloader: reloader)
            try server.run { port in
                let scheme = options.usesTLS ? "https" : "http"
                let shownHost = options.host == "0.0.0.0" || options.host == "::" ? "127.0.0.1" : options.host
                let base = "\(scheme)://\(shownHost.contains(":") ? "[\(shownHost)]" : shownHost):\(port)"
                printLine("daigang listening host=\(options.host) port=\(port) tls=\(options.usesTLS)")
                printLine("  viewer:  \(base)/")
                printLine("  host:    \(base)/host   (host token: see hostToken in \(config) or DAIGANG_HOST_TOKEN)")
                printLine("  HR:      \(base)/hr")
                printLine("  admin:   \(base)/admin  (organizer token: organizerToken in \(config) or DAIGANG_ORGANIZER_TOKEN)")
                printLine("  board:   \(base)/board  report: \(base)/report  (organizer or host token)")
            }
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    /// Journals `records` before anything is served and applies them to `book` once durable;
    /// false when the store refused them. Completions are taken in order, as the loop would.
    private static func writeAtStart(_ records: [StoreRecord], to store: LeadStore, book: LeadBook) -> Bool {
        let token = UInt64.max
        store.submit(records, token: token)
        let deadline = Date().addingTimeInterval(60)
        var isDurable: Bool?
        while Date() < deadline {
            // Every completion taken is handled, also those after the seed's own: a journal
            // marker right behind it (the seed took the journal past compactAfterBytes) that was
            // dropped here would leave its snapshot owed, and compaction stopped, until a restart.
            for completion in store.takeCompletions() {
                switch completion {
                case .written(let write) where write.token == token:
                    if write.isDurable { records.forEach(book.apply) }
                    isDurable = write.isDurable
                case .written:
                    continue
                case .journalCompleted(let journal):
                    store.writeSnapshot(of: journal, state: book.state)
                }
            }
            if let isDurable { return isDurable }
            usleep(2_000)
        }
        return false
    }

    /// Prometheus through swift-metrics, with latency buckets from 0.5 ms (an fdatasync on an SSD)
    /// to 10 s (a stalled disk).
    private static func metricsFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(10),
        ]
        return factory
    }
}
