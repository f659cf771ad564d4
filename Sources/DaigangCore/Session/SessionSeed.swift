/// The config seeds an empty data dir; afterwards the data dir is the truth.
///
/// `records` imports the config's sessions as `created` events when the data holds no session;
/// `differences` says, one line per kind of difference, where a config no longer matches the data
/// (reported at start, never applied).
public enum SessionSeed {
    /// The events that import `definitions`, or none when `book` already has sessions.
    public static func records(for definitions: [SessionDefinition], book: LeadBook) -> [StoreRecord] {
        guard book.state.sessionOrder.isEmpty else { return [] }
        return definitions.map { .session(id: $0.id, .created($0)) }
    }

    /// One line per class of difference between the config's sessions and the data's, and the
    /// data's jobs whose employer the config no longer lists (`employerIDs`, when given).
    public static func differences(config definitions: [SessionDefinition], data: [SessionState], employerIDs: Set<String>? = nil) -> [String] {
        let dataByID = Dictionary(data.map { ($0.id, $0.definition) }, uniquingKeysWith: { first, _ in first })
        let configIDs = Set(definitions.map(\.id))
        var lines: [String] = []
        let onlyInConfig = definitions.map(\.id).filter { dataByID[$0] == nil }
        if !onlyInConfig.isEmpty {
            lines.append("sessions in the config but not in the data (not imported): \(list(onlyInConfig))")
        }
        let onlyInData = data.map(\.id).filter { !configIDs.contains($0) }
        if !onlyInData.isEmpty {
            lines.append("sessions in the data but not in the config (kept): \(list(onlyInData))")
        }
        var details: [String] = []
        var jobs: [String] = []
        var policies: [String] = []
        var screen: [String] = []
        for config in definitions {
            guard let stored = dataByID[config.id] else { continue }
            if config.title != stored.title || config.host != stored.host || config.description != stored.description || config.status != stored.status {
                details.append(config.id)
            }
            // The employer's name is the config's, shown live (`LiveSession`); not a difference.
            if config.jobs.map(withoutEmployerName) != stored.jobs.map(withoutEmployerName) { jobs.append(config.id) }
            if config.policies != stored.policies { policies.append(config.id) }
            if config.pinnedJobId != stored.pinnedJobId || config.shownPolicyId != stored.shownPolicyId { screen.append(config.id) }
        }
        if !details.isEmpty { lines.append("title, host, description or status differ from the data in \(list(details))") }
        if !jobs.isEmpty { lines.append("jobs differ from the data in \(list(jobs))") }
        if !policies.isEmpty { lines.append("policies differ from the data in \(list(policies))") }
        if !screen.isEmpty { lines.append("the pinned job or shown policy differs from the data in \(list(screen))") }
        if let employerIDs {
            let orphans = data.flatMap { state in
                state.definition.jobs.filter { !employerIDs.contains($0.employerId) }.map { "\(state.id)/\($0.id)" }
            }
            if !orphans.isEmpty {
                lines.append("jobs whose employer is no longer in the config (they refuse applications): \(list(orphans))")
            }
        }
        return lines
    }

    private static func withoutEmployerName(_ job: Job) -> Job {
        var job = job
        job.employerName = nil
        return job
    }

    private static func list(_ ids: [String]) -> String {
        let shown = ids.prefix(5).joined(separator: ", ")
        return ids.count > 5 ? "\(shown) and \(ids.count - 5) more" : shown
    }
}
