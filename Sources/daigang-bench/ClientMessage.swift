import DaigangCore

/// The `daigang.v1` messages the benchmark sends (PROTOCOL.md), as JSON text.
enum ClientMessage {
    case hello(ref: Int, session: String, role: String, token: String?, catalog: String? = nil)
    case announce(ref: Int, text: String)
    case apply(ref: Int, jobId: String, name: String, phone: String)
    case queueJoin(ref: Int, leadId: String)
    case queueLeave(ref: Int, ticket: Int)
    case queueCall(ref: Int, ticket: Int)
    case queueDone(ref: Int, ticket: Int, outcome: String)

    var json: String {
        switch self {
        case let .hello(ref, session, role, token, catalog):
            let tokenField = token.map { ",\"token\":\(JSONQuoting.quoted($0))" } ?? ""
            let catalogField = catalog.map { ",\"catalog\":\(JSONQuoting.quoted($0))" } ?? ""
            return "{\"type\":\"hello\",\"ref\":\(ref),\"session\":\(JSONQuoting.quoted(session)),\"role\":\(JSONQuoting.quoted(role))\(tokenField)\(catalogField)}"
        case let .announce(ref, text):
            return "{\"type\":\"announce\",\"ref\":\(ref),\"text\":\(JSONQuoting.quoted(text))}"
        case let .apply(ref, jobId, name, phone):
            return "{\"type\":\"apply\",\"ref\":\(ref),\"jobId\":\(JSONQuoting.quoted(jobId)),\"name\":\(JSONQuoting.quoted(name)),\"phone\":\"\(phone)\",\"consent\":true}"
        case let .queueJoin(ref, leadId):
            return "{\"type\":\"queue_join\",\"ref\":\(ref),\"leadId\":\(JSONQuoting.quoted(leadId))}"
        case let .queueLeave(ref, ticket):
            return "{\"type\":\"queue_leave\",\"ref\":\(ref),\"ticket\":\(ticket)}"
        case let .queueCall(ref, ticket):
            return "{\"type\":\"queue_call\",\"ref\":\(ref),\"ticket\":\(ticket)}"
        case let .queueDone(ref, ticket, outcome):
            return "{\"type\":\"queue_done\",\"ref\":\(ref),\"ticket\":\(ticket),\"outcome\":\(JSONQuoting.quoted(outcome))}"
        }
    }
}
