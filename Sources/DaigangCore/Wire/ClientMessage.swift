public import Foundation

/// A message from a client, decoded and type-checked but not yet judged against the session.
public enum ClientMessage: Sendable, Equatable {
    case hello(Hello)
    case sessionStatus(SessionStatus)
    /// `nil` unpins.
    case pinJob(jobId: String?)
    /// `nil` hides the explainer.
    case showPolicy(policyId: String?)
    case announce(text: String)
    case upsertJob(Job)
    case upsertPolicy(Policy)
    /// Takes a job off the session (its leads stay).
    case withdrawJob(jobId: String)
    case apply(ApplyRequest)
    case queueJoin(leadId: String)
    case queueLeave(ticket: Int)
    case queueHere(ticket: Int)
    /// `nil` calls the next in line.
    case queueCall(ticket: Int?, message: String?)
    case queueDone(ticket: Int, outcome: QueueOutcome)
    case queueRequeue(ticket: Int, to: QueuePlace)
    case queuePause
    case queueResume
    /// A viewer's question (docs/PROTOCOL.md, "Questions").
    case ask(text: String, jobId: String?)
    case upvote(questionId: Int)
    case hideQuestion(questionId: Int)
    /// `nil` clears the question being answered.
    case answerQuestion(questionId: Int?)
    case markAnswered(questionId: Int)
    /// `nil` goes back to the config's call window.
    case setCallWindow(seconds: Int?)
    /// A viewer takes back one of its own applications.
    case withdrawApplication(leadId: String)

    /// The opening message: which session, in which role, with which credentials.
    public struct Hello: Decodable, Sendable, Equatable {
        public var session: String
        public var role: ClientRole
        public var token: String?
        public var resume: String?
        /// `http`: a compact welcome; the jobs come from `GET /api/sessions/{id}/jobs`.
        public var catalog: CatalogDelivery?
    }

    /// The `type` tags clients may send.
    enum Tag: String {
        case hello
        case sessionStatus = "session_status"
        case pinJob = "pin_job"
        case showPolicy = "show_policy"
        case announce
        case upsertJob = "upsert_job"
        case upsertPolicy = "upsert_policy"
        case withdrawJob = "withdraw_job"
        case apply
        case queueJoin = "queue_join"
        case queueLeave = "queue_leave"
        case queueHere = "queue_here"
        case queueCall = "queue_call"
        case queueDone = "queue_done"
        case queueRequeue = "queue_requeue"
        case queuePause = "queue_pause"
        case queueResume = "queue_resume"
        case ask
        case upvote
        case hideQuestion = "question_hide"
        case answerQuestion = "question_answering"
        case markAnswered = "question_answered"
        case setCallWindow = "set_call_window"
        case withdrawApplication = "withdraw_application"
    }

    /// Whether only a host may send it.
    public var isHostCommand: Bool {
        switch self {
        case .hello, .apply, .queueJoin, .queueLeave, .queueHere, .ask, .upvote, .withdrawApplication: false
        case .sessionStatus, .pinJob, .showPolicy, .announce, .upsertJob, .upsertPolicy, .withdrawJob: true
        case .queueCall, .queueDone, .queueRequeue, .queuePause, .queueResume: true
        case .hideQuestion, .answerQuestion, .markAnswered, .setCallWindow: true
        }
    }

    /// Whether only a viewer may send it.
    public var isViewerCommand: Bool {
        switch self {
        case .apply, .queueJoin, .queueLeave, .queueHere, .ask, .upvote, .withdrawApplication: true
        default: false
        }
    }
}

/// Who is on the other end of a connection.
public enum ClientRole: String, WireEnum {
    case viewer, host, hr
}

/// A decoded client message with its correlation id.
public struct ClientRequest: Sendable, Equatable {
    public var ref: MessageRef?
    public var message: ClientMessage
}

/// A message that could not be decoded, with the ref to echo when one could be read.
public struct RejectedRequest: Error, Sendable, Equatable {
    public var ref: MessageRef?
    public var error: ProtocolError
}

extension ClientRequest {
    /// Decodes one text frame; every failure names what is wrong.
    public static func decode(_ bytes: [UInt8], with decoder: JSONDecoder) -> Result<ClientRequest, RejectedRequest> {
        let data = Data(bytes)
        let envelope: Envelope
        do {
            envelope = try decoder.decode(Envelope.self, from: data)
        } catch let error as DecodingError {
            return .failure(RejectedRequest(ref: nil, error: .from(error)))
        } catch {
            return .failure(RejectedRequest(ref: nil, error: ProtocolError(.badRequest, "message is not valid JSON")))
        }
        guard !envelope.hasMistypedType else {
            return .failure(RejectedRequest(ref: envelope.ref, error: ProtocolError(.badRequest, "field 'type' must be a string")))
        }
        guard let typeName = envelope.type else {
            return .failure(RejectedRequest(ref: envelope.ref, error: ProtocolError(.badRequest, "field 'type' is missing")))
        }
        guard let tag = ClientMessage.Tag(rawValue: typeName) else {
            return .failure(RejectedRequest(ref: envelope.ref, error: ProtocolError(.badRequest, "unknown message type '\(typeName.prefix(40))'")))
        }
        do {
            let message: ClientMessage
            switch tag {
            case .hello:
                message = .hello(try decoder.decode(ClientMessage.Hello.self, from: data))
            case .sessionStatus:
                message = .sessionStatus(try decoder.decode(StatusBody.self, from: data).status)
            case .pinJob:
                message = .pinJob(jobId: try decoder.decodeNullable(String.self, field: "jobId", from: data))
            case .showPolicy:
                message = .showPolicy(policyId: try decoder.decodeNullable(String.self, field: "policyId", from: data))
            case .announce:
                message = .announce(text: try decoder.decode(AnnounceBody.self, from: data).text)
            case .upsertJob:
                message = .upsertJob(try decoder.decode(JobBody.self, from: data).job)
            case .upsertPolicy:
                message = .upsertPolicy(try decoder.decode(PolicyBody.self, from: data).policy)
            case .withdrawJob:
                message = .withdrawJob(jobId: try decoder.decode(JobIdBody.self, from: data).jobId)
            case .apply:
                message = .apply(try decoder.decode(ApplyRequest.self, from: data))
            case .queueJoin:
                message = .queueJoin(leadId: try decoder.decode(LeadIdBody.self, from: data).leadId)
            case .queueLeave:
                message = .queueLeave(ticket: try decoder.decode(TicketBody.self, from: data).ticket)
            case .queueHere:
                message = .queueHere(ticket: try decoder.decode(TicketBody.self, from: data).ticket)
            case .queueCall:
                let body = try decoder.decode(CallBody.self, from: data)
                message = .queueCall(ticket: body.ticket, message: body.message)
            case .queueDone:
                let body = try decoder.decode(DoneBody.self, from: data)
                message = .queueDone(ticket: body.ticket, outcome: body.outcome)
            case .queueRequeue:
                let body = try decoder.decode(RequeueBody.self, from: data)
                message = .queueRequeue(ticket: body.ticket, to: body.to)
            case .queuePause:
                message = .queuePause
            case .queueResume:
                message = .queueResume
            case .ask:
                let body = try decoder.decode(AskBody.self, from: data)
                message = .ask(text: body.text, jobId: body.jobId)
            case .upvote:
                message = .upvote(questionId: try decoder.decode(QuestionIdBody.self, from: data).questionId)
            case .hideQuestion:
                message = .hideQuestion(questionId: try decoder.decode(QuestionIdBody.self, from: data).questionId)
            case .answerQuestion:
                message = .answerQuestion(questionId: try decoder.decodeNullable(Int.self, field: "questionId", from: data))
            case .markAnswered:
                message = .markAnswered(questionId: try decoder.decode(QuestionIdBody.self, from: data).questionId)
            case .setCallWindow:
                message = .setCallWindow(seconds: try decoder.decodeNullable(Int.self, field: "seconds", from: data))
            case .withdrawApplication:
                message = .withdrawApplication(leadId: try decoder.decode(LeadIdBody.self, from: data).leadId)
            }
            return .success(ClientRequest(ref: envelope.ref, message: message))
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                // The JSON parsed as an envelope, so it is valid: Foundation reports a fractional or
                // out-of-range number in an integer field this way, without a path. Find the field.
                let field = FractionalNumber.firstPath(in: data) ?? "a number field"
                return .failure(RejectedRequest(ref: envelope.ref, error: ProtocolError(.badRequest, "field '\(field)' must be an integer")))
            }
            return .failure(RejectedRequest(ref: envelope.ref, error: .from(error)))
        } catch {
            return .failure(RejectedRequest(ref: envelope.ref, error: ProtocolError(.badRequest, "message could not be read")))
        }
    }
}

/// Finds where a JSON document has a number that is not a whole number in Int's range.
enum FractionalNumber {
    static func firstPath(in data: Data) -> String? {
        guard let root = try? JSONSerialization.jsonObject(with: data) else { return nil }
        return search(root, path: "")
    }

    private static func search(_ value: Any, path: String) -> String? {
        if let object = value as? [String: Any] {
            for key in object.keys.sorted() {
                if let found = search(object[key]!, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
        } else if let array = value as? [Any] {
            for (index, item) in array.enumerated() {
                if let found = search(item, path: "\(path)[\(index)]") { return found }
            }
        } else if let number = value as? NSNumber, String(cString: number.objCType) != "c" {  // "c": a boolean
            let double = number.doubleValue
            if double.rounded() != double || abs(double) > 9.0e15 { return path }
        }
        return nil
    }
}

/// What every message has: read first, so even a bad body can echo its ref.
private struct Envelope: Decodable {
    var type: String?
    var hasMistypedType = false
    var ref: MessageRef?

    enum CodingKeys: String, CodingKey { case type, ref }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ref = try container.decodeIfPresent(MessageRef.self, forKey: .ref)
        if container.contains(.type) {
            type = try? container.decode(String.self, forKey: .type)
            hasMistypedType = type == nil
        }
    }
}

extension ClientRequest {
    /// Reads only the ref, for replies to messages that are not otherwise processed (rate limiting).
    public static func ref(in bytes: [UInt8], with decoder: JSONDecoder) -> MessageRef? {
        (try? decoder.decode(Envelope.self, from: Data(bytes)))?.ref
    }
}

private struct StatusBody: Decodable { var status: SessionStatus }
private struct AnnounceBody: Decodable { var text: String }
private struct JobBody: Decodable { var job: Job }
private struct PolicyBody: Decodable { var policy: Policy }
private struct LeadIdBody: Decodable { var leadId: String }
private struct JobIdBody: Decodable { var jobId: String }
private struct TicketBody: Decodable { var ticket: Int }
private struct AskBody: Decodable {
    var text: String
    var jobId: String?
}
private struct QuestionIdBody: Decodable { var questionId: Int }
private struct CallBody: Decodable {
    var ticket: Int?
    var message: String?
}
private struct DoneBody: Decodable {
    var ticket: Int
    var outcome: QueueOutcome
}
private struct RequeueBody: Decodable {
    var ticket: Int
    var to: QueuePlace
}

/// Which field a `NullableBody` reads (set per decode).
private enum NullableField {
    static let key = CodingUserInfoKey(rawValue: "daigang.nullableIdField")!
}

/// A body whose one field must be present but may be null (null clears the selection).
private struct NullableBody<Value: Decodable>: Decodable {
    var value: Value?

    init(from decoder: any Decoder) throws {
        let name = decoder.userInfo[NullableField.key] as? String ?? "id"
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        let key = AnyCodingKey(stringValue: name)
        guard container.contains(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "missing"))
        }
        value = try container.decodeNil(forKey: key) ? nil : container.decode(Value.self, forKey: key)
    }
}

extension JSONDecoder {
    /// Decodes the one nullable field `field` of a body.
    fileprivate func decodeNullable<Value: Decodable>(_ type: Value.Type, field: String, from data: Data) throws -> Value? {
        let saved = userInfo
        userInfo[NullableField.key] = field
        defer { userInfo = saved }
        return try decode(NullableBody<Value>.self, from: data).value
    }
}
