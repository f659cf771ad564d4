@testable import DaigangCore
import Foundation
import Testing

/// A deliberately naive model of the line: a list of (ticket, state) pairs.
struct ReferenceLine {
    var items: [(ticket: Int, state: QueueEntry.State)] = []

    mutating func apply(_ event: QueueEvent) {
        switch event {
        case .join(let entry):
            if !items.contains(where: { $0.ticket == entry.ticket }) { items.append((entry.ticket, .waiting)) }
        case .call(let ticket, _, _):
            if let index = items.firstIndex(where: { $0.ticket == ticket && $0.state == .waiting }) { items[index].state = .called }
        case .here(let ticket, _):
            if let index = items.firstIndex(where: { $0.ticket == ticket && $0.state == .called }) { items[index].state = .here }
        case .done(let ticket, _, _), .leave(let ticket, _), .drop(let ticket, _):
            items.removeAll { $0.ticket == ticket }
        case .requeue(let ticket, let place, _):
            guard items.contains(where: { $0.ticket == ticket }) else { return }
            items.removeAll { $0.ticket == ticket }
            if place == .back {
                items.append((ticket, .waiting))
            } else {
                let first = items.firstIndex { $0.state == .waiting } ?? items.count
                items.insert((ticket, .waiting), at: first)
            }
        case .pause:
            break
        }
    }

    func position(of ticket: Int) -> Int? {
        let waiting = items.filter { $0.state == .waiting }
        return waiting.firstIndex { $0.ticket == ticket }.map { $0 + 1 }
    }
}

/// A small deterministic generator so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func entry(_ ticket: Int, at: Int64 = 0) -> QueueEntry {
    QueueEntry(ticket: ticket, leadId: "L\(ticket)", viewerId: "v\(ticket)", resumeToken: "t\(ticket)", name: "n\(ticket)",
               phoneMasked: "138****0000", jobTitle: "普工", joinedAt: at, state: .waiting)
}

struct QueueStateTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func interleavedOperationsMatchTheReferenceModel(seed: UInt64) {
        var generator = SplitMix(state: seed)
        var line = QueueState()
        var model = ReferenceLine()
        var nextTicket = 1
        for step in 0..<400 {
            let known = model.items.map(\.ticket) + [nextTicket + 5]  // sometimes an unknown ticket
            let ticket = known.randomElement(using: &generator)!
            let event: QueueEvent
            switch Int.random(in: 0..<7, using: &generator) {
            case 0, 1:
                event = .join(entry(nextTicket))
                nextTicket += 1
            case 2: event = .leave(ticket: ticket, at: Int64(step))
            case 3: event = .call(ticket: line.nextWaiting?.ticket ?? ticket, message: "m", at: Int64(step))
            case 4: event = .here(ticket: ticket, at: Int64(step))
            case 5: event = .done(ticket: ticket, outcome: [.interviewed, .noShow, .skipped].randomElement(using: &generator)!, at: Int64(step))
            default: event = .requeue(ticket: ticket, to: Bool.random(using: &generator) ? .front : .back, at: Int64(step))
            }
            line.apply(event)
            model.apply(event)
            #expect(line.entries.map(\.ticket) == model.items.map(\.ticket), "seed \(seed) step \(step) \(event)")
            #expect(line.entries.map(\.state) == model.items.map(\.state), "seed \(seed) step \(step)")
            for item in model.items {
                #expect(line.position(of: item.ticket)?.position == model.position(of: item.ticket))
            }
            #expect(line.waitingCount == model.items.filter { $0.state == .waiting }.count)
        }
    }

    @Test func etaIsNullUntilThreeWereServedThenAMovingAverage() {
        var line = QueueState()
        for ticket in 1...6 { line.apply(.join(entry(ticket))) }
        #expect(line.etaSeconds(ahead: 2) == nil)
        for (ticket, seconds) in [(1, 60), (2, 120), (3, 90)] {
            line.apply(.call(ticket: ticket, message: "m", at: 0))
            line.apply(.done(ticket: ticket, outcome: .interviewed, at: Int64(seconds) * 1000))
        }
        #expect(line.etaSeconds(ahead: 0) == 0)
        #expect(line.etaSeconds(ahead: 2) == 180, "average 90 s × 2 ahead")
        line.apply(.done(ticket: 4, outcome: .skipped, at: 1))
        #expect(line.servedCount == 3, "a skip is not a service")
    }

    @Test func replayingTheJournalGivesTheSameLine() throws {
        var line = QueueState()
        var events: [QueueEvent] = []
        for ticket in 1...5 { events.append(.join(entry(ticket))) }
        events += [.call(ticket: 1, message: "来", at: 5), .requeue(ticket: 4, to: .front, at: 6), .leave(ticket: 2, at: 7), .pause(true, at: 8)]
        for event in events { line.apply(event) }
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        var replayed = QueueState()
        for event in events {
            replayed.apply(try decoder.decode(QueueEvent.self, from: try encoder.encode(event)))
        }
        #expect(replayed == line)
        #expect(line.entries.map(\.ticket) == [1, 4, 3, 5])
        #expect(line.paused)
    }
}

struct QueueHubTests {
    let host = ConnectionID(100)

    /// A hub with `count` viewers who applied and joined the line; returns the hub and their connections.
    func lineOf(_ count: Int, grace: Int64 = 120_000, callTimeout: Int64 = 60_000) throws -> (Hub, [ConnectionID]) {
        var settings = Fixtures.settings(grace: grace)
        settings.callTimeoutMillis = callTimeout
        settings.appliesPerMinutePerAddress = 1000
        settings.queueJoinsPerMinutePerAddress = 1000
        settings.queueJoinBurstPerAddress = 1000
        settings.ticketsPerAddress = 1000
        let hub = Hub(settings: settings)
        hub.join(host, role: "host", token: "host-token-123")
        var viewers: [ConnectionID] = []
        for index in 0..<count {
            let viewer = ConnectionID(UInt64(index + 1))
            hub.join(viewer)
            let apply = #"{"type": "apply", "jobId": "j1", "name": "人\#(index)", "phone": "1380000\#(String(format: "%04d", index))", "consent": true}"#
            guard case .store(let token) = hub.send(apply, from: viewer).first?.target else { throw Failure("no write") }
            let applied = Sent.decode(hub.persisted(token: token, isDurable: true, now: 1_000))
            let leadId = try #require(applied.first?["leadId"] as? String)
            let join = hub.send(#"{"type": "queue_join", "leadId": "\#(leadId)"}"#, from: viewer)
            guard case .store(let joinToken) = join.first?.target else { throw Failure("no queue write") }
            let ticket = Sent.decode(hub.persisted(token: joinToken, isDurable: true, now: 1_000))
            #expect(ticket.first?["position"] as? Int == index + 1)
            viewers.append(viewer)
        }
        return (hub, viewers)
    }


    func tickDurably(_ hub: Hub, at now: Instant) -> [Sent] {
        var sent: [Sent] = []
        for item in Sent.decode(hub.tick(now: now)) {
            if case .store(let token) = item.target {
                sent += Sent.decode(hub.persisted(token: token, isDurable: true, now: now))
            } else {
                sent.append(item)
            }
        }
        return sent
    }

    @Test func joiningTwiceReturnsTheSameTicket() throws {
        let (hub, viewers) = try lineOf(2)
        let again = hub.send(#"{"type": "queue_join", "leadId": "L000002"}"#, from: viewers[1])
        #expect(again.first?.type == "queue_ticket")
        #expect(again.first?["ticket"] as? Int == 2)
    }

    @Test func someoneElsesLeadCannotJoin() throws {
        let (hub, viewers) = try lineOf(2)
        let reply = hub.send(#"{"type": "queue_join", "leadId": "L000001"}"#, from: viewers[1])
        #expect(reply.first?.type == "queue_ticket", "viewer 2 joins with its own ticket regardless")
        let stranger = ConnectionID(50)
        hub.join(stranger)
        #expect(hub.send(#"{"type": "queue_join", "leadId": "L000001"}"#, from: stranger).first?["code"] as? String == "not_found")
    }

    // These two replace tests that let another identity "claim" a lead by re-applying with its
    // phone number (issue 9, finding 4): knowing someone's phone number took their place in line.

    @Test func reApplyingFromAnotherIdentityGivesItsOwnLeadNotTheOthersPlaceInLine() throws {
        let (hub, _) = try lineOf(0)
        let first = ConnectionID(40), second = ConnectionID(41)
        hub.join(first)
        let apply = #"{"type": "apply", "jobId": "j1", "name": "张三", "phone": "13812345678", "consent": true}"#
        guard case .store(let token) = hub.send(apply, from: first).first?.target else { throw Failure("no write") }
        let leadId = try #require(Sent.decode(hub.persisted(token: token, isDurable: true, now: 1_000)).first?["leadId"] as? String)
        hub.join(second)  // a new tab, or someone else who knows the number: another identity
        let join = #"{"type": "queue_join", "leadId": "\#(leadId)"}"#
        #expect(hub.send(join, from: second).first?["code"] as? String == "not_found")
        let own = hub.sendDurably(apply, from: second, at: 1_000)
        #expect(own.first?["duplicate"] as? Bool == false)
        #expect(own.first?["leadId"] as? String != leadId)
        #expect(hub.send(join, from: second).first?["code"] as? String == "not_found", "still not the other identity's lead")
    }

    @Test func anotherIdentityApplyingWhileTheFirstIsPendingDoesNotShareItsWrite() throws {
        let (hub, _) = try lineOf(0)
        let first = ConnectionID(40), second = ConnectionID(41)
        hub.join(first)
        hub.join(second)
        let apply = #"{"type": "apply", "jobId": "j1", "name": "张三", "phone": "13812345678", "consent": true}"#
        guard case .store(let token) = hub.send(apply, from: first).first?.target else { throw Failure("no write") }
        guard case .store(let otherToken) = hub.send(apply, from: second).first?.target else { throw Failure("a write of its own") }
        let replies = Sent.decode(hub.persisted(token: token, isDurable: true, now: 1_000))
        #expect(replies.map(\.target) == [.one(first)], "the second identity is not answered with the first lead")
        let leadId = try #require(replies.first?["leadId"] as? String)
        let other = Sent.decode(hub.persisted(token: otherToken, isDurable: true, now: 1_000))
        #expect(other.first?["duplicate"] as? Bool == false)
        #expect(other.first?["leadId"] as? String != leadId)
        #expect(hub.send(#"{"type": "queue_join", "leadId": "\#(leadId)"}"#, from: second).first?["code"] as? String == "not_found")
    }

    @Test func aRepeatedJoinWhileTheFirstIsPendingIsAnsweredOnlyWhenDurable() throws {
        let (hub, viewers) = try lineOf(0)
        hub.join(ConnectionID(40))
        let apply = #"{"type": "apply", "jobId": "j1", "name": "张三", "phone": "13812345678", "consent": true}"#
        guard case .store(let token) = hub.send(apply, from: ConnectionID(40)).first?.target else { throw Failure("no write") }
        let leadId = try #require(Sent.decode(hub.persisted(token: token, isDurable: true, now: 1_000)).first?["leadId"] as? String)
        _ = viewers
        let join = #"{"type": "queue_join", "leadId": "\#(leadId)", "ref": 1}"#
        guard case .store(let joinToken) = hub.send(join, from: ConnectionID(40)).first?.target else { throw Failure("no write") }
        #expect(hub.send(join.replacingOccurrences(of: #""ref": 1"#, with: #""ref": 2"#), from: ConnectionID(40)).isEmpty,
                "not acknowledged before the disk")
        let refused = Sent.decode(hub.persisted(token: joinToken, isDurable: false, now: 1_000))
        #expect(refused.map { $0["code"] as? String } == ["unavailable", "unavailable"])
        #expect(refused.map { $0["ref"] as? Int } == [1, 2])
    }

    /// The work a queue write leaves for when it is durable.
    func continuation(of token: UInt64, in hub: Hub) throws -> QueueContinuation {
        guard case .queue(_, let continuation, _, _) = try #require(hub.pendingWrites[token]).purpose else { throw Failure("not a queue write") }
        return continuation
    }

    /// A viewer with a fresh lead of its own, not yet in line; returns the `queue_join` to send.
    func applicant(_ connection: ConnectionID, in hub: Hub) throws -> String {
        hub.join(connection)
        let apply = #"{"type": "apply", "jobId": "j1", "name": "张三", "phone": "13812345678", "consent": true}"#
        guard case .store(let token) = hub.send(apply, from: connection).first?.target else { throw Failure("no write") }
        let leadId = try #require(Sent.decode(hub.persisted(token: token, isDurable: true, now: 1_000)).first?["leadId"] as? String)
        return #"{"type": "queue_join", "leadId": "\#(leadId)", "ref": 1}"#
    }

    @Test func aJoinLeavesAPendingWriteThatWillTellTheJoinerAndEveryRepeatItsTicket() throws {
        let (hub, _) = try lineOf(0)
        let viewer = ConnectionID(40)
        let join = try applicant(viewer, in: hub)
        guard case .store(let token) = hub.send(join, from: viewer).first?.target else { throw Failure("no write") }
        #expect(try continuation(of: token, in: hub) == .tellTicket(ticket: 1, to: [.init(connection: viewer, ref: .integer(1))]))
        #expect(hub.send(join.replacingOccurrences(of: #""ref": 1"#, with: #""ref": 2"#), from: viewer).isEmpty)
        #expect(try continuation(of: token, in: hub) == .tellTicket(ticket: 1, to: [.init(connection: viewer, ref: .integer(1)), .init(connection: viewer, ref: .integer(2))]),
                "the repeat is one more waiter on the same write, not a write of its own")
        let told = Sent.decode(hub.persisted(token: token, isDurable: true, now: 1_000))
        #expect(told.map(\.type) == ["queue_ticket", "queue_ticket"])
        #expect(told.map { $0["ref"] as? Int } == [1, 2])
        #expect(told.map { $0["ticket"] as? Int } == [1, 1])
        #expect(hub.pendingWrites[token] == nil)
        #expect(hub.refusalWaiters[token] == nil)
    }

    @Test func aRefusedJoinAnswersEveryWaiterUnavailableAndEmptiesTheLine() throws {
        let (hub, _) = try lineOf(0)
        let viewer = ConnectionID(40)
        let join = try applicant(viewer, in: hub)
        guard case .store(let token) = hub.send(join, from: viewer).first?.target else { throw Failure("no write") }
        for ref in [2, 3] {
            #expect(hub.send(join.replacingOccurrences(of: #""ref": 1"#, with: #""ref": \#(ref)"#), from: viewer).isEmpty)
        }
        #expect(hub.refusalWaiters[token]?.map(\.ref) == [.integer(2), .integer(3)])
        let refused = Sent.decode(hub.persisted(token: token, isDurable: false, now: 1_000))
        #expect(refused.map(\.target) == Array(repeating: Sent.Target.one(viewer), count: 3))
        #expect(refused.map { $0["code"] as? String } == ["unavailable", "unavailable", "unavailable"])
        #expect(refused.map { $0["ref"] as? Int } == [1, 2, 3])
        #expect(hub.pendingWrites[token] == nil)
        #expect(hub.refusalWaiters[token] == nil)
        #expect(hub.snapshot(of: "s1")?.counters.queue == 0)
    }

    @Test(arguments: [
        (#"{"type": "queue_requeue", "ticket": 1, "to": "back", "ref": 5}"#, true, QueueContinuation.acknowledgeRequeue(to: .init(connection: ConnectionID(100), ref: .integer(5)))),
        (#"{"type": "queue_pause", "ref": 5}"#, true, .broadcastPause(paused: true, to: .init(connection: ConnectionID(100), ref: .integer(5)))),
        (#"{"type": "queue_resume"}"#, true, .broadcastPause(paused: false, to: .init(connection: ConnectionID(100), ref: nil))),
        (#"{"type": "queue_leave", "ticket": 1, "ref": "x"}"#, false, .acknowledgeLeave(ticket: 1, name: "人0", to: .init(connection: ConnectionID(1), ref: .string("x")))),
    ])
    func eachLineCommandLeavesTheContinuationThatNamesItsAnswer(command: String, fromHost: Bool, expected: QueueContinuation) throws {
        let (hub, viewers) = try lineOf(2)
        guard case .store(let token) = hub.send(command, from: fromHost ? host : viewers[0], at: 2_000).first?.target else { throw Failure("no write") }
        #expect(try continuation(of: token, in: hub) == expected)
    }

    @Test func callsTimeOutsAndDropsLeaveContinuationsNamingTheViewerAndTheTicket() throws {
        let (hub, viewers) = try lineOf(2, grace: 10_000, callTimeout: 10_000)
        let firstViewer = try #require(hub.clients[viewers[0]]?.viewerId)
        guard case .store(let call) = hub.send(#"{"type": "queue_call", "message": "请上麦"}"#, from: host, at: 2_000).first?.target else { throw Failure("no write") }
        #expect(try continuation(of: call, in: hub) == .acknowledgeCall(ticket: 1, viewerId: firstViewer, message: "请上麦", to: .init(connection: host, ref: nil)))
        _ = hub.persisted(token: call, isDurable: true, now: 2_000)
        hub.disconnect(viewers[1], now: 2_000)
        let stores = Sent.decode(hub.tick(now: 12_001)).compactMap { sent -> UInt64? in if case .store(let token) = sent.target { token } else { nil } }
            .filter { !hub.isAudienceWrite($0) }  // the tick also journals the viewer figures (AudienceTests)
        try #require(stores.count == 2)
        #expect(try continuation(of: stores[0], in: hub) == .acknowledgeEnd(ticket: 1, viewerId: firstViewer, name: "人0", outcome: .noShow, requester: nil))
        #expect(try continuation(of: stores[1], in: hub) == .noticeDrop(ticket: 2, name: "人1"))
    }

    @Test func oneLeadHasAtMostOneTicket() throws {
        let (hub, _) = try lineOf(0)
        let first = ConnectionID(40), second = ConnectionID(41)
        hub.join(first)
        let apply = #"{"type": "apply", "jobId": "j1", "name": "张三", "phone": "13812345678", "consent": true}"#
        guard case .store(let token) = hub.send(apply, from: first).first?.target else { throw Failure("no write") }
        let leadId = try #require(Sent.decode(hub.persisted(token: token, isDurable: true, now: 1_000)).first?["leadId"] as? String)
        let join = #"{"type": "queue_join", "leadId": "\#(leadId)"}"#
        let ticket = try #require(hub.sendDurably(join, from: first, at: 1_000).first?["ticket"] as? Int)
        hub.join(second)
        _ = hub.sendDurably(apply, from: second, at: 1_000)  // its own lead, not this one
        #expect(hub.send(join, from: second).first?["code"] as? String == "not_found")
        let again = hub.sendDurably(join, from: first, at: 1_000)
        #expect(again.first?["ticket"] as? Int == ticket, "the owner's ticket is untouched")
        #expect(hub.snapshot(of: "s1")?.counters.queue == 1)
    }

    @Test func callingNotifiesTheViewerAndTheOthersMoveUp() throws {
        let (hub, viewers) = try lineOf(3)
        let called = hub.sendDurably(#"{"type": "queue_call", "ref": 1, "message": "请上麦"}"#, from: host, at: 2_000)
        #expect(called.map(\.type) == ["ok", "queue_called"])
        #expect(called[1].target == .one(viewers[0]))
        #expect(called[1]["message"] as? String == "请上麦")
        let positions = tickDurably(hub, at: 3_000).filter { $0.type == "queue_position" }
        #expect(positions.map(\.target) == [.one(viewers[1]), .one(viewers[2])])
        #expect(positions.map { $0["position"] as? Int } == [1, 2])
        #expect(tickDurably(hub, at: 4_000).filter { $0.type == "queue_position" }.isEmpty, "nothing changed, nothing sent")
    }

    @Test func aCalledViewerWhoDoesNotConfirmBecomesANoShowAndTheLeadRecordsIt() throws {
        let (hub, viewers) = try lineOf(2, callTimeout: 10_000)
        _ = hub.sendDurably(#"{"type": "queue_call"}"#, from: host, at: 2_000)
        #expect(tickDurably(hub, at: 11_000).filter { $0.type == "queue_notice" }.isEmpty)
        let later = tickDurably(hub, at: 12_001)
        #expect(later.first { $0.type == "queue_notice" }?["event"] as? String == "no_show")
        #expect(later.first { $0.type == "queue_ended" }?.target == .one(viewers[0]))
        #expect(hub.leads.lead(withID: "L000001")?.status == .lineNoShow)
        #expect(hub.snapshot(of: "s1")?.counters.queue == 1)
    }

    @Test func aConfirmedViewerIsNotTimedOut() throws {
        let (hub, viewers) = try lineOf(1, callTimeout: 10_000)
        let called = hub.sendDurably(#"{"type": "queue_call"}"#, from: host, at: 2_000)
        let ticket = try #require(called[1]["ticket"] as? Int)
        let here = hub.sendDurably(#"{"type": "queue_here", "ticket": \#(ticket)}"#, from: viewers[0], at: 3_000)
        #expect(here.map(\.type) == ["ok", "queue_notice"])
        #expect(tickDurably(hub, at: 20_000).filter { $0.type == "queue_notice" }.isEmpty)
        let done = hub.sendDurably(#"{"type": "queue_done", "ticket": \#(ticket), "outcome": "interviewed"}"#, from: host, at: 30_000)
        #expect(done.map(\.type) == ["ok", "queue_ended"])
        #expect(hub.leads.lead(withID: "L000001")?.followups?.last?.by == "host")
    }

    @Test func aDisconnectedViewerKeepsThePlaceWithinGraceAndLosesItAfter() throws {
        let (hub, viewers) = try lineOf(3, grace: 10_000)
        let token = try #require(hub.clients[viewers[1]]?.resumeToken)
        hub.disconnect(viewers[1], now: 2_000)
        hub.disconnect(viewers[2], now: 2_000)
        _ = tickDurably(hub, at: 5_000)
        let back = try #require(hub.join(ConnectionID(77), resume: token, at: 6_000))
        #expect((back["ticket"] as? [String: Any])?["position"] as? Int == 2)
        let expired = tickDurably(hub, at: 12_001)
        #expect(expired.filter { $0.type == "queue_notice" }.map { $0["ticket"] as? Int } == [3])
        #expect(hub.snapshot(of: "s1")?.counters.queue == 2)
    }

    @Test func aRefusedWriteRollsTheLiveLineBack() throws {
        let (hub, _) = try lineOf(2)
        let sent = hub.send(#"{"type": "queue_requeue", "ticket": 1, "to": "back", "ref": 4}"#, from: host, at: 2_000)
        guard case .store(let token) = sent.first?.target else { throw Failure("no write") }
        let refused = Sent.decode(hub.persisted(token: token, isDurable: false, now: 2_000))
        #expect(refused.first?["code"] as? String == "unavailable")
        #expect(refused.first?["ref"] as? Int == 4)
        let view = Sent.decode(hub.tick(now: 3_000)).first { $0.type == "queue" }
        let tickets = (view?["entries"] as? [[String: Any]])?.compactMap { $0["ticket"] as? Int }
        #expect(tickets == [1, 2])
    }

    @Test func aPausedLineRefusesJoinsWithAFriendlyConflict() throws {
        let (hub, _) = try lineOf(1)
        let paused = hub.sendDurably(#"{"type": "queue_pause"}"#, from: host, at: 2_000)
        #expect(paused.map(\.type) == ["ok", "queue_status"])
        let newcomer = ConnectionID(60)
        hub.join(newcomer)
        let apply = #"{"type": "apply", "jobId": "j2", "name": "新人", "phone": "13900000000", "consent": true}"#
        guard case .store(let token) = hub.send(apply, from: newcomer).first?.target else { throw Failure("no write") }
        let leadId = try #require(Sent.decode(hub.persisted(token: token, isDurable: true, now: 2_000)).first?["leadId"] as? String)
        let refused = hub.send(#"{"type": "queue_join", "leadId": "\#(leadId)"}"#, from: newcomer)
        #expect(refused.first?["code"] as? String == "conflict")
    }

    @Test func theLineSurvivesARestartWithResumeTokens() throws {
        let (hub, viewers) = try lineOf(3)
        _ = hub.sendDurably(#"{"type": "queue_call"}"#, from: host, at: 2_000)
        let token = try #require(hub.clients[viewers[2]]?.resumeToken)
        let restarted = Hub(settings: Fixtures.settings(), leads: hub.leads, now: 10_000)
        let back = try #require(restarted.join(ConnectionID(9), resume: token, at: 11_000))
        #expect(back["resumed"] as? Bool == true)
        #expect((back["ticket"] as? [String: Any])?["position"] as? Int == 2)
        #expect(restarted.snapshot(of: "s1")?.counters.queue == 2)
    }
}
