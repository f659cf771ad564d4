/// Something the event loop watches: a socket (or the loop's own timer).
///
/// - Precondition: called only on the loop's thread, from `EventLoop.run`.
protocol PollHandler: AnyObject {
    /// The descriptor became ready; `events` are the epoll bits, `now` the time of the wake-up.
    func handleEvents(_ events: UInt32, now: UInt64)
}
