internal import ArgumentParser

/// Which server is being measured.
enum Target: String, CaseIterable, ExpressibleByArgument {
    /// The Daigang server: `/ws`, subprotocol `daigang.v1`, hello/welcome, host `announce`s.
    case daigang
    /// nginx + nchan: subscribers on `/sub/<channel>`, the publisher POSTs to `/pub/<channel>`.
    case nchan
}
