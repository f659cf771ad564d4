/// Computes a `CampaignReport` from the durable state: one pass over the leads, one over the jobs.
///
/// Pure and `Sendable` in what it reads (`LeadBook.State` is a copy-on-write value), so the server
/// can run it off the service thread on a snapshot, as the compactor does. Nothing it returns names a person.
public struct ReportBuilder: Sendable {
    public var employers: [Employer]
    public var thresholds: BoardThresholds

    public init(employers: [Employer], thresholds: BoardThresholds) {
        self.employers = employers
        self.thresholds = thresholds
    }

    /// Label of the rows of employers with no industry or district in the directory.
    public static let unstatedText = "未填"

    /// - Parameter includeOrigins: the report shows where applicants come from; the board does not.
    public func build(_ state: LeadBook.State, includeOrigins: Bool) -> CampaignReport {
        let employersByID = Dictionary(employers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var sessionTallies: [String: Tally] = [:]
        var employerTallies: [String: Tally] = [:]
        var employerSessionTallies: [String: [String: Tally]] = [:]
        var jobIndex: [String: [String: Int]] = [:]
        var jobRows: [CampaignReport.JobRow] = []
        var employerOrder: [String] = employers.map(\.id)
        var seenEmployers = Set(employerOrder)
        func noteEmployer(_ id: String) {
            if seenEmployers.insert(id).inserted { employerOrder.append(id) }
        }

        for sessionID in state.sessionOrder {
            guard let session = state.sessions[sessionID] else { continue }
            let askedByJob = session.questions.askedByJob
            var tally = Tally()
            tally.questions = session.questions.questions.count
            var index: [String: Int] = [:]
            for job in session.definition.jobs {
                var jobTally = Tally()
                jobTally.openings = max(0, job.headcount ?? 0)
                jobTally.questions = askedByJob[job.id] ?? 0
                tally.openings += jobTally.openings
                employerTallies[job.employerId, default: Tally()].openings += jobTally.openings
                employerTallies[job.employerId, default: Tally()].questions += jobTally.questions
                employerSessionTallies[job.employerId, default: [:]][sessionID, default: Tally()].openings += jobTally.openings
                noteEmployer(job.employerId)
                index[job.id] = jobRows.count
                jobRows.append(CampaignReport.JobRow(session: sessionID, id: job.id, title: job.title, employerId: job.employerId, tally: jobTally, colour: nil))
            }
            jobIndex[sessionID] = index
            sessionTallies[sessionID] = tally
        }

        var originCounts: [String: Int] = [:]
        var originUnstated = 0
        var sessionOriginCounts: [String: [String: Int]] = [:]
        var sessionOriginUnstated: [String: Int] = [:]
        var phones = Set<String>()
        for lead in state.leads {
            var one = Tally()
            one.count(lead)
            sessionTallies[lead.session, default: Tally()].add(one)
            employerTallies[lead.employerId, default: Tally()].add(one)
            employerSessionTallies[lead.employerId, default: [:]][lead.session, default: Tally()].add(one)
            noteEmployer(lead.employerId)
            if let row = jobIndex[lead.session]?[lead.jobId] { jobRows[row].tally.add(one) }
            if !lead.isWithdrawn, !lead.phone.isEmpty { phones.insert(lead.phone) }
            if includeOrigins, !lead.isWithdrawn {
                if let place = lead.hometown, !place.isEmpty {
                    originCounts[place, default: 0] += 1
                    sessionOriginCounts[lead.session, default: [:]][place, default: 0] += 1
                } else {
                    originUnstated += 1
                    sessionOriginUnstated[lead.session, default: 0] += 1
                }
            }
        }

        for row in jobRows.indices { jobRows[row].colour = colour(jobRows[row].tally) }
        let sessionRows = state.sessionOrder.compactMap { id -> CampaignReport.Row? in
            guard let session = state.sessions[id], let tally = sessionTallies[id] else { return nil }
            return CampaignReport.Row(id: id, name: session.definition.title, tally: tally, colour: colour(tally))
        }
        var campaign = Tally()
        sessionRows.forEach { campaign.add($0.tally) }

        var industries: [String: Tally] = [:]
        var districts: [String: Tally] = [:]
        var employerRows: [CampaignReport.EmployerRow] = []
        for id in employerOrder {
            guard let tally = employerTallies[id] else { continue }
            let employer = employersByID[id]
            industries[employer?.industry ?? Self.unstatedText, default: Tally()].add(tally)
            districts[employer?.district ?? Self.unstatedText, default: Tally()].add(tally)
            let bySession = employerSessionTallies[id] ?? [:]
            let trend = state.sessionOrder.compactMap { session in
                bySession[session].map {
                    CampaignReport.TrendPoint(session: session, openings: $0.openings, filled: $0.filled, inProgress: $0.inProgress, colour: colour($0))
                }
            }
            employerRows.append(CampaignReport.EmployerRow(
                id: id, name: employer?.name ?? id, industry: employer?.industry, district: employer?.district,
                tally: tally, colour: colour(tally), trend: trend
            ))
        }
        employerRows.sort { Self.shortestFirst(($0.colour, $0.tally, $0.id), ($1.colour, $1.tally, $1.id)) }

        let headline = CampaignReport.Headline(
            fairs: sessionRows.count,
            employers: employerRows.filter { $0.tally.openings > 0 || $0.tally.applications > 0 }.count,
            openings: campaign.openings, applicants: phones.count, applications: campaign.applications,
            agreements: campaign.agreed, hires: campaign.hired
        )
        return CampaignReport(
            thresholds: thresholds, headline: headline,
            campaign: CampaignReport.Row(id: "campaign", name: "全部场次", tally: campaign, colour: colour(campaign)),
            sessions: sessionRows, employers: employerRows,
            industries: rows(industries), districts: rows(districts), jobs: jobRows,
            origins: includeOrigins ? OriginTable(counts: originCounts, unstated: originUnstated) : nil,
            sessionOrigins: includeOrigins ? state.sessionOrder.map {
                CampaignReport.SessionOrigins(session: $0, origins: OriginTable(counts: sessionOriginCounts[$0] ?? [:], unstated: sessionOriginUnstated[$0] ?? 0))
            } : nil
        )
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
