@testable import DaigangCore
import Foundation
import Testing

struct HubTests {
    let viewer = ConnectionID(1)
    let host = ConnectionID(2)

    @Test func welcomeCarriesTheSnapshot() throws {
        let hub = Fixtures.hub()
        let welcome = try #require(hub.join(viewer))
        #expect(welcome.type == "welcome")
        #expect(welcome["role"] as? String == "viewer")
        #expect(welcome["resumed"] as? Bool == false)
        let snapshot = try #require(welcome["snapshot"] as? [String: Any])
        #expect(snapshot["id"] as? String == "s1")
        #expect(snapshot["status"] as? String == "live")
        #expect((snapshot["jobs"] as? [Any])?.count == 3)
        #expect(snapshot.keys.contains("pinnedJobId"))
        #expect(snapshot["seq"] as? Int == 0)
    }

    @Test func messagesBeforeHelloAreRefused() {
        let hub = Fixtures.hub()
        hub.connect(viewer, now: 0)
        let replies = hub.send(#"{"type": "announce", "text": "hi", "ref": 1}"#, from: viewer)
        #expect(replies.first?.type == "error")
        #expect(replies.first?["code"] as? String == "bad_request")
        #expect(replies.first?["ref"] as? Int == 1)
    }

    @Test func aWrongHostTokenIsUnauthorized() {
        let hub = Fixtures.hub()
        let reply = hub.join(host, role: "host", token: "guess")
        #expect(reply?["code"] as? String == "unauthorized")
        #expect(hub.members(of: "s1").isEmpty)
    }

    @Test func viewersMayNotSendHostCommands() {
        let hub = Fixtures.hub()
        hub.join(viewer)
        let reply = hub.send(#"{"type": "pin_job", "jobId": "j1"}"#, from: viewer)
        #expect(reply.first?["code"] as? String == "forbidden")
        #expect(hub.snapshot(of: "s1")?.pinnedJobId == nil)
    }

    @Test func pinningBroadcastsTheJobWithConsecutiveSeq() throws {
        let hub = Fixtures.hub()
        hub.join(viewer)
        hub.join(host, role: "host", token: "host-token-123")
        let pending = hub.send(#"{"type": "pin_job", "jobId": "j2", "ref": "b"}"#, from: host)
        #expect(pending.map(\.type) == ["persist"], "nothing is answered or broadcast before the change is durable")
        #expect(hub.snapshot(of: "s1")?.pinnedJobId == nil)
        let refused = Sent.decode(hub.persisted(token: 1, isDurable: false, now: 1_000))
        #expect(refused.map(\.type) == ["error"])
        #expect(refused.first?["code"] as? String == "unavailable")
        #expect(hub.snapshot(of: "s1")?.pinnedJobId == nil, "a refused change never happened")
        let first = hub.sendDurably(#"{"type": "pin_job", "jobId": "j2", "ref": "a"}"#, from: host)
        #expect(first.map(\.type) == ["ok", "job_pinned"])
        #expect(first[0]["ref"] as? String == "a")
        #expect(first[1].target == .session("s1"))
        #expect((first[1]["job"] as? [String: Any])?["id"] as? String == "j2")
        #expect(first[1]["seq"] as? Int == 1)
        let second = hub.sendDurably(#"{"type": "show_policy", "policyId": "p2"}"#, from: host)
        #expect(second[1]["seq"] as? Int == 2)
        #expect(hub.snapshot(of: "s1")?.pinnedJobId == "j2")
        #expect(hub.snapshot(of: "s1")?.shownPolicyId == "p2")
        #expect(hub.snapshot(of: "s1")?.seq == 2)
    }

    @Test func unknownIdsAreNotFoundAndChangeNothing() {
        let hub = Fixtures.hub()
        hub.join(host, role: "host", token: "host-token-123")
        #expect(hub.send(#"{"type": "pin_job", "jobId": "zzz"}"#, from: host).first?["code"] as? String == "not_found")
        #expect(hub.send(#"{"type": "show_policy", "policyId": "zzz"}"#, from: host).first?["code"] as? String == "not_found")
        #expect(hub.snapshot(of: "s1")?.seq == 0)
    }

    @Test func announcementsAreTrimmedAndTheLastTwentyKept() {
        let hub = Fixtures.hub()
        hub.join(host, role: "host", token: "host-token-123")
        #expect(hub.send(#"{"type": "announce", "text": "   "}"#, from: host).first?["code"] as? String == "bad_request")
        for number in 1...25 {
            _ = hub.sendDurably(#"{"type": "announce", "text": "  第\#(number)条  "}"#, from: host, at: Instant(Int64(number)))
        }
        let kept = hub.snapshot(of: "s1")?.announcements ?? []
        #expect(kept.count == 20)
        #expect(kept.first?.text == "第6条")
        #expect(kept.last?.text == "第25条")
        #expect(kept.last?.at == 25)
    }

    @Test func upsertJobValidatesAndReplacesOrAdds() {
        let hub = Fixtures.hub()
        hub.join(host, role: "host", token: "host-token-123")
        let bad = hub.send(#"{"type": "upsert_job", "job": {"id": "j1", "title": "x", "employerId": "acme", "pay": {"min": 9, "max": 2, "unit": "day"}, "location": {"city": "c"}}}"#, from: host)
        #expect(bad.first?["message"] as? String == "field 'job.pay.min' must not exceed pay.max")
        let foreign = hub.send(#"{"type": "upsert_job", "job": {"id": "j1", "title": "x", "employerId": "ghost", "pay": {"min": 1, "max": 2, "unit": "day"}, "location": {"city": "c"}}}"#, from: host)
        #expect(foreign.first?["message"] as? String == "field 'job.employerId' is not an employer in the config")
        let replaced = hub.sendDurably(#"{"type": "upsert_job", "job": {"id": "j1", "title": " 新标题 ", "employerId": "acme", "pay": {"min": 1, "max": 2, "unit": "day"}, "location": {"city": "c"}}}"#, from: host)
        #expect(replaced.map(\.type) == ["ok", "job_updated"])
        #expect((replaced[1]["job"] as? [String: Any])?["employerName"] as? String == "Acme 电子")
        #expect(hub.snapshot(of: "s1")?.jobs.first?.title == "新标题")
        _ = hub.sendDurably(#"{"type": "upsert_job", "job": {"id": "j9", "title": "新岗位", "employerId": "acme", "pay": {"min": 1, "max": 2, "unit": "piece"}, "location": {"city": "c"}}}"#, from: host)
        #expect(hub.snapshot(of: "s1")?.jobs.map(\.id) == ["j1", "j2", "j3", "j9"])
    }

    @Test func aSecondHelloIsAConflict() {
        let hub = Fixtures.hub()
        hub.join(viewer)
        let reply = hub.send(#"{"type": "hello", "session": "s1", "role": "viewer"}"#, from: viewer)
        #expect(reply.first?["code"] as? String == "conflict")
    }

    @Test func resumeWithinGraceRestoresTheViewerId() throws {
        let hub = Fixtures.hub(grace: 10_000)
        let first = try #require(hub.join(viewer, at: 0))
        let id = first["viewerId"] as? String
        let token = first["resume"] as? String
        hub.disconnect(viewer, now: 1_000)
        let again = try #require(hub.join(ConnectionID(7), resume: token, at: 11_000))
        #expect(again["viewerId"] as? String == id)
        #expect(again["resumed"] as? Bool == true)
    }

    @Test func resumeAfterGraceGivesANewIdentity() throws {
        let hub = Fixtures.hub(grace: 10_000)
        let first = try #require(hub.join(viewer, at: 0))
        hub.disconnect(viewer, now: 1_000)
        _ = hub.tick(now: 11_001)
        let again = try #require(hub.join(ConnectionID(7), resume: first["resume"] as? String, at: 11_002))
        #expect(again["viewerId"] as? String != first["viewerId"] as? String)
        #expect(again["resumed"] as? Bool == false)
    }

    @Test func countersAreBroadcastOnlyWhenChanged() {
        let hub = Fixtures.hub()
        #expect(hub.tick(now: 0).isEmpty)
        hub.join(viewer)
        hub.join(ConnectionID(3))
        hub.join(host, role: "host", token: "host-token-123")
        let sent = Sent.decode(hub.tick(now: 1_000)).filter { $0.type == "counters" }
        #expect(sent.count == 1)
        #expect(sent.first?["online"] as? Int == 2, "hosts are not counted as online viewers")
        #expect(Sent.decode(hub.tick(now: 2_000)).filter { $0.type == "counters" }.isEmpty)
        hub.disconnect(viewer, now: 2_500)
        #expect(Sent.decode(hub.tick(now: 3_000)).first { $0.type == "counters" }?["online"] as? Int == 1)
    }

    @Test func floodingIsRateLimitedAndTheConnectionStaysUsable() {
        let hub = Fixtures.hub(rate: 5)
        hub.join(viewer, at: 0)
        var limited = 0
        for _ in 0..<30 where hub.send(#"{"type": "nope"}"#, from: viewer, at: 0).first?["code"] as? String == "rate_limited" {
            limited += 1
        }
        #expect(limited >= 20)
        #expect(hub.send(#"{"type": "nope"}"#, from: viewer, at: 10_000).first?["code"] as? String == "bad_request")
    }

    @Test func theCachedSnapshotAlwaysMatchesAFreshEncoding() throws {
        let hub = Fixtures.hub()
        hub.join(viewer)
        hub.join(host, role: "host", token: "host-token-123")
        let commands = [
            #"{"type": "pin_job", "jobId": "j2"}"#, #"{"type": "announce", "text": "你好"}"#,
            #"{"type": "session_status", "status": "ended"}"#, #"{"type": "show_policy", "policyId": "p1"}"#,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for command in commands {
            _ = hub.send(command, from: host)
            hub.join(ConnectionID(UInt64.random(in: 1000...9999)))  // counters move without a broadcast
            let cached = try JSONSerialization.jsonObject(with: Data(try #require(hub.snapshotJSON(of: "s1")))) as? NSDictionary
            let fresh = try JSONSerialization.jsonObject(with: try encoder.encode(try #require(hub.snapshot(of: "s1")))) as? NSDictionary
            #expect(cached == fresh, "after \(command)")
        }
    }
}
