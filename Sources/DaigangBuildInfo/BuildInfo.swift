/// What was built: the release version and the git commit it was built from.
///
/// `gitCommit` is generated before every build by `GitCommitPlugin` (`git rev-parse HEAD` of the
/// package's checkout, the full 40 hex digits, or `unknown` when the sources are not a git
/// checkout). Uncommitted changes are not marked: a build from a dirty tree names its HEAD.
public enum BuildInfo {
    /// The release version, as `daigang --version` and `/version` show it.
    public static let version = "0.1.0"
    /// The full git commit the binary was built from, or `unknown`.
    public static let commit = gitCommit

    /// `/version`'s JSON body, also printed by `daigang --version`: one line, keys in a fixed order.
    public static var json: String {
        #"{"version":"\#(version)","commit":"\#(commit)"}"#
    }
}
