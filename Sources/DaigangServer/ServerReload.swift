public import DaigangCore

/// A reload request (SIGHUP) for the service thread: the settings re-read from the config, or why
/// they could not be. The TLS certificate and key are re-read in any case.
///
/// Built off the service thread (reading and checking the file is I/O), carried in
/// `ServerControl.Message.reloadRequested`, applied by `HubServer.reload`.
public struct ServerReload: Sendable, Equatable {
    /// The running options with every live key taken from the file; nil when the file was refused.
    public var options: ServerOptions?
    /// The hub's settings from the file; nil when the file was refused.
    public var hubSettings: HubSettings?
    /// Live keys that changed.
    public var changed: [String]
    /// Keys that changed in the file but take effect only at a restart.
    public var needsRestart: [String]
    /// Why the file could not be used (the running config stays), if it could not.
    public var problem: String?

    /// Settings to apply.
    public init(options: ServerOptions, hubSettings: HubSettings, changed: [String], needsRestart: [String]) {
        self.options = options
        self.hubSettings = hubSettings
        self.changed = changed
        self.needsRestart = needsRestart
    }

    /// A refused config file: only the certificate is re-read.
    public init(problem: String) {
        changed = []
        needsRestart = []
        self.problem = problem
    }
}
