extension ReportBuilder {
    /// Every job of every session with its figures, in session order then the session's job order:
    /// the workbook's 岗位 sheet (`GET /api/report.xlsx`).
    ///
    /// Its own pass over the leads, apart from `build`'s, so the board and the JSON report (which
    /// show one session's jobs at most) pay nothing for it. Leads of a withdrawn job have no row.
    public func allJobRows(_ state: LeadBook.State) -> [CampaignReport.JobRow] {
        var rows: [CampaignReport.JobRow] = []
        var rowByJob: [String: [String: Int]] = [:]
        for sessionID in state.sessionOrder {
            guard let session = state.sessions[sessionID] else { continue }
            let askedByJob = session.questions.askedByJob
            for job in session.definition.jobs {
                var tally = Tally()
                tally.openings = max(0, job.headcount ?? 0)
                tally.questions = askedByJob[job.id] ?? 0
                rowByJob[sessionID, default: [:]][job.id] = rows.count
                rows.append(CampaignReport.JobRow(session: sessionID, id: job.id, title: job.title, employerId: job.employerId, tally: tally, colour: nil))
            }
        }
        for lead in state.leads {
            guard let row = rowByJob[lead.session]?[lead.jobId] else { continue }
            rows[row].tally.count(LeadProgress(followups: lead.followups, status: lead.status))
        }
        for row in rows.indices {
            rows[row].colour = thresholds.colour(covered: rows[row].tally.covered, openings: rows[row].tally.openings)
        }
        return rows
    }
}
