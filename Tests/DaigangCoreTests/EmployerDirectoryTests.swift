@testable import DaigangCore
import Foundation
import Testing

/// The employer directory: validated changes, durable `employer` records replayed at start, and
/// suspension hiding an employer's jobs from viewers.
struct EmployerDirectoryTests {
    let admin = ConnectionID(7)
    let organizer = Principal(accountId: "o1", name: "王科长", role: .organizer)

    func perform(_ hub: Hub, _ request: AdminRequest, as principal: Principal? = nil) -> [HubEffect] {
        let effects = hub.handleAdmin(request, principal: principal ?? organizer, from: admin, now: 9_000)
        guard case .persist(_, let token)? = effects.first else { return effects }
        return hub.persisted(token: token, isDurable: true, now: 9_000)
    }

    func answer(_ effects: [HubEffect]) -> (status: Int, json: [String: Any]) {
        for case .respond(let connection, let response) in effects where connection == admin {
            return (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:])
        }
        return (0, [:])
    }

    @Test func aChangeIsValidatedFieldByField() throws {
        let base = EmployerProfile(id: "e1", name: "甲")
        func change(_ json: String) throws -> EmployerChange {
            let decoder = JSONDecoder()
            decoder.userInfo[.rejectsUnknownKeys] = true
            return try decoder.decode(EmployerChange.self, from: Data(json.utf8))
        }
        let badCode = try change(#"{"creditCode":"91330100716105852A"}"#)
        do {
            _ = try badCode.applied(to: base, by: "o1", at: 1)
            Issue.record("a bad credit code was accepted")
        } catch {
            #expect(error.field == "creditCode")
        }
        let good = try change(#"{"creditCode":"91330100716105852F","contact":{"name":"李","phone":"139 1234 5678"},"verified":true}"#).applied(to: base, by: "o1", at: 42)
        #expect(good.creditCode == "91330100716105852F" && good.contact?.phone == "13912345678")
        #expect(good.verified == EmployerProfile.Verification(by: "o1", at: 42))
        #expect(throws: (any Error).self) { _ = try change(#"{"surprise":1}"#) }
    }

    @Test func hostsMayNotChangeTheDirectory() {
        let hub = Hub(settings: Fixtures.settings())
        let host = Principal(accountId: "h1", name: "主播", role: .host)
        #expect(answer(hub.handleAdmin(.listEmployers, principal: host, from: admin, now: 9_000)).status == 403)
    }

    @Test func suspensionHidesTheJobsAndAReplayKeepsIt() throws {
        let hub = Hub(settings: Fixtures.settings())
        let acmeJobs = hub.snapshot(of: "s1")?.jobs.filter { $0.employerId == "acme" }.count ?? 0
        #expect(acmeJobs > 0)
        let done = perform(hub, .updateEmployer(id: "acme", body: Array(#"{"suspended":true,"name":"Acme 新名"}"#.utf8)))
        #expect(answer(done).status == 200)
        #expect(done.contains { if case .broadcast(let s, let m) = $0 { s == "s1" && m.type == "catalog_changed" } else { false } })
        #expect(hub.snapshot(of: "s1")?.jobs.contains { $0.employerId == "acme" } == false)
        #expect(hub.catalog(of: "s1")?.jobCount == (Fixtures.session.jobs.count - acmeJobs))
        // The book's records, as a snapshot writes them, rebuild the same directory.
        let replayed = LeadBook()
        var records: [StoreRecord] = []
        hub.leads.state.forEachCompactedRecord { records.append($0) }
        for record in records {
            let line = try JSONEncoder().encode(record)
            replayed.apply(try JSONDecoder().decode(StoreRecord.self, from: line))
        }
        #expect(replayed.state.employers == hub.leads.state.employers)
        let restarted = Hub(settings: Fixtures.settings(), leads: replayed)
        #expect(restarted.snapshot(of: "s1")?.jobs.contains { $0.employerId == "acme" } == false)
        #expect(answer(perform(restarted, .listEmployers)).json["employers"].map { "\($0)" }?.contains("Acme 新名") == true)
        _ = perform(restarted, .updateEmployer(id: "acme", body: Array(#"{"suspended":false}"#.utf8)))
        #expect(restarted.snapshot(of: "s1")?.jobs.filter { $0.employerId == "acme" }.count == acmeJobs)
    }

    @Test func aCreatedEmployerCanBeGivenJobs() {
        let hub = Hub(settings: Fixtures.settings())
        #expect(answer(perform(hub, .createEmployer(body: Array(#"{"id":"new-co","name":"新公司"}"#.utf8)))).status == 201)
        #expect(answer(perform(hub, .createEmployer(body: Array(#"{"id":"new-co","name":"新公司"}"#.utf8)))).status == 409)
        let job = #"{"id":"j9","title":"叉车司机","employerId":"new-co","pay":{"min":6000,"max":8000,"unit":"month"},"location":{"city":"苏州"}}"#
        #expect(answer(perform(hub, .createJob(session: "s1", body: Array(job.utf8)))).status == 201)
        #expect(hub.snapshot(of: "s1")?.jobs.first { $0.id == "j9" }?.employerName == "新公司")
    }
}
