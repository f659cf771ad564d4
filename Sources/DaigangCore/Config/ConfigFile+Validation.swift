extension ConfigFile {
    /// Checks every value and applies defaults and environment overrides.
    func validated(environment: [String: String]) throws(ValidationError) -> DaigangConfig {
        let server = try validatedServer()
        var limits = DaigangConfig.Limits()
        limits.messagesPerSecond = try Self.check(self.limits?.messagesPerSecond, "limits.messagesPerSecond", in: 1...1000) ?? limits.messagesPerSecond
        limits.outboundQueueFrames = try Self.check(self.limits?.outboundQueueFrames, "limits.outboundQueueFrames", in: 8...100_000) ?? limits.outboundQueueFrames
        limits.appliesPerMinute = try Self.check(self.limits?.appliesPerMinute, "limits.appliesPerMinute", in: 1...1000) ?? limits.appliesPerMinute
        limits.appliesPerMinutePerAddress = try Self.check(self.limits?.appliesPerMinutePerAddress, "limits.appliesPerMinutePerAddress", in: 1...1_000_000) ?? limits.appliesPerMinutePerAddress
        limits.queueJoinsPerMinutePerAddress = try Self.check(self.limits?.queueJoinsPerMinutePerAddress, "limits.queueJoinsPerMinutePerAddress", in: 1...1_000_000) ?? limits.queueJoinsPerMinutePerAddress
        limits.authFailuresPerMinutePerAddress = try Self.check(self.limits?.authFailuresPerMinutePerAddress, "limits.authFailuresPerMinutePerAddress", in: 1...10_000) ?? limits.authFailuresPerMinutePerAddress
        limits.askIntervalSeconds = try Self.check(self.limits?.askIntervalSeconds, "limits.askIntervalSeconds", in: 1...3600) ?? limits.askIntervalSeconds
        limits.asksPerMinutePerAddress = try Self.check(self.limits?.asksPerMinutePerAddress, "limits.asksPerMinutePerAddress", in: 1...1_000_000) ?? limits.asksPerMinutePerAddress
        limits.upvotesPerMinutePerAddress = try Self.check(self.limits?.upvotesPerMinutePerAddress, "limits.upvotesPerMinutePerAddress", in: 1...1_000_000) ?? limits.upvotesPerMinutePerAddress
        limits.maxOpenQuestions = try Self.check(self.limits?.maxOpenQuestions, "limits.maxOpenQuestions", in: 1...10_000) ?? limits.maxOpenQuestions
        var storeSettings = DaigangConfig.StoreSettings()
        storeSettings.compactAfterBytes = try Self.check(store?.compactAfterBytes, "store.compactAfterBytes", in: 4096...Int(Int32.max)) ?? storeSettings.compactAfterBytes
        var queueSettings = DaigangConfig.QueueSettings()
        queueSettings.maxLength = try Self.check(queue?.maxLength, "queue.maxLength", in: 1...10_000) ?? queueSettings.maxLength
        queueSettings.callTimeoutSeconds = try Self.check(queue?.callTimeoutSeconds, "queue.callTimeoutSeconds", in: 1...3600) ?? queueSettings.callTimeoutSeconds
        limits.ticketsPerAddress = try Self.check(self.limits?.ticketsPerAddress, "limits.ticketsPerAddress", in: 1...10_000)
            ?? DaigangConfig.Limits.defaultTicketsPerAddress(queueMaxLength: queueSettings.maxLength)
        var thresholds = BoardThresholds.standard
        thresholds.redBelowPercent = try Self.check(board?.thresholds?.redBelowPercent, "board.thresholds.redBelowPercent", in: 0...100) ?? thresholds.redBelowPercent
        thresholds.greenFromPercent = try Self.check(board?.thresholds?.greenFromPercent, "board.thresholds.greenFromPercent", in: 0...100) ?? thresholds.greenFromPercent
        guard thresholds.redBelowPercent <= thresholds.greenFromPercent else {
            throw ValidationError(field: "board.thresholds", reason: "redBelowPercent must not be above greenFromPercent")
        }
        let grace = try Self.check(resumeGraceSeconds, "resumeGraceSeconds", in: 0...86_400) ?? 120

        guard let token = environment["DAIGANG_HOST_TOKEN"] ?? hostToken else {
            throw ValidationError(field: "hostToken", reason: "is missing (set it in the file or in DAIGANG_HOST_TOKEN)")
        }
        guard token.count >= 8 else { throw ValidationError(field: "hostToken", reason: "must be at least 8 characters") }

        let organizer = environment["DAIGANG_ORGANIZER_TOKEN"] ?? organizerToken
        if let organizer, organizer.count < Self.minimumOrganizerTokenLength {
            throw ValidationError(field: "organizerToken", reason: "must be at least \(Self.minimumOrganizerTokenLength) characters")
        }
        let employers = try validatedEmployers(environment: environment)
        let employersByID = Dictionary(employers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        guard !sessions.isEmpty else { throw ValidationError(field: "sessions", reason: "must list at least one session") }
        var sessionIDs: Set<String> = []
        var definitions: [SessionDefinition] = []
        for (index, entry) in sessions.enumerated() {
            let definition = try entry.validated(prefix: "sessions[\(index)]", employers: employersByID)
            guard sessionIDs.insert(definition.id).inserted else {
                throw ValidationError(field: "sessions[\(index)].id", reason: "duplicates another session's id")
            }
            definitions.append(definition)
        }
        var config = DaigangConfig(
            server: server, limits: limits, store: storeSettings, queue: queueSettings, resumeGraceSeconds: grace, dataDir: dataDir ?? "../data",
            hostToken: token, organizerToken: organizer, employers: employers, sessions: definitions, boardThresholds: thresholds
        )
        config.metrics = try validatedMetrics(environment: environment)
        config.organizerToken = organizer
        config.retention = try validatedRetention()
        return config
    }

    /// `retention.days` 1–3650 (default 180); `retention.sessions` maps a session id (it need not
    /// be configured: sessions can be created live) to its own number of days, same range.
    private func validatedRetention() throws(ValidationError) -> RetentionPolicy {
        var policy = RetentionPolicy()
        policy.days = try Self.check(retention?.days, "retention.days", in: 1...3650) ?? policy.days
        for (session, days) in retention?.sessions ?? [:] {
            policy.daysBySession[session] = try Self.check(days, "retention.sessions.\(session.prefix(40))", in: 1...3650)
        }
        return policy
    }

    /// The organizer can do everything, so its token must be one nobody guesses: 128 bits as hex.
    static let minimumOrganizerTokenLength = 32

    private func validatedServer() throws(ValidationError) -> DaigangConfig.ServerSettings {
        var settings = DaigangConfig.ServerSettings()
        guard let section = server else { return settings }
        if let host = section.host {
            guard !host.isEmpty, host.count <= 255, !host.contains(" ") else {
                throw ValidationError(field: "server.host", reason: "must be an IP address or host name")
            }
            settings.host = host
        }
        settings.port = try Self.check(section.port, "server.port", in: 0...65_535) ?? settings.port
        if let origins = section.allowedOrigins {
            for (index, origin) in origins.enumerated() where origin != "*" {
                guard origin.hasPrefix("http://") || origin.hasPrefix("https://"), !origin.hasSuffix("/") else {
                    throw ValidationError(field: "server.allowedOrigins[\(index)]", reason: "must look like https://host[:port] (no path) or be \"*\"")
                }
            }
            settings.allowedOrigins = origins
        }
        if let tls = section.tls {
            guard !tls.certificate.isEmpty else { throw ValidationError(field: "server.tls.certificate", reason: "must not be empty") }
            guard !tls.privateKey.isEmpty else { throw ValidationError(field: "server.tls.privateKey", reason: "must not be empty") }
            settings.tls = DaigangConfig.TLSFiles(certificate: tls.certificate, privateKey: tls.privateKey)
        }
        settings.pingIntervalSeconds = try Self.check(section.pingIntervalSeconds, "server.pingIntervalSeconds", in: 1...3600) ?? settings.pingIntervalSeconds
        settings.idleTimeoutSeconds = try Self.check(section.idleTimeoutSeconds, "server.idleTimeoutSeconds", in: 2...7200) ?? settings.idleTimeoutSeconds
        guard settings.idleTimeoutSeconds > settings.pingIntervalSeconds else {
            throw ValidationError(field: "server.idleTimeoutSeconds", reason: "must be greater than server.pingIntervalSeconds")
        }
        if let webRoot = section.webRoot {
            guard !webRoot.isEmpty else { throw ValidationError(field: "server.webRoot", reason: "must not be empty") }
            settings.webRoot = webRoot
        }
        settings.maxConnections = try Self.check(section.maxConnections, "server.maxConnections", in: 1...19_000) ?? settings.maxConnections
        settings.helloTimeoutSeconds = try Self.check(section.helloTimeoutSeconds, "server.helloTimeoutSeconds", in: 1...300) ?? settings.helloTimeoutSeconds
        settings.requestTimeoutSeconds = try Self.check(section.requestTimeoutSeconds, "server.requestTimeoutSeconds", in: 1...300) ?? settings.requestTimeoutSeconds
        settings.closeTimeoutSeconds = try Self.check(section.closeTimeoutSeconds, "server.closeTimeoutSeconds", in: 1...60) ?? settings.closeTimeoutSeconds
        settings.connectionsPerAddress = try Self.check(section.connectionsPerAddress, "server.connectionsPerAddress", in: 1...20_000) ?? settings.connectionsPerAddress
        settings.unwelcomedPerAddress = try Self.check(section.unwelcomedPerAddress, "server.unwelcomedPerAddress", in: 1...20_000) ?? settings.unwelcomedPerAddress
        settings.bodiesPerAddress = try Self.check(section.bodiesPerAddress, "server.bodiesPerAddress", in: 1...20_000) ?? settings.bodiesPerAddress
        if let proxies = section.trustedProxies {
            for (index, proxy) in proxies.enumerated() where !ClientAddress.isIPAddress(proxy) {
                throw ValidationError(field: "server.trustedProxies[\(index)]", reason: "must be an IPv4 or IPv6 address")
            }
            settings.trustedProxies = proxies
        }
        if let publicURL = section.publicURL {
            guard let base = ShareLinks.publicBase(publicURL) else {
                throw ValidationError(field: "server.publicURL", reason: "must look like https://host[:port] (no path, query or spaces)")
            }
            settings.publicURL = base
        }
        return settings
    }

    private func validatedEmployers(environment: [String: String]) throws(ValidationError) -> [Employer] {
        guard !employers.isEmpty else { throw ValidationError(field: "employers", reason: "must list at least one employer") }
        var seen: Set<String> = []
        var result: [Employer] = []
        for (index, entry) in employers.enumerated() {
            try CatalogValidation.checkIdentifier(entry.id, field: "employers[\(index)].id")
            guard seen.insert(entry.id).inserted else {
                throw ValidationError(field: "employers[\(index)].id", reason: "duplicates another employer's id")
            }
            let name = try CatalogValidation.checkText(entry.name, field: "employers[\(index)].name", maxLength: 100)
            guard let token = environment[DaigangConfig.hrTokenVariable(forEmployer: entry.id)] ?? entry.hrToken else {
                throw ValidationError(
                    field: "employers[\(index)].hrToken",
                    reason: "is missing (set it in the file or in \(DaigangConfig.hrTokenVariable(forEmployer: entry.id)))"
                )
            }
            guard token.count >= 8 else {
                throw ValidationError(field: "employers[\(index)].hrToken", reason: "must be at least 8 characters")
            }
            let industry = try CatalogValidation.checkOptionalText(entry.industry, field: "employers[\(index)].industry", maxLength: 40)
            let district = try CatalogValidation.checkOptionalText(entry.district, field: "employers[\(index)].district", maxLength: 40)
            result.append(Employer(id: entry.id, name: name, hrToken: token, industry: industry, district: district))
        }
        return result
    }

    static func check(_ value: Int?, _ field: String, in range: ClosedRange<Int>) throws(ValidationError) -> Int? {
        guard let value else { return nil }
        guard range.contains(value) else {
            throw ValidationError(field: field, reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }
}

extension ConfigFile.SessionEntry {
    func validated(prefix: String, employers: [String: Employer]) throws(ValidationError) -> SessionDefinition {
        try CatalogValidation.checkIdentifier(id, field: "\(prefix).id")
        let title = try CatalogValidation.checkText(title, field: "\(prefix).title", maxLength: 100)
        let host = try CatalogValidation.checkOptionalText(host, field: "\(prefix).host", maxLength: 100)
        let description = try CatalogValidation.checkOptionalText(description, field: "\(prefix).description", maxLength: 1000, shape: .multiLine)
        var checkedJobs: [Job] = []
        for (index, job) in jobs.enumerated() {
            let checked = try CatalogValidation.validate(job, prefix: "\(prefix).jobs[\(index)]", employers: employers)
            guard !checkedJobs.contains(where: { $0.id == checked.id }) else {
                throw ValidationError(field: "\(prefix).jobs[\(index)].id", reason: "duplicates another job's id")
            }
            checkedJobs.append(checked)
        }
        var checkedPolicies: [Policy] = []
        for (index, policy) in policies.enumerated() {
            let checked = try CatalogValidation.validate(policy, prefix: "\(prefix).policies[\(index)]")
            guard !checkedPolicies.contains(where: { $0.id == checked.id }) else {
                throw ValidationError(field: "\(prefix).policies[\(index)].id", reason: "duplicates another policy's id")
            }
            checkedPolicies.append(checked)
        }
        if let pinnedJobId, !checkedJobs.contains(where: { $0.id == pinnedJobId }) {
            throw ValidationError(field: "\(prefix).pinnedJobId", reason: "is not one of the session's jobs")
        }
        if let shownPolicyId, !checkedPolicies.contains(where: { $0.id == shownPolicyId }) {
            throw ValidationError(field: "\(prefix).shownPolicyId", reason: "is not one of the session's policies")
        }
        return SessionDefinition(
            id: id, title: title, host: host, description: description, status: status,
            jobs: checkedJobs, policies: checkedPolicies, pinnedJobId: pinnedJobId, shownPolicyId: shownPolicyId
        )
    }
}
