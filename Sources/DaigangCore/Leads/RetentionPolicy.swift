/// How long leads keep their personal data (PIPL: no longer than the purpose needs), and the
/// records that erase it once that time is over (docs/PRIVACY.md).
///
/// A lead's period runs from the Beijing day it was created; a session may have its own period
/// (`retention.sessions` in the config) until campaigns carry one.
public struct RetentionPolicy: Sendable, Equatable {
    public static let defaultDays = 180
    /// Leads of one erasure record at most, so that no journal line grows without bound.
    static let leadsPerRecord = 1_000

    public var days: Int
    /// Per-session overrides of `days`, by session id.
    public var daysBySession: [String: Int]

    public init(days: Int = RetentionPolicy.defaultDays, daysBySession: [String: Int] = [:]) {
        self.days = days
        self.daysBySession = daysBySession
    }

    /// The first Beijing day whose leads of `session` are still kept on `today`: with 180 days, a
    /// lead of 06-01 is erased on 11-28, the 180th day after it.
    public func keepsFrom(session: String, today: CalendarDate) -> CalendarDate {
        today.adding(days: 1 - Int64(daysBySession[session] ?? days))
    }

    /// The records that erase every lead past its period on `today` and say so in the audit
    /// log: `leads_erased` in blocks, and one `retention_erase` audit entry per employer.
    /// Empty when nothing is due.
    public func erasure(of book: LeadBook, today: CalendarDate, at now: Int64) -> [StoreRecord] {
        erasure(of: book, at: now, before: nil) { lead in
            CalendarDate(beijingDayOf: lead.createdAt) < keepsFrom(session: lead.session, today: today)
        }
    }

    /// The records that erase every lead created before the Beijing day `before`, whatever the
    /// period (the operator's `daigang leads purge --before`).
    public static func erasure(of book: LeadBook, before: CalendarDate, at now: Int64) -> [StoreRecord] {
        RetentionPolicy().erasure(of: book, at: now, before: before) { CalendarDate(beijingDayOf: $0.createdAt) < before }
    }

    private func erasure(of book: LeadBook, at now: Int64, before: CalendarDate?, isDue: (Lead) -> Bool) -> [StoreRecord] {
        var idsByEmployer: [String: [String]] = [:]
        var ids: [String] = []
        for lead in book.state.leads where !lead.isErased && isDue(lead) {
            ids.append(lead.id)
            idsByEmployer[lead.employerId, default: []].append(lead.id)
        }
        guard !ids.isEmpty else { return [] }
        var records: [StoreRecord] = stride(from: 0, to: ids.count, by: Self.leadsPerRecord).map { start in
            .leadsErased(leadIds: Array(ids[start..<min(start + Self.leadsPerRecord, ids.count)]), at: now)
        }
        for employer in idsByEmployer.keys.sorted() {
            let cutoff = before ?? oldestKeptDay(for: idsByEmployer[employer]!, in: book)
            records.append(.audit(AuditEntry(employerId: employer, action: .retentionErase, leadIds: idsByEmployer[employer]!, at: now, before: cutoff)))
        }
        return records
    }

    /// For the audit: the day after the newest erased lead's, i.e. "created before" that day.
    private func oldestKeptDay(for ids: [String], in book: LeadBook) -> CalendarDate? {
        ids.compactMap { book.lead(withID: $0) }.map { CalendarDate(beijingDayOf: $0.createdAt) }.max()?.adding(days: 1)
    }
}
