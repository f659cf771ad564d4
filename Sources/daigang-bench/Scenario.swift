/// One benchmark: sets up its connections, measures, and reports.
protocol Scenario {
    var name: String { get }
    /// Runs to completion within `settings.timeout` and returns what it measured.
    func run(_ settings: BenchSettings) throws -> Report
}
