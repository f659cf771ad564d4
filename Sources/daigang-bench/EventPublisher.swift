/// Whatever puts benchmark events into the server: the Daigang host or the nchan publisher.
///
/// - Precondition: used only on the event loop's thread.
protocol EventPublisher: AnyObject {
    /// Connects (and authenticates) and serves the loop until ready; throws when it cannot.
    func connect(deadline: UInt64) throws(BenchError)
    /// Sends one event carrying `stamp`.
    func publish(_ stamp: EventStamp)
    /// Events the server acknowledged (Daigang `ok`, nchan 2xx).
    var acceptedCount: Int { get }
    /// Events the server refused, by reason.
    var rejections: [String: Int] { get }
    /// Events sent whose acknowledgement has not arrived.
    var outstandingCount: Int { get }
    /// Why the publisher's connection ended, if it did.
    var failure: String? { get }
    func disconnect()
}

extension EventPublisher {
    var rejectedCount: Int { rejections.values.reduce(0, +) }

    /// Adds the publisher's tallies to `report` under `key` (and fails it when events were refused).
    func describe(into report: inout Report, as key: String = "published") {
        report.set(key, .object([
            ("accepted", .int(acceptedCount)), ("rejected", .int(rejectedCount)), ("unanswered", .int(outstandingCount)),
        ]))
        if !rejections.isEmpty {
            report.fail("the server refused \(rejectedCount) of the publisher's messages: " + rejections.map { "\($0.value)× \($0.key)" }.joined(separator: ", "))
        }
        if let failure { report.fail("publisher connection ended: \(failure)") }
    }
}
