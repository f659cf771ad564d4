import Foundation

extension Hub {
    /// The public front door's list (`GET /api/sessions`): live and upcoming sessions, live first.
    /// - Parameter links: where the viewer links point (the request's public address).
    public func sessionDirectory(links: ShareLinks) -> SessionDirectory {
        let listings = sessionIDs.compactMap { id -> SessionListing? in
            guard let session = sessions[id], SessionListing.isListed(session.status) else { return nil }
            let definition = session.durable.definition
            return SessionListing(
                id: id, title: definition.title, status: definition.status, startsAt: nil, hostName: definition.host,
                employers: Set(definition.jobs.map(\.employerId)).count, jobs: definition.jobs.count,
                link: links.session(id)
            )
        }
        return SessionDirectory(sessions: SessionListing.frontDoorOrder(listings))
    }

    /// `sessionDirectory` as JSON, with sorted keys (its ETag is a hash of these bytes).
    public func sessionDirectoryJSON(links: ShareLinks) -> [UInt8] {
        guard let bytes = try? encoder.encode(sessionDirectory(links: links)) else { preconditionFailure("the session directory always encodes") }
        return Array(bytes)
    }
}
