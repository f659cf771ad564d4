import DaigangCore
import Testing

/// The report of a randomised season against a fold written the plain way (string dictionaries, one
/// pass, no numbering, no run caches): whatever `ReportBuilder` does to be fast must not change a figure.
struct ReportReferenceTests {
    static let statuses: [LeadStatus] = [.new, .contacted, .interviewScheduled, .agreed, .hired, .rejected, .unreachable, .lineNoShow]
    static let places = ["河南省", "四川省", "贵州省", "安徽省", "湖南省", "甘肃省"]
    /// How far each status counts in the funnel, by its wire name (docs/REPORTS.md "What each figure means").
    static let rank = ["contacted": 1, "interview_scheduled": 2, "agreed": 3, "hired": 4, "retained_7d": 5]

    /// A season of 3–6 sessions, 12 employers (9 in the directory), leads in runs and at random,
    /// shared and odd phone numbers, follow-ups, withdrawals and erasures; and one lead of a session
    /// that does not exist.
    static func season(seed: UInt64) -> (LeadBook, [EmployerProfile]) {
        var random = SplitMix(state: seed)
        let book = LeadBook()
        var jobs: [(session: String, job: Job)] = []
        for s in 0..<Int.random(in: 3...6, using: &random) {
            let id = "s\(s)"
            let list = (0..<Int.random(in: 2...8, using: &random)).map { j -> Job in
                var job = Fixtures.job("j\(s)-\(j)", employer: "e\(Int.random(in: 0..<12, using: &random))")
                job.headcount = Bool.random(using: &random) ? Int.random(in: 0...20, using: &random) : nil
                return job
            }
            list.forEach { jobs.append((id, $0)) }
            book.apply(.session(id: id, .created(SessionDefinition(id: id, title: "第\(s + 1)场", status: .ended, jobs: list, policies: []))))
        }
        var pick = jobs[0]
        for n in 1...600 {
            if Int.random(in: 0..<4, using: &random) == 0 { pick = jobs.randomElement(using: &random)! }
            let oddPhones = ["", "0138000000", "+8613800000001", "13800000001 "]
            let phone = Int.random(in: 0..<20, using: &random) == 0
                ? oddPhones.randomElement(using: &random)!
                : "138\(10_000_000 + Int.random(in: 0..<250, using: &random))"
            let hometown: String? = switch Int.random(in: 0..<5, using: &random) {
            case 0: nil
            case 1: ""
            default: places.randomElement(using: &random)!
            }
            let session = n == 300 ? "gone" : pick.session
            let id = LeadBook.leadID(number: n)
            book.apply(.lead(Lead(id: id, session: session, jobId: pick.job.id, jobTitle: pick.job.title, employerId: pick.job.employerId,
                                  name: "某", phone: phone, hometown: hometown, note: nil, createdAt: Int64(n), viewerId: "v\(n)")))
            for k in 0..<Int.random(in: 0...3, using: &random) {
                book.apply(.followup(leadId: id, FollowUp(status: statuses.randomElement(using: &random)!, note: nil, at: Int64(n * 10 + k), by: "hr")))
            }
            switch Int.random(in: 0..<12, using: &random) {
            case 0: book.apply(.leadWithdrawn(leadId: id, at: Int64(n * 10 + 9)))
            case 1: book.apply(.leadsErased(leadIds: [id], at: Int64(n * 10 + 9)))
            default: break
            }
        }
        let directory = (0..<9).map { EmployerProfile(id: "e\($0)", name: "企业\($0)", industry: $0 % 3 == 0 ? nil : "行业\($0 % 2)", district: "区\($0 % 4)") }
        return (book, directory)
    }

    /// The reference: each figure straight from its definition.
    struct Reference {
        var sessions: [String: Tally] = [:]
        var employers: [String: Tally] = [:]
        var employerSessions: [String: [String: Tally]] = [:]
        var jobs: [String: Tally] = [:]
        var phones = Set<String>()
        /// Applicants per place per session, and the campaign's under "" (each phone at its first application there).
        var origins: [String: [String: Int]] = ["": [:]]
        var unstated: [String: Int] = ["": 0]
        var counted = Set<[String]>()

        init(_ state: LeadBook.State, jobsOf jobSession: String) {
            for id in state.sessionOrder {
                let definition = state.sessions[id]!.definition
                sessions[id] = Tally()
                origins[id] = [:]
                unstated[id] = 0
                for job in definition.jobs {
                    let openings = max(0, job.headcount ?? 0)
                    sessions[id]!.openings += openings
                    employers[job.employerId, default: Tally()].openings += openings
                    employerSessions[job.employerId, default: [:]][id, default: Tally()].openings += openings
                    if id == jobSession { jobs[job.id, default: Tally()].openings += openings }
                }
            }
            for lead in state.leads where sessions[lead.session] != nil {
                let reached = (lead.followups ?? []).map { ReportReferenceTests.rank[$0.status.rawValue] ?? 0 }.max() ?? 0
                let now = lead.isWithdrawn ? 0 : ReportReferenceTests.rank[lead.status.rawValue] ?? 0
                func add(_ tally: inout Tally) {
                    tally.applications += 1
                    if reached >= 1 { tally.contacted += 1 }
                    if reached >= 2 { tally.interviews += 1 }
                    if reached >= 3 { tally.agreed += 1 }
                    if reached >= 4 { tally.hired += 1 }
                    if reached >= 5 { tally.retained += 1 }
                    if now >= 4 { tally.filled += 1 } else if now >= 1 { tally.inProgress += 1 }
                }
                add(&sessions[lead.session]!)
                add(&employers[lead.employerId, default: Tally()])
                add(&employerSessions[lead.employerId, default: [:]][lead.session, default: Tally()])
                if lead.session == jobSession, jobs[lead.jobId] != nil { add(&jobs[lead.jobId]!) }
                if !lead.isWithdrawn {
                    if !lead.phone.isEmpty { phones.insert(lead.phone) }
                    // No division list here: every text is "未能识别", never itself.
                    for scope in [lead.session, ""] where !lead.phone.isEmpty && counted.insert([scope, lead.phone]).inserted {
                        if let place = lead.hometown, !place.isEmpty {
                            origins[scope]!["未能识别", default: 0] += 1
                        } else {
                            unstated[scope]! += 1
                        }
                    }
                }
            }
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func theFastReportEqualsAPlainFoldOfTheSameSeason(seed: UInt64) throws {
        let (book, directory) = Self.season(seed: seed)
        let state = book.state
        let jobSession = state.sessionOrder[1]
        let report = ReportBuilder(employers: directory, thresholds: .standard).build(state, includeOrigins: true, jobsOf: .session(jobSession))
        let reference = Reference(state, jobsOf: jobSession)

        #expect(report.sessions.map(\.id) == state.sessionOrder)
        for row in report.sessions { #expect(row.tally == reference.sessions[row.id], "session \(row.id)") }
        #expect(Set(report.employers.map(\.id)) == Set(reference.employers.keys))
        for row in report.employers {
            #expect(row.tally == reference.employers[row.id], "employer \(row.id)")
            let points = reference.employerSessions[row.id] ?? [:]
            let expected: [(session: String, tally: Tally)] = state.sessionOrder.compactMap { id in
                guard let tally = points[id], tally.openings > 0 || tally.applications > 0 else { return nil }
                return (id, tally)
            }
            #expect(row.trend.map(\.session) == expected.map(\.session), "trend of \(row.id)")
            for (point, tally) in zip(row.trend, expected.map(\.tally)) {
                #expect([point.openings, point.filled, point.inProgress] == [tally.openings, tally.filled, tally.inProgress], "\(row.id) in \(point.session)")
            }
        }
        let jobs = try #require(report.jobs)
        #expect(Set(jobs.map(\.id)) == Set(reference.jobs.keys))
        for row in jobs { #expect(row.tally == reference.jobs[row.id], "job \(row.id)") }

        var campaign = Tally()
        for tally in reference.sessions.values {
            campaign.openings += tally.openings
            campaign.applications += tally.applications
            campaign.agreed += tally.agreed
            campaign.hired += tally.hired
        }
        #expect(report.headline == CampaignReport.Headline(
            fairs: state.sessionOrder.count,
            employers: reference.employers.values.filter { $0.openings > 0 || $0.applications > 0 }.count,
            openings: campaign.openings, applicants: reference.phones.count, applications: campaign.applications,
            agreements: campaign.agreed, hires: campaign.hired
        ))
        // Shown counts are the plain fold's; hidden ones are only hidden (the rule: OriginSuppressionTests).
        func expectTable(_ table: OriginTable?, _ scope: String) {
            let counts = reference.origins[scope]!
            #expect(table?.unstated == reference.unstated[scope]!)
            #expect(Set(table?.cells.map(\.place) ?? []) == Set(counts.keys))
            for cell in table?.cells ?? [] where cell.count != nil { #expect(cell.count == counts[cell.place]) }
            let total = counts.values.reduce(0, +)
            #expect(table?.total == nil || table?.total == total)
        }
        expectTable(report.origins, "")
        #expect(report.sessionOrigins?.map(\.session) == state.sessionOrder)
        for session in report.sessionOrigins ?? [] { expectTable(session.origins, session.session) }
    }
}
