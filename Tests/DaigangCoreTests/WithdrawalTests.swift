@testable import DaigangCore
import Foundation
import Testing

struct WithdrawalTests {
    let line = QueueHubTests()

    @Test func aViewerWithdrawsItsOwnApplicationAndItsContactDataIsGone() throws {
        let (hub, viewers) = try line.lineOf(2)
        let reply = hub.sendDurably(#"{"type": "withdraw_application", "ref": 3, "leadId": "L000001"}"#, from: viewers[0])
        #expect(reply.map(\.type) == ["ok", "queue_ended", "queue_notice"])
        #expect(reply[1]["reason"] as? String == "withdrawn")
        #expect(reply[2].target == .one(line.host))
        let lead = try #require(hub.leads.lead(withID: "L000001"))
        #expect(lead.status == .withdrawn)
        #expect(lead.name.isEmpty && lead.phone.isEmpty)
        let view = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(LeadView.full(lead))) as? [String: Any])
        #expect(view["name"] == nil && view["phone"] == nil && view["phoneMasked"] == nil)
        #expect(view["status"] as? String == "withdrawn")
        let csv = String(decoding: LeadCSV.render([lead]), as: UTF8.self)
        #expect(!csv.contains("13800000000"))
        #expect(hub.snapshot(of: "s1")?.counters.queue == 1, "the withdrawn lead left the line")
    }

    @Test func anotherIdentityCannotWithdrawIt() throws {
        let (hub, viewers) = try line.lineOf(2)
        let reply = hub.send(#"{"type": "withdraw_application", "leadId": "L000001"}"#, from: viewers[1])
        #expect(reply.first?["code"] as? String == "not_found")
        #expect(reply.first?["reason"] as? String == "unknown_application")
        #expect(hub.send(#"{"type": "withdraw_application", "leadId": "L000001"}"#, from: line.host).first?["code"] as? String == "forbidden")
        #expect(hub.leads.lead(withID: "L000001")?.isWithdrawn == false)
    }

    @Test func withdrawingAgainIsOkAndWritesNothing() throws {
        let (hub, viewers) = try line.lineOf(1)
        _ = hub.sendDurably(#"{"type": "withdraw_application", "leadId": "L000001"}"#, from: viewers[0])
        let again = Sent.decode(hub.receive(text: Array(#"{"type": "withdraw_application", "leadId": "L000001"}"#.utf8), from: viewers[0], now: 2_000))
        #expect(again.map(\.type) == ["ok"])
    }

    @Test func theSameIdentityMayApplyAgainAfterWithdrawing() throws {
        let (hub, viewers) = try line.lineOf(1)
        _ = hub.sendDurably(#"{"type": "withdraw_application", "leadId": "L000001"}"#, from: viewers[0])
        let applied = hub.sendDurably(#"{"type": "apply", "jobId": "j1", "name": "人0", "phone": "13800000000", "consent": true}"#, from: viewers[0], at: 5_000)
        #expect(applied.first?["duplicate"] as? Bool == false)
        #expect(applied.first?["leadId"] as? String != "L000001")
    }

    @Test func replayingTheRecordsGivesTheSameWithdrawnLead() throws {
        let (hub, viewers) = try line.lineOf(1)
        _ = hub.sendDurably(#"{"type": "withdraw_application", "leadId": "L000001"}"#, from: viewers[0])
        let replayed = LeadBook()
        hub.leads.compactedRecords.forEach(replayed.apply)
        #expect(replayed.lead(withID: "L000001") == hub.leads.lead(withID: "L000001"))
        let journal = LeadBook()
        let lead = Lead(id: "L000009", session: "s1", jobId: "j1", jobTitle: "t", employerId: "acme", name: "张三", phone: "13812345678", hometown: nil, note: nil, createdAt: 1, viewerId: "v-1")
        let records: [StoreRecord] = [.lead(lead), .leadWithdrawn(leadId: "L000009", at: 5)]
        for record in records { journal.apply(try JSONDecoder().decode(StoreRecord.self, from: JSONEncoder().encode(record))) }
        #expect(journal.lead(withID: "L000009")?.withdrawnAt == 5)
        #expect(journal.lead(withID: "L000009")?.phone == "")
        #expect(journal.existingLeadID(session: "s1", jobId: "j1", phone: "13812345678", viewerId: "v-1") == nil)
    }

    @Test func hrCannotSetTheStatusesOnlyTheApplicantOrTheLineSet() {
        #expect(!LeadStatus.withdrawn.isSetByHR)
        #expect(!LeadStatus.lineNoShow.isSetByHR)
        #expect(LeadStatus.unreachable.isSetByHR)
    }
}

struct LineNoShowTests {
    let line = QueueHubTests()

    @Test func aTimedOutCallIsALineNoShowAndTheViewerIsToldTheWindow() throws {
        let (hub, viewers) = try line.lineOf(2)
        _ = hub.sendDurably(#"{"type": "set_call_window", "seconds": 30}"#, from: line.host)
        let call = hub.sendDurably(#"{"type": "queue_call"}"#, from: line.host, at: 2_000)
        #expect(call.first { $0.type == "queue_called" }?["windowSeconds"] as? Int == 30)
        #expect(line.tickDurably(hub, at: 31_000).filter { $0.type == "queue_ended" }.isEmpty)
        let ended = try #require(line.tickDurably(hub, at: 32_001).first { $0.type == "queue_ended" })
        #expect(ended.target == .one(viewers[0]))
        #expect(ended["reason"] as? String == "no_show")
        #expect(ended["windowSeconds"] as? Int == 30)
        let lead = try #require(hub.leads.lead(withID: "L000001"))
        #expect(lead.status == .lineNoShow)
        #expect(lead.followups?.last?.note?.contains("30") == true)
    }

    @Test func aViewerAwayWhenItsCallTimedOutIsToldWhyOnItsNextWelcome() throws {
        let (hub, viewers) = try line.lineOf(2)
        let token = try #require(hub.clients[viewers[0]]?.resumeToken)
        _ = hub.sendDurably(#"{"type": "queue_call"}"#, from: line.host, at: 2_000)
        hub.disconnect(viewers[0], now: 3_000)
        _ = line.tickDurably(hub, at: 62_001)
        let welcome = try #require(hub.join(ConnectionID(50), resume: token, at: 70_000))
        #expect(welcome["resumed"] as? Bool == true)
        #expect(welcome["ticket"] == nil)
        let ended = welcome["ticketEnded"] as? [String: Any]
        #expect(ended?["reason"] as? String == "no_show")
        #expect(ended?["windowSeconds"] as? Int == 60)
    }

    @Test func theHostsLineViewCarriesTheCallWindow() throws {
        let (hub, _) = try line.lineOf(1)
        _ = hub.sendDurably(#"{"type": "set_call_window", "seconds": 45}"#, from: line.host)
        let view = line.tickDurably(hub, at: 5_000).first { $0.type == "queue" }
        #expect(view?["callWindowSeconds"] as? Int == 45)
    }

    @Test func hostsGetPerJobCounts() throws {
        let (hub, viewers) = try line.lineOf(2)
        hub.join(ConnectionID(60))
        _ = hub.sendDurably(#"{"type": "ask", "text": "j2 包住吗", "jobId": "j2"}"#, from: ConnectionID(60))
        _ = hub.sendDurably(#"{"type": "withdraw_application", "leadId": "L000002"}"#, from: viewers[1])
        let counts = try #require(line.tickDurably(hub, at: 5_000).first { $0.type == "job_counts" }?["jobs"] as? [[String: Any]])
        let byJob = Dictionary(uniqueKeysWithValues: counts.map { ($0["jobId"] as! String, $0) })
        #expect(byJob["j1"]?["applied"] as? Int == 1)
        #expect(byJob["j1"]?["inLine"] as? Int == 1)
        #expect(byJob["j2"]?["questions"] as? Int == 1)
    }
}
