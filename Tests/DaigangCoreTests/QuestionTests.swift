@testable import DaigangCore
import Foundation
import Testing

struct QuestionBoardTests {
    func asked(_ id: Int, by viewer: String = "v-a", job: String? = nil) -> QuestionEvent {
        .asked(Question(id: id, text: "有夫妻房吗？\(id)", jobId: job, viewerId: viewer, askedAt: Int64(id) * 1_000))
    }

    @Test func upvotesCountOncePerViewer() {
        var board = QuestionBoard()
        board.apply(asked(1))
        board.apply(.upvoted(questionId: 1, viewerId: "v-b"))
        board.apply(.upvoted(questionId: 1, viewerId: "v-b"))
        board.apply(.upvoted(questionId: 1, viewerId: "v-c"))
        #expect(board.question(1)?.votes == 2)
    }

    @Test func viewersSeeVisibleQuestionsRankedByVotesThenRecencyAndNeverHiddenOnes() {
        var board = QuestionBoard()
        for id in 1...4 { board.apply(asked(id)) }
        board.apply(.upvoted(questionId: 2, viewerId: "v-x"))
        board.apply(.hidden(questionId: 3, at: 9_000))
        board.apply(.answered(questionId: 4, at: 9_000))
        let viewers = board.view(forHosts: false)
        #expect(viewers.questions.map(\.id) == [2, 1, 4], "open by votes then newest, answered last, hidden gone")
        #expect(viewers.open == 2)
        #expect(viewers.asked == 4)
        let hosts = board.view(forHosts: true)
        #expect(hosts.questions.map(\.id) == [2, 1, 4, 3])
        #expect(hosts.questions.last?.hidden == true)
    }

    @Test func viewersGetABoundedList() {
        var board = QuestionBoard()
        for id in 1...50 { board.apply(asked(id)) }
        #expect(board.view(forHosts: false).questions.count == QuestionBoard.viewerListSize)
    }

    @Test func hidingOrAnsweringTheQuestionBeingAnsweredClearsIt() {
        var board = QuestionBoard()
        board.apply(asked(1))
        board.apply(asked(2))
        board.apply(.answering(questionId: 1, at: 5_000))
        #expect(board.view(forHosts: false).answering?.id == 1)
        board.apply(.hidden(questionId: 1, at: 6_000))
        #expect(board.answeringId == nil)
        board.apply(.answering(questionId: 2, at: 7_000))
        board.apply(.answered(questionId: 2, at: 8_000))
        #expect(board.answeringId == nil)
        board.apply(.answering(questionId: 1, at: 9_000))
        #expect(board.answeringId == nil, "a hidden question is never the one being answered")
    }

    @Test func questionsAreCountedPerJob() {
        var board = QuestionBoard()
        board.apply(asked(1, job: "j1"))
        board.apply(asked(2, job: "j1"))
        board.apply(asked(3, job: "j2"))
        board.apply(asked(4))
        #expect(board.askedByJob == ["j1": 2, "j2": 1])
    }

    @Test func replayingTheJournaledEventsGivesTheSameSession() throws {
        var live = SessionState(Fixtures.session)
        let events: [SessionEvent] = [
            .question(asked(1, job: "j1")), .question(asked(2)), .question(.upvoted(questionId: 2, viewerId: "v-b")),
            .question(.answering(questionId: 2, at: 3_000)), .question(.hidden(questionId: 1, at: 4_000)), .callWindowSet(seconds: 90),
        ]
        let encoder = JSONEncoder()
        var replayed = SessionState(Fixtures.session)
        for event in events {
            live.apply(event)
            let record = try JSONDecoder().decode(StoreRecord.self, from: encoder.encode(StoreRecord.session(id: "s1", event)))
            guard case .session(_, let decoded, _) = record else { throw Failure("not a session record") }
            replayed.apply(decoded)
        }
        #expect(replayed == live)
        #expect(live.callWindowSeconds == 90)
        let snapshot = try JSONDecoder().decode(SessionState.self, from: encoder.encode(live))
        #expect(snapshot == live)
    }

    @Test func aSnapshotFromBeforeQuestionsLoadsWithAnEmptyBoard() throws {
        var state = SessionState(Fixtures.session)
        state.apply(.announced(Announcement(text: "开始了", at: 1)))
        var object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(state)) as? [String: Any])
        object["questions"] = nil
        object["callWindowSeconds"] = nil
        let old = try JSONDecoder().decode(SessionState.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.questions == QuestionBoard())
        #expect(old.announcements.count == 1)
    }
}

struct QuestionHubTests {
    let host = ConnectionID(100)

    func hub(configure: (inout HubSettings) -> Void = { _ in }) -> Hub {
        var settings = Fixtures.settings()
        configure(&settings)
        let hub = Hub(settings: settings)
        hub.join(host, role: "host", token: "host-token-123")
        return hub
    }

    @Test func aViewerAsksAndGetsTheQuestionIdOnceDurable() {
        let hub = hub()
        hub.join(ConnectionID(1))
        let asked = hub.sendDurably(#"{"type": "ask", "ref": 1, "text": "  有夫妻房吗？ ", "jobId": "j1"}"#, from: ConnectionID(1))
        #expect(asked.first?.type == "asked")
        #expect(asked.first?["questionId"] as? Int == 1)
        #expect(hub.sessions["s1"]?.durable.questions.question(1)?.text == "有夫妻房吗？")
        let tick = Sent.decode(hub.tick(now: 2_000))
        let broadcast = tick.first { $0.type == "questions" }
        #expect(broadcast?.target == .session("s1"))
        #expect((broadcast?["questions"] as? [[String: Any]])?.first?["viewerId"] == nil, "identities are never broadcast")
        #expect(tick.first { $0.type == "question_board" }?.target == .one(host))
        #expect(Sent.decode(hub.tick(now: 3_000)).filter { $0.type == "questions" }.isEmpty, "nothing changed, nothing sent")
    }

    @Test(arguments: [
        (#"{"type": "ask", "text": "   "}"#, "bad_request", "bad_text"),
        (#"{"type": "ask", "text": "\#(String(repeating: "长", count: 121))"}"#, "bad_request", "bad_text"),
        (#"{"type": "ask", "text": "a\u202eb"}"#, "bad_request", "bad_text"),
        (#"{"type": "ask", "text": "ok", "jobId": "nope"}"#, "not_found", "unknown_job"),
        (#"{"type": "upvote", "questionId": 7}"#, "not_found", "unknown_question"),
    ])
    func badQuestionsAreRefusedWithAReasonAndChangeNothing(message: String, code: String, reason: String) {
        let hub = hub()
        hub.join(ConnectionID(1))
        let reply = hub.send(message, from: ConnectionID(1))
        #expect(reply.map(\.type) == ["error"])
        #expect(reply.first?["code"] as? String == code)
        #expect(reply.first?["reason"] as? String == reason)
        #expect(hub.sessions["s1"]?.projected.questions.questions.isEmpty == true)
    }

    @Test func aViewerMayAskOncePerIntervalButOthersBehindTheSameAddressMayAsk() {
        let hub = hub()
        hub.join(ConnectionID(1), address: "10.0.0.1")
        hub.join(ConnectionID(2), address: "10.0.0.1")
        #expect(hub.sendDurably(#"{"type": "ask", "text": "一"}"#, from: ConnectionID(1), at: 1_000).first?.type == "asked")
        let again = hub.send(#"{"type": "ask", "text": "二"}"#, from: ConnectionID(1), at: 2_000)
        #expect(again.first?["reason"] as? String == "ask_rate")
        #expect(hub.sendDurably(#"{"type": "ask", "text": "三"}"#, from: ConnectionID(2), at: 2_000).first?.type == "asked")
        #expect(hub.sendDurably(#"{"type": "ask", "text": "四"}"#, from: ConnectionID(1), at: 21_000).first?.type == "asked")
    }

    @Test func anAddressHasABudgetForQuestions() {
        let hub = hub { $0.asksPerMinutePerAddress = 5 }
        var answers: [String] = []
        for index in 1...7 {
            hub.join(ConnectionID(UInt64(index)), address: "10.0.0.9")
            let reply = hub.sendDurably(#"{"type": "ask", "text": "问题\#(index)"}"#, from: ConnectionID(UInt64(index)))
            answers.append(reply.first?["reason"] as? String ?? reply.first?.type ?? "")
        }
        #expect(answers == ["asked", "asked", "asked", "asked", "asked", "ask_address_rate", "ask_address_rate"])
    }

    @Test func theSessionCapsOpenQuestions() {
        let hub = hub { $0.maxOpenQuestions = 2 }
        for index in 1...3 { hub.join(ConnectionID(UInt64(index))) }
        _ = hub.sendDurably(#"{"type": "ask", "text": "一"}"#, from: ConnectionID(1))
        _ = hub.sendDurably(#"{"type": "ask", "text": "二"}"#, from: ConnectionID(2))
        #expect(hub.send(#"{"type": "ask", "text": "三"}"#, from: ConnectionID(3)).first?["reason"] as? String == "too_many_questions")
        _ = hub.sendDurably(#"{"type": "question_answered", "questionId": 1}"#, from: host)
        #expect(hub.sendDurably(#"{"type": "ask", "text": "三"}"#, from: ConnectionID(3)).first?.type == "asked")
    }

    @Test func oneNetworkHoldsOnlyAShareOfTheOpenQuestions() {
        let hub = hub { $0.maxOpenQuestions = 10 }  // a share of max(5, 10 / 5) = 5
        var answers: [String] = []
        for index in 1...6 {
            hub.join(ConnectionID(UInt64(index)), address: "10.0.0.9")
            let reply = hub.sendDurably(#"{"type": "ask", "text": "问题\#(index)"}"#, from: ConnectionID(UInt64(index)))
            answers.append(reply.first?["reason"] as? String ?? reply.first?.type ?? "")
        }
        #expect(answers == ["asked", "asked", "asked", "asked", "asked", "ask_network_share"])
        hub.join(ConnectionID(50), address: "10.0.0.10")
        #expect(hub.sendDurably(#"{"type": "ask", "text": "别的网络"}"#, from: ConnectionID(50)).first?.type == "asked")
        _ = hub.sendDurably(#"{"type": "question_answered", "questionId": 1}"#, from: host)
        #expect(hub.sendDurably(#"{"type": "ask", "text": "又一个"}"#, from: ConnectionID(6)).first?.type == "asked", "an answered question frees its place")
    }

    @Test func oneNetworksVotesOnAQuestionCountUpToAShare() {
        let hub = hub()
        hub.join(ConnectionID(1), address: "10.0.0.1")
        _ = hub.sendDurably(#"{"type": "ask", "text": "有夫妻房吗"}"#, from: ConnectionID(1))
        var answers: [String] = []
        for index in 2...(Hub.upvotesPerQuestionPerAddress + 2) {
            hub.join(ConnectionID(UInt64(index)), address: "10.0.0.9")
            let reply = hub.sendDurably(#"{"type": "upvote", "questionId": 1}"#, from: ConnectionID(UInt64(index)))
            answers.append(reply.first?["reason"] as? String ?? reply.first?.type ?? "")
        }
        #expect(answers.filter { $0 == "ok" }.count == Hub.upvotesPerQuestionPerAddress)
        #expect(answers.last == "upvote_network_share")
        hub.join(ConnectionID(99), address: "10.0.0.10")
        #expect(hub.sendDurably(#"{"type": "upvote", "questionId": 1}"#, from: ConnectionID(99)).map(\.type) == ["ok"])
        #expect(hub.sessions["s1"]?.durable.questions.question(1)?.votes == Hub.upvotesPerQuestionPerAddress + 1)
    }

    @Test func upvotingTwiceIsAnsweredOkAndCountsOnce() {
        let hub = hub()
        hub.join(ConnectionID(1))
        hub.join(ConnectionID(2))
        _ = hub.sendDurably(#"{"type": "ask", "text": "一"}"#, from: ConnectionID(1))
        #expect(hub.sendDurably(#"{"type": "upvote", "questionId": 1}"#, from: ConnectionID(2)).map(\.type) == ["ok"])
        let second = hub.receive(text: Array(#"{"type": "upvote", "questionId": 1}"#.utf8), from: ConnectionID(2), now: 1_500)
        #expect(Sent.decode(second).map(\.type) == ["ok"], "no second write")
        #expect(hub.sessions["s1"]?.durable.questions.question(1)?.votes == 1)
    }

    @Test func theHostHidesPicksAndMarksAnsweredAndViewersMayNot() {
        let hub = hub()
        hub.join(ConnectionID(1))
        _ = hub.sendDurably(#"{"type": "ask", "text": "一"}"#, from: ConnectionID(1))
        _ = hub.sendDurably(#"{"type": "ask", "text": "二"}"#, from: ConnectionID(1), at: 30_000)
        #expect(hub.send(#"{"type": "question_hide", "questionId": 1}"#, from: ConnectionID(1)).first?["code"] as? String == "forbidden")
        #expect(hub.sendDurably(#"{"type": "question_answering", "questionId": 2}"#, from: host).map(\.type) == ["ok"])
        #expect(hub.sendDurably(#"{"type": "question_hide", "questionId": 1}"#, from: host).map(\.type) == ["ok"])
        #expect(hub.send(#"{"type": "question_hide", "questionId": 1}"#, from: host).first?["reason"] as? String == "already_hidden")
        #expect(hub.send(#"{"type": "question_answering", "questionId": 1}"#, from: host).first?["reason"] as? String == "question_hidden")
        #expect(hub.send(#"{"type": "upvote", "questionId": 1}"#, from: ConnectionID(1)).first?["reason"] as? String == "unknown_question")
        let viewers = hub.sessions["s1"]!.durable.questions.view(forHosts: false)
        #expect(viewers.answering?.id == 2)
        #expect(viewers.questions.map(\.id) == [2])
        #expect(hub.sendDurably(#"{"type": "question_answered", "questionId": 2}"#, from: host).map(\.type) == ["ok"])
        #expect(hub.send(#"{"type": "question_answered", "questionId": 2}"#, from: host).first?["reason"] as? String == "already_answered")
        #expect(hub.sessions["s1"]?.durable.questions.answeringId == nil)
    }

    @Test func aRefusedWriteLeavesNoQuestion() {
        let hub = hub()
        hub.join(ConnectionID(1))
        let reply = hub.sendDurably(#"{"type": "ask", "text": "一"}"#, from: ConnectionID(1), durable: false)
        #expect(reply.first?["code"] as? String == "unavailable")
        #expect(hub.sessions["s1"]?.projected.questions.questions.isEmpty == true)
    }

    @Test func aWelcomeCarriesTheViewersQuestions() {
        let hub = hub()
        hub.join(ConnectionID(1))
        _ = hub.sendDurably(#"{"type": "ask", "text": "一"}"#, from: ConnectionID(1))
        let welcome = hub.join(ConnectionID(2))
        let questions = welcome?["questions"] as? [String: Any]
        #expect((questions?["questions"] as? [[String: Any]])?.count == 1)
    }

    @Test func aHostJoiningLaterGetsTheBoardAndTheCountsUnchanged() {
        let hub = hub()
        let first = Sent.decode(hub.tick(now: 2_000))
        #expect(first.contains { $0.type == "job_counts" && $0.target == .one(host) })
        #expect(Sent.decode(hub.tick(now: 3_000)).filter { $0.type == "job_counts" }.isEmpty, "nothing changed, nothing sent")
        let second = ConnectionID(101)
        hub.join(second, role: "host", token: "host-token-123")
        let tick = Sent.decode(hub.tick(now: 4_000))
        #expect(tick.contains { $0.type == "job_counts" && $0.target == .one(second) })
        #expect(tick.contains { $0.type == "question_board" && $0.target == .one(second) })
    }

    @Test func theHostSetsTheCallWindowWithinBounds() {
        let hub = hub()
        #expect(hub.send(#"{"type": "set_call_window", "seconds": 5}"#, from: host).first?["code"] as? String == "bad_request")
        #expect(hub.sendDurably(#"{"type": "set_call_window", "seconds": 90}"#, from: host).map(\.type) == ["ok"])
        #expect(hub.sessions["s1"]?.durable.callWindowSeconds == 90)
        #expect(hub.sendDurably(#"{"type": "set_call_window", "seconds": null}"#, from: host).map(\.type) == ["ok"])
        #expect(hub.sessions["s1"]?.durable.callWindowSeconds == nil)
    }
}
