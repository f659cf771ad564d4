/// The filters of a leads list or export, as the query string gave them (not yet checked).
///
/// An empty value means the same as a missing one; `Hub` turns the rest into a `LeadFilter` or
/// answers `bad_request` naming the parameter.
public struct LeadQuery: Sendable, Equatable {
    /// `session=`: only leads of that session.
    public var session: String?
    /// `job=`: only leads for that job id.
    public var job: String?
    /// `status=`: a `LeadStatus` raw value.
    public var status: String?
    /// `since=`: milliseconds since 1970; leads created at or after.
    public var since: String?
    /// `q=`: part of a name or digits of a phone number (see `LeadSearch`).
    public var q: String?
    /// `labels=`: `zh` for Chinese status labels in the CSV; `code` (the default) for wire codes.
    public var labels: String?
    /// `hometown=` (or `hometownCode=`): never a filter on people (hiring may not discriminate by region); any value
    /// is refused with `bad_request` (docs/PRIVACY.md).
    public var hometown: String?

    public init(session: String? = nil, job: String? = nil, status: String? = nil, since: String? = nil, q: String? = nil, labels: String? = nil, hometown: String? = nil) {
        self.q = q
        self.session = session
        self.job = job
        self.status = status
        self.since = since
        self.labels = labels
        self.hometown = hometown
    }
}
