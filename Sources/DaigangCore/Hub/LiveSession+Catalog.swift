import Foundation

extension LiveSession {
    /// The job list for HTTP, encoded again only when the durable jobs changed.
    func catalog(with encoder: JSONEncoder) -> JobCatalog {
        let jobs = shownJobs
        if let cached = cachedCatalog, cached.jobs == jobs { return cached.catalog }
        let catalog = JobCatalog(jobs: jobs.map(named), encoder: encoder)
        cachedCatalog = (jobs, catalog)
        return catalog
    }

    /// The compact welcome snapshot as JSON: the counters spliced into a copy encoded once per state.
    func compactSnapshotJSON(with encoder: JSONEncoder) -> [UInt8] {
        let paused = queue.live.paused
        if cachedCompactSnapshot?.seq != seq || cachedCompactSnapshot?.paused != paused {
            let full = snapshot
            let pinned = full.pinnedJobId.flatMap(job(withID:))
            let compact = CompactSnapshot(full, pinnedJob: pinned, catalog: catalog(with: encoder))
            guard let bytes = try? encoder.encode(compact) else { preconditionFailure("snapshots always encode") }
            cachedCompactSnapshot = (seq, paused, Array(bytes))
        }
        return RawJSON.adding("counters", RawJSON.counters(counters), to: cachedCompactSnapshot!.bytes)
    }
}
