extension Hub {
    /// What a shared session (`jobID` nil) or one of its jobs shows on its poster and in its
    /// link preview; nil when the session or the job is unknown (a withdrawn job is unknown).
    public func shareCard(session sessionID: String, job jobID: String?, links: ShareLinks) -> ShareCard? {
        guard let session = sessions[sessionID] else { return nil }
        let definition = session.durable.definition
        guard let jobID else { return .session(definition, links: links) }
        return session.job(withID: jobID).map { .job($0, session: definition, links: links) }
    }
}
