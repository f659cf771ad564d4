/// What a re-read config file (SIGHUP) changes in a running server: the keys that take effect
/// live, and the ones that only a restart applies.
///
/// Live: the per-address and per-connection limits, deadlines, origins, trusted proxies and the
/// tokens (docs/CONFIG.md, "Reloading"). The rest (where to listen, which TLS files, the pages, the
/// data directory, the line's shape, employers' ids and names) stays as it started and is named
/// in `needsRestart`, so an edit is never silently ignored. `sessions[]` is left out: after the
/// first start the data directory decides (`serve` reports differences at start). Pure.
public struct ConfigReload: Sendable, Equatable {
    /// The running config with every live key taken from the file.
    public let config: DaigangConfig
    /// Live keys whose value changed, in the order of docs/CONFIG.md.
    public let changed: [String]
    /// Keys that differ in the file but keep their running value until a restart.
    public let needsRestart: [String]

    public init(running: DaigangConfig, file: DaigangConfig) {
        var config = running
        var changed: [String] = []
        var needsRestart: [String] = []
        func take<Value: Equatable>(_ key: String, _ path: WritableKeyPath<DaigangConfig, Value>) {
            guard running[keyPath: path] != file[keyPath: path] else { return }
            config[keyPath: path] = file[keyPath: path]
            changed.append(key)
        }
        func keep<Value: Equatable>(_ key: String, _ path: KeyPath<DaigangConfig, Value>) {
            if running[keyPath: path] != file[keyPath: path] { needsRestart.append(key) }
        }
        keep("server.host", \.server.host)
        keep("server.port", \.server.port)
        take("server.allowedOrigins", \.server.allowedOrigins)
        keep("server.tls", \.server.tls)
        take("server.pingIntervalSeconds", \.server.pingIntervalSeconds)
        take("server.idleTimeoutSeconds", \.server.idleTimeoutSeconds)
        keep("server.webRoot", \.server.webRoot)
        take("server.maxConnections", \.server.maxConnections)
        take("server.helloTimeoutSeconds", \.server.helloTimeoutSeconds)
        // Also lws' own header deadline, which is fixed when the listener is made.
        keep("server.requestTimeoutSeconds", \.server.requestTimeoutSeconds)
        take("server.closeTimeoutSeconds", \.server.closeTimeoutSeconds)
        take("server.connectionsPerAddress", \.server.connectionsPerAddress)
        take("server.unwelcomedPerAddress", \.server.unwelcomedPerAddress)
        take("server.bodiesPerAddress", \.server.bodiesPerAddress)
        take("server.trustedProxies", \.server.trustedProxies)
        keep("server.publicURL", \.server.publicURL)
        keep("metrics", \.metrics)
        take("limits.messagesPerSecond", \.limits.messagesPerSecond)
        take("limits.outboundQueueFrames", \.limits.outboundQueueFrames)
        take("limits.appliesPerMinute", \.limits.appliesPerMinute)
        take("limits.appliesPerMinutePerAddress", \.limits.appliesPerMinutePerAddress)
        take("limits.queueJoinsPerMinutePerAddress", \.limits.queueJoinsPerMinutePerAddress)
        take("limits.ticketsPerAddress", \.limits.ticketsPerAddress)
        take("limits.authFailuresPerMinutePerAddress", \.limits.authFailuresPerMinutePerAddress)
        take("limits.askIntervalSeconds", \.limits.askIntervalSeconds)
        take("limits.asksPerMinutePerAddress", \.limits.asksPerMinutePerAddress)
        take("limits.upvotesPerMinutePerAddress", \.limits.upvotesPerMinutePerAddress)
        take("limits.maxOpenQuestions", \.limits.maxOpenQuestions)
        keep("store.compactAfterBytes", \.store.compactAfterBytes)
        keep("queue.maxLength", \.queue.maxLength)
        keep("queue.callTimeoutSeconds", \.queue.callTimeoutSeconds)
        keep("retention", \.retention)
        keep("resumeGraceSeconds", \.resumeGraceSeconds)
        keep("dataDir", \.dataDir)
        take("hostToken", \.hostToken)
        take("board.thresholds", \.boardThresholds)
        take("organizerToken", \.organizerToken)
        // Tokens change live; a changed employer list (ids, names, order) is a restart: jobs and
        // leads refer to employers by id, and the hub names them from the list it started with.
        let isSameEmployerList = running.employers.map { [$0.id, $0.name] } == file.employers.map { [$0.id, $0.name] }
        if isSameEmployerList {
            if running.employers.map(\.hrToken) != file.employers.map(\.hrToken) { changed.append("employers[].hrToken") }
            if running.employers.map({ [$0.industry, $0.district] }) != file.employers.map({ [$0.industry, $0.district] }) {
                changed.append("employers[].industry/district")
            }
            config.employers = file.employers
        } else {
            needsRestart.append("employers")
        }
        self.config = config
        self.changed = changed
        self.needsRestart = needsRestart
    }
}
