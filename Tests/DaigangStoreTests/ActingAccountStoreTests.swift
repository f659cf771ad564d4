import DaigangCore
@testable import DaigangStore
import Foundation
import Testing

/// The acting account (`by`) of session, queue, employer and library-policy records is on disk:
/// written through the store, read back after the store is closed and opened again.
struct ActingAccountStoreTests {
    @Test func theActingAccountIsReadBackAfterARestart() throws {
        let directory = TemporaryDirectory()
        let session = SessionDefinition(id: "s1", title: "春风行动", status: .scheduled, jobs: [], policies: [])
        let records: [StoreRecord] = [
            .session(id: "s1", .created(session), by: "a-organizer"),
            .session(id: "s1", .statusChanged(.live, at: 2), by: "a-organizer"),
            .session(id: "s1", .jobPinned(jobId: nil), by: "a-host"),
            .session(id: "s1", .policyWithdrawn(policyId: "p1", at: 3), by: "a-host"),
            .queue(session: "s1", .pause(true, at: 4), by: "a-host"),
            .employer(EmployerProfile(id: "acme", name: "Acme 电子"), by: "a-organizer"),
            .libraryPolicy(Policy(id: "lib-1", title: "社保补贴", summary: "可领"), by: "a-organizer"),
            .session(id: "s1", .announced(Announcement(text: "欢迎", at: 5))),
        ]
        let harness = try StoreHarness(directory)
        #expect(harness.write(records, token: 1) == true)
        harness.store.shutdown()

        #expect(try storedRecords(directory) == records)
        let reopened = try StoreHarness(directory)
        #expect(reopened.book.state.sessions["s1"]?.definition.status == .live)
        reopened.store.shutdown()
    }
}
