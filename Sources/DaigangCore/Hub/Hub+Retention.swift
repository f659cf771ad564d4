extension Hub {
    static let retentionSweepIntervalMillis: Int64 = 24 * 3600 * 1000
    /// After a refused write, the sweep tries again this much later.
    static let retentionRetryMillis: Int64 = 3600 * 1000

    /// Erases the personal data of leads past their retention period: at the first tick after
    /// start, then once a day on the monotonic clock (docs/PRIVACY.md); which leads are due is
    /// decided on the wall clock's Beijing day.
    ///
    /// The scan is one pass over the leads (a few milliseconds for 200,000), once a day; the
    /// erasure and its audit entries are journaled like any write and applied once durable, so a
    /// crash before then only repeats the sweep at the next start.
    func sweepRetentionIfDue(now: Int64) -> [HubEffect] {
        guard now >= nextRetentionSweepAt else { return [] }
        // Not again before this write is answered (`retentionPersisted` sets the next time).
        nextRetentionSweepAt = .max
        let records = settings.retention.erasure(of: leads, today: CalendarDate(beijingDayOf: wallNow), at: wallNow)
        guard !records.isEmpty else {
            nextRetentionSweepAt = now + Self.retentionSweepIntervalMillis
            return []
        }
        let token = makeWriteToken()
        pendingWrites[token] = PendingWrite(records: records, purpose: .retention)
        return [.persist(records, token: token)]
    }

    func retentionPersisted(isDurable: Bool, now: Int64) -> [HubEffect] {
        nextRetentionSweepAt = now + (isDurable ? Self.retentionSweepIntervalMillis : Self.retentionRetryMillis)
        return []
    }
}
