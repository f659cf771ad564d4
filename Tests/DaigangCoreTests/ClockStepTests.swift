@testable import DaigangCore
import Testing

/// Deadlines run on `Instant.tick` (monotonic); records carry `Instant.wall`. A wall clock stepped
/// by an hour (NTP, an operator, a VM resumed) neither expires nor extends a deadline.
extension QueueHubTests {
    /// Wall-clock milliseconds far from the ticks, so that mixing the two clocks up could not pass.
    static let wall: Int64 = 1_800_000_000_000
    static let hour: Int64 = 3_600_000

    @Test(arguments: [-hour, hour])
    func aWallClockStepDoesNotMoveACallWindow(step: Int64) throws {
        let (hub, _) = try lineOf(2, callTimeout: 10_000)
        _ = hub.sendDurably(#"{"type": "queue_call"}"#, from: host, at: Instant(wall: Self.wall, tick: 2_000))
        let early = tickDurably(hub, at: Instant(wall: Self.wall + step, tick: 11_000))
        #expect(early.filter { $0.type == "queue_notice" }.isEmpty, "the window has 1 s left on the monotonic clock")
        let late = tickDurably(hub, at: Instant(wall: Self.wall + step + 1_001, tick: 12_001))
        #expect(late.first { $0.type == "queue_notice" }?["event"] as? String == "no_show")
        // The record says when it happened on the (stepped) wall clock, as people read it.
        #expect(hub.leads.lead(withID: "L000001")?.followups?.last?.at == Self.wall + step + 1_001)
    }

    @Test(arguments: [-hour, hour])
    func aWallClockStepDoesNotMoveAResumeGrace(step: Int64) throws {
        let (hub, viewers) = try lineOf(2, grace: 10_000)
        hub.disconnect(viewers[1], now: Instant(wall: Self.wall, tick: 2_000))
        let within = tickDurably(hub, at: Instant(wall: Self.wall + step, tick: 11_000))
        #expect(within.filter { $0.type == "queue_notice" }.isEmpty, "still within the grace period")
        let after = tickDurably(hub, at: Instant(wall: Self.wall + step, tick: 12_001))
        #expect(after.filter { $0.type == "queue_notice" }.map { $0["ticket"] as? Int } == [2])
    }
}
