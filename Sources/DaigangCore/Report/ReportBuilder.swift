/// Computes a `CampaignReport` from the durable state: one pass over the jobs, one over the leads.
///
/// Pure and `Sendable` in what it reads (`LeadBook.State` is a copy-on-write value), so the server
/// runs it off the service thread on a snapshot, as the compactor does. Sessions and employers are
/// numbered once and leads are read in place, so a lead costs an employer lookup, a phone number
/// as an integer, its hometown (the report only) and one employer × session cell; employers and
/// sessions are summed from the cells (BENCHMARKS.md "Board and report"). Nothing it returns names a person.
public struct ReportBuilder: Sendable {
    /// Which jobs a report gives rows of their own (`CampaignReport.jobs`).
    public enum JobRowScope: Sendable, Equatable {
        case none
        /// One session's jobs: the board of `/api/board?session=` (the host console's panel).
        case session(String)
        /// Every session's jobs, in session order then the session's job order: the workbook's 岗位 sheet.
        case every

        func includes(_ session: String) -> Bool {
            switch self {
            case .none: false
            case .session(let id): id == session
            case .every: true
            }
        }
    }


    /// The directory (`Hub.employerProfiles`): names, industries and districts.
    public var employers: [EmployerProfile]
    public var thresholds: BoardThresholds
    /// Names the places of the origin tables (hometown codes, free texts matched).
    public var divisions: DivisionList

    public init(employers: [EmployerProfile], thresholds: BoardThresholds, divisions: DivisionList = .empty) {
        self.employers = employers
        self.thresholds = thresholds
        self.divisions = divisions
    }

    /// Label of the rows of employers with no industry or district in the directory.
    public static let unstatedText = "未填"

    /// - Parameters:
    ///   - includeOrigins: the report shows where applicants come from; the board does not.
    ///   - jobsOf: which jobs get rows of their own: one session's (the host console's panel), every
    ///     session's (the workbook's 岗位 sheet), or none. Counted in the same pass over the leads.
    ///   - only: the sessions the figures cover (a host given some sessions); `nil`: every session.
    public func build(_ state: LeadBook.State, includeOrigins: Bool, jobsOf jobScope: JobRowScope = .none, only: Set<String>? = nil) -> CampaignReport {
        let sessionIDs = state.sessionOrder.filter { id in state.sessions[id] != nil && (only?.contains(id) ?? true) }
        let sessionNumber = Dictionary(sessionIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var employerIDs = employers.map(\.id)
        var employerNumber = Dictionary(employerIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func number(ofEmployer id: String) -> Int {
            if let known = employerNumber[id] { return known }
            employerIDs.append(id)
            employerNumber[id] = employerIDs.count - 1
            return employerIDs.count - 1
        }

        // One tally per employer × session, flat (employer-major), grown as employers appear: a lead
        // counts in one cell; employers' and sessions' tallies are the cells' sums, added up at the end.
        let sessionCount = sessionIDs.count
        var cells: [Tally] = []
        var touched: [Bool] = []
        func cell(_ e: Int, _ s: Int) -> Int {
            while touched.count <= e {
                touched.append(false)
                cells.append(contentsOf: repeatElement(Tally(), count: sessionCount))
            }
            touched[e] = true
            return e * sessionCount + s
        }
        var sessionQuestions = [Int](repeating: 0, count: sessionCount)
        var jobRows: [CampaignReport.JobRow] = []
        // Per session number, its jobs' rows by job id (empty for a session without job rows).
        var jobRowByID = [[String: Int]](repeating: [:], count: sessionCount)

        for (s, sessionID) in sessionIDs.enumerated() {
            guard let session = state.sessions[sessionID] else { continue }
            let askedByJob = session.questions.askedByJob
            sessionQuestions[s] = session.questions.questions.count
            for job in session.definition.jobs {
                let openings = max(0, job.headcount ?? 0)
                let asked = askedByJob[job.id] ?? 0
                let c = cell(number(ofEmployer: job.employerId), s)
                cells[c].openings += openings
                cells[c].questions += asked
                if jobScope.includes(sessionID) {
                    var tally = Tally()
                    tally.openings = openings
                    tally.questions = asked
                    jobRowByID[s][job.id] = jobRows.count
                    jobRows.append(CampaignReport.JobRow(session: sessionID, id: job.id, title: job.title, employerId: job.employerId, tally: tally, colour: nil))
                }
            }
        }

        // Hometowns count applicants, not applications: once per session and once in the campaign
        // (each at their first application there), the place resolved only for such a first.
        var places = OriginCounter.Resolver(divisions: divisions)
        var origins = OriginCounter()
        var sessionOrigins = [OriginCounter](repeating: OriginCounter(), count: sessionCount)
        var sessionApplicants = [DistinctApplicants](repeating: DistinctApplicants(capacity: 0), count: includeOrigins ? sessionCount : 0)
        var applicants = DistinctApplicants(capacity: state.leads.count)
        // Leads come in runs of one session (applied during its live hour): one lookup per run.
        var runSession: String?
        var runNumber: Int?
        for chunk in state.leads.chunksInOrder {
            for i in chunk.indices {
                if chunk[i].session != runSession {
                    runSession = chunk[i].session
                    runNumber = sessionNumber[chunk[i].session]
                }
                guard let s = runNumber else { continue }
                let progress = LeadProgress(followups: chunk[i].followups, status: chunk[i].status)
                let c = cell(number(ofEmployer: chunk[i].employerId), s)
                cells[c].count(progress)
                if !jobRowByID[s].isEmpty, let row = jobRowByID[s][chunk[i].jobId] { jobRows[row].tally.count(progress) }
                guard !chunk[i].isWithdrawn else { continue }
                let isNewApplicant = applicants.insert(phone: chunk[i].phone)
                // New in the campaign implies new in the session.
                if includeOrigins, sessionApplicants[s].insert(phone: chunk[i].phone) {
                    let place = places.number(code: chunk[i].hometownCode, text: chunk[i].hometown)
                    sessionOrigins[s].count(place)
                    if isNewApplicant { origins.count(place) }
                }
            }
        }
        let originTables = includeOrigins ? OriginCounter.tables(campaign: origins, sessions: sessionOrigins, places) : []

        var employerTallies = [Tally](repeating: Tally(), count: touched.count)
        var sessionTallies = [Tally](repeating: Tally(), count: sessionCount)
        for e in touched.indices where touched[e] {
            for s in 0..<sessionCount {
                employerTallies[e].add(cells[e * sessionCount + s])
                sessionTallies[s].add(cells[e * sessionCount + s])
            }
        }
        // A session's questions are all asked in it, also those naming no job.
        for s in 0..<sessionCount { sessionTallies[s].questions = sessionQuestions[s] }

        for row in jobRows.indices { jobRows[row].colour = colour(jobRows[row].tally) }
        let sessionRows = sessionIDs.enumerated().map { s, id in
            let audience = state.sessions[id]?.audience ?? SessionAudience()
            return CampaignReport.Row(
                id: id, name: state.sessions[id]?.definition.title ?? id, tally: sessionTallies[s], colour: colour(sessionTallies[s]),
                peakViewers: audience.peak, uniqueViewers: audience.unique
            )
        }
        var campaign = Tally()
        sessionRows.forEach { campaign.add($0.tally) }
        let peakViewers = sessionRows.map { $0.peakViewers ?? 0 }.max() ?? 0
        let uniqueViewers = sessionRows.reduce(0) { $0 + ($1.uniqueViewers ?? 0) }

        let directory = Dictionary(employers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var industries: [String: Tally] = [:]
        var districts: [String: Tally] = [:]
        var employerRows: [CampaignReport.EmployerRow] = []
        for e in touched.indices where touched[e] {
            let id = employerIDs[e]
            let tally = employerTallies[e]
            let employer = directory[id]
            industries[employer?.industry ?? Self.unstatedText, default: Tally()].add(tally)
            districts[employer?.district ?? Self.unstatedText, default: Tally()].add(tally)
            let trend = sessionIDs.indices.compactMap { s -> CampaignReport.TrendPoint? in
                let point = cells[e * sessionCount + s]
                guard point.openings > 0 || point.applications > 0 else { return nil }
                return CampaignReport.TrendPoint(session: sessionIDs[s], openings: point.openings, filled: point.filled, inProgress: point.inProgress, colour: colour(point))
            }
            employerRows.append(CampaignReport.EmployerRow(
                id: id, name: employer?.name ?? id, industry: employer?.industry, district: employer?.district,
                tally: tally, colour: colour(tally), trend: trend
            ))
        }
        employerRows.sort { Self.shortestFirst(($0.colour, $0.tally, $0.id), ($1.colour, $1.tally, $1.id)) }

        var headline = CampaignReport.Headline(
            fairs: sessionRows.count,
            employers: employerRows.filter { $0.tally.openings > 0 || $0.tally.applications > 0 }.count,
            openings: campaign.openings, applicants: applicants.count, applications: campaign.applications,
            agreements: campaign.agreed, hires: campaign.hired
        )
        headline.peakViewers = peakViewers
        headline.uniqueViewers = uniqueViewers
        var report = CampaignReport(
            thresholds: thresholds, headline: headline,
            campaign: CampaignReport.Row(
                id: "campaign", name: "全部场次", tally: campaign, colour: colour(campaign), peakViewers: peakViewers, uniqueViewers: uniqueViewers
            ),
            sessions: sessionRows, employers: employerRows,
            industries: rows(industries), districts: rows(districts), jobs: jobScope == .none ? nil : jobRows,
            origins: originTables.first?.divisions,
            sessionOrigins: includeOrigins ? sessionIDs.indices.map {
                let tables = originTables[$0 + 1]
                return CampaignReport.SessionOrigins(
                    session: sessionIDs[$0], origins: tables.divisions, provinces: tables.provinces, prefectures: tables.prefectures
                )
            } : nil
        )
        report.originProvinces = originTables.first?.provinces
        report.originPrefectures = originTables.first?.prefectures
        return report
    }

    private func colour(_ tally: Tally) -> ShortageColour? {
        thresholds.colour(covered: tally.covered, openings: tally.openings)
    }

    private func rows(_ tallies: [String: Tally]) -> [CampaignReport.Row] {
        tallies.map { CampaignReport.Row(id: $0.key, name: $0.key, tally: $0.value, colour: colour($0.value)) }
            .sorted { Self.shortestFirst(($0.colour, $0.tally, $0.id), ($1.colour, $1.tally, $1.id)) }
    }

    /// The board's order: red, yellow, green, then no stated openings; within a colour the least
    /// covered share first (compared as fractions, in integers), then by id so the order is stable.
    static func shortestFirst(_ a: (ShortageColour?, Tally, String), _ b: (ShortageColour?, Tally, String)) -> Bool {
        let ua = a.0?.urgency ?? 3, ub = b.0?.urgency ?? 3
        if ua != ub { return ua < ub }
        let left = a.1.covered * max(1, b.1.openings), right = b.1.covered * max(1, a.1.openings)
        if left != right { return left < right }
        return a.2 < b.2
    }
}
