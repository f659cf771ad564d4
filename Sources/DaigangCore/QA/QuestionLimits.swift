/// The budgets that keep Q&A usable for everyone: one question per viewer per
/// `askIntervalSeconds`, and per-address budgets for questions and upvotes that are generous
/// enough for a carrier-grade NAT (hundreds of phones, one address) and tight for scripts.
///
/// In memory only: a restart refills every budget.
struct QuestionLimits {
    private var askByViewer: [String: TokenBucket] = [:]
    private var askByAddress: [String: TokenBucket] = [:]
    private var upvoteByAddress: [String: TokenBucket] = [:]

    /// Charges a question to the viewer and its address, or refuses it (`rate_limited`, nothing charged).
    mutating func takeAsk(viewerId: String, address: String, settings: HubSettings, now: Int64) throws(ProtocolError) {
        var viewer = askByViewer[viewerId] ?? TokenBucket(oneEvery: settings.askIntervalSeconds, now: now)
        var network = askByAddress[address] ?? Self.addressBucket(perMinute: settings.asksPerMinutePerAddress, now: now)
        guard viewer.hasToken(now: now) else {
            let retry = max(1, viewer.secondsUntilToken(now: now))
            throw ProtocolError(.rateLimited, "one question every \(settings.askIntervalSeconds) seconds, please; try again in \(retry) seconds", reason: "ask_rate")
        }
        guard network.take(now: now) else {
            askByAddress[address] = network
            let retry = max(1, network.secondsUntilToken(now: now))
            throw ProtocolError(.rateLimited, "many people on your network are asking right now; please try again in \(retry) seconds", reason: "ask_address_rate")
        }
        _ = viewer.take(now: now)
        askByViewer[viewerId] = viewer
        askByAddress[address] = network
    }

    /// Charges an upvote to the address, or refuses it (`rate_limited`).
    mutating func takeUpvote(address: String, settings: HubSettings, now: Int64) throws(ProtocolError) {
        var network = upvoteByAddress[address] ?? Self.addressBucket(perMinute: settings.upvotesPerMinutePerAddress, now: now)
        defer { upvoteByAddress[address] = network }
        guard network.take(now: now) else {
            let retry = max(1, network.secondsUntilToken(now: now))
            throw ProtocolError(.rateLimited, "many people on your network are voting right now; please try again in \(retry) seconds", reason: "upvote_address_rate")
        }
    }

    /// Forgets budgets that have refilled (forgetting them loses nothing).
    mutating func forgetFull(now: Int64) {
        askByViewer = askByViewer.filter { !$0.value.isFull(now: now) }
        askByAddress = askByAddress.filter { !$0.value.isFull(now: now) }
        upvoteByAddress = upvoteByAddress.filter { !$0.value.isFull(now: now) }
    }

    private static func addressBucket(perMinute: Int, now: Int64) -> TokenBucket {
        TokenBucket(perMinute: perMinute, burst: max(5, perMinute / 4), now: now)
    }
}
