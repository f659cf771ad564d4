/// The live numbers shown on every screen; broadcast at most once a second.
public struct Counters: Codable, Sendable, Equatable {
    public var online: Int
    public var applications: Int
    public var queue: Int

    public init(online: Int = 0, applications: Int = 0, queue: Int = 0) {
        self.online = online
        self.applications = applications
        self.queue = queue
    }
}
