internal import ArgumentParser

/// Runs scenarios one after another, prints each report, and fails the command when any
/// scenario's checks failed.
enum ScenarioRunner {
    static func run(_ scenarios: [any Scenario], options: CommonOptions) throws {
        let settings = try options.settings()
        var failures: [String] = []
        for scenario in scenarios {
            do {
                let report = try scenario.run(settings)
                report.emit()
                if !report.isPassing { failures.append(scenario.name) }
            } catch {
                var report = Report(scenario: scenario.name, target: settings.target)
                report.fail("could not run: \(error)")
                report.emit()
                failures.append(scenario.name)
            }
        }
        if !failures.isEmpty {
            print("daigang-bench: failed: " + failures.joined(separator: ", "))
            throw ExitCode.failure
        }
    }
}
