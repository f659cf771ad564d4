/// Everything a scenario needs to know about where and how hard to push, already checked.
struct BenchSettings {
    var target: Target
    var port: UInt16
    var session: String
    var hostToken: String
    var channel: String
    var viewers: Int
    var concurrency: Int
    var serverPID: Int32?
    /// The whole run's bound, nanoseconds; every phase ends by then.
    var timeout: UInt64
    var messageBytes: Int
    /// The viewers' hello `catalog` field (`http`: compact welcome); nil sends none (full snapshot).
    var catalog: String? = nil

    /// The WebSocket path viewers connect to.
    var viewerPath: String {
        switch target {
        case .daigang: "/ws"
        case .nchan: "/sub/\(channel)"
        }
    }

    /// The subprotocol viewers ask for.
    var subprotocol: String? {
        switch target {
        case .daigang: "daigang.v1"
        case .nchan: nil
        }
    }
}

extension BenchSettings {
    /// The publisher for the target: the Daigang host or an nchan HTTP publisher.
    func makePublisher(loop: EventLoop) -> any EventPublisher {
        switch target {
        case .daigang: DaigangHost(settings: self, loop: loop)
        case .nchan: NchanPublisher(settings: self, loop: loop)
        }
    }

    /// Refuses scenarios that only make sense against Daigang.
    func requireDaigang(for scenario: String) throws(BenchError) {
        guard target == .daigang else { throw BenchError("the \(scenario) scenario needs --target daigang") }
    }
}
