internal import Glibc

/// One thread, one epoll instance, one timerfd: everything the benchmark does happens here.
///
/// Sockets register a `PollHandler` and get a slot number that travels in the epoll data word.
/// Timers are few (a pacing tick, a phase end), kept sorted, and drive a single absolute
/// timerfd, so pacing is precise to tens of microseconds rather than epoll's milliseconds.
/// - Precondition: used from one thread only (the benchmark never creates another).
final class EventLoop {
    /// A buffer every socket reads into; data left over after parsing is copied out by its owner.
    let readBuffer: UnsafeMutableRawBufferPointer

    private let epollFD: Int32
    private let timerFD: Int32
    private var handlers: [(any PollHandler)?] = []
    private var freeSlots: [Int] = []
    private var releasedSlots: [Int] = []
    private let epoll: LinuxEpoll
    private let events: UnsafeMutableRawPointer
    private let eventCapacity = 1024
    private var timers: [Timer] = []
    private var armedAt: UInt64 = 0
    /// CLOCK_REALTIME − CLOCK_MONOTONIC, refreshed at every wake-up (kernel receive
    /// timestamps are on the real-time clock; everything else here is monotonic).
    private var realtimeOffset: UInt64 = 0

    private struct Timer {
        var at: UInt64
        var action: () -> Void
    }

    /// The slot number epoll reports for the timerfd.
    private static let timerSlot = UInt64.max

    init() throws(BenchError) {
        epoll = try LinuxEpoll.load()
        epollFD = epoll.create(LinuxEpoll.createCloseOnExec)
        guard epollFD >= 0 else { throw .system("epoll_create1", errno: errno) }
        timerFD = epoll.timerCreate(CLOCK_MONOTONIC, LinuxEpoll.timerFlags)
        guard timerFD >= 0 else {
            let code = errno
            close(epollFD)
            throw .system("timerfd_create", errno: code)
        }
        events = .allocate(byteCount: eventCapacity * LinuxEpoll.eventSize, alignment: 8)
        readBuffer = .allocate(byteCount: 256 * 1024, alignment: 16)
        // Fully initialised from here on: a throw runs deinit, which releases everything.
        guard control(LinuxEpoll.add, fd: timerFD, interest: LinuxEpoll.readable, data: Self.timerSlot) == 0 else {
            throw .system("epoll_ctl(timerfd)", errno: errno)
        }
    }

    deinit {
        close(timerFD)
        close(epollFD)
        events.deallocate()
        readBuffer.deallocate()
    }

    // MARK: Descriptors

    /// Watches `fd` for `interest` (`LinuxEpoll.readable`/`.writable` bits) and returns the slot to modify or remove it.
    func register(fd: Int32, interest: UInt32, handler: any PollHandler) throws(BenchError) -> Int {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            handlers[slot] = handler
        } else {
            slot = handlers.count
            handlers.append(handler)
        }
        guard control(LinuxEpoll.add, fd: fd, interest: interest, data: UInt64(slot)) == 0 else {
            let code = errno
            handlers[slot] = nil
            freeSlots.append(slot)
            throw .system("epoll_ctl(ADD)", errno: code)
        }
        return slot
    }

    /// Changes what `fd` is watched for.
    func modify(fd: Int32, slot: Int, interest: UInt32) {
        _ = control(LinuxEpoll.modify, fd: fd, interest: interest, data: UInt64(slot))
    }

    /// Stops watching `fd` (call before closing it) and frees the slot.
    func unregister(fd: Int32, slot: Int) {
        _ = control(LinuxEpoll.delete, fd: fd, interest: 0, data: 0)
        handlers[slot] = nil
        releasedSlots.append(slot)
    }

    private func control(_ operation: Int32, fd: Int32, interest: UInt32, data: UInt64) -> Int32 {
        withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { event in
            LinuxEpoll.storeEvent(interest, data: data, at: event.baseAddress!)
            return epoll.control(epollFD, operation, fd, event.baseAddress)
        }
    }

    // MARK: Timers

    /// Runs `action` on the loop once the monotonic clock reaches `at` (nanoseconds).
    func schedule(at: UInt64, _ action: @escaping () -> Void) {
        let timer = Timer(at: at, action: action)
        let index = timers.firstIndex { $0.at > at } ?? timers.endIndex
        timers.insert(timer, at: index)
        armTimer()
    }

    private func armTimer() {
        let next = timers.first?.at ?? 0
        guard next != armedAt else { return }
        armedAt = next
        var spec = itimerspec()
        if next != 0 {
            // An absolute time of 0 would disarm the timer; anything already due fires at once.
            let at = max(next, 1)
            spec.it_value.tv_sec = Int(at / 1_000_000_000)
            spec.it_value.tv_nsec = Int(at % 1_000_000_000)
        }
        _ = epoll.timerSet(timerFD, LinuxEpoll.timerAbsolute, &spec, nil)
    }

    private func fireDueTimers(now: UInt64) {
        var expirations: UInt64 = 0
        _ = read(timerFD, &expirations, 8)
        armedAt = 0
        // Bounded: only timers due now run; ones they schedule for now run on the next pass.
        var due: [Timer] = []
        while let first = timers.first, first.at <= now {
            due.append(timers.removeFirst())
        }
        for timer in due { timer.action() }
        armTimer()
    }

    /// A kernel receive timestamp (CLOCK_REALTIME ns) on the monotonic clock.
    func monotonic(fromRealtime realtime: UInt64) -> UInt64 {
        realtime &- realtimeOffset
    }

    // MARK: Running

    /// Dispatches events until `done()` holds (returns true) or the clock passes `deadline` (returns false).
    @discardableResult
    func run(until deadline: UInt64, done: () -> Bool) -> Bool {
        while true {
            if done() { return true }
            let now = MonotonicClock.now()
            if now >= deadline { return false }
            let waitMillis = Int32(min((deadline - now + 999_999) / 1_000_000, 1000))
            let count = epoll.wait(epollFD, events, Int32(eventCapacity), waitMillis)
            if count < 0 {
                if errno == EINTR { continue }
                fatalError("epoll_wait failed: \(SystemErrorText.describe(errno))")
            }
            let woke = MonotonicClock.now()
            realtimeOffset = MonotonicClock.realtimeNanos() &- woke
            for index in 0..<Int(count) {
                let event = LinuxEpoll.loadEvent(at: index, in: events)
                let slot = event.data
                if slot == Self.timerSlot {
                    fireDueTimers(now: woke)
                } else if Int(slot) < handlers.count, let handler = handlers[Int(slot)] {
                    handler.handleEvents(event.events, now: woke)
                }
            }
            // Slots freed during this batch are reused only now, so a stale event of a closed
            // socket can never reach the socket that took its slot.
            freeSlots.append(contentsOf: releasedSlots)
            releasedSlots.removeAll(keepingCapacity: true)
        }
    }

    /// Keeps serving sockets until `time` (a pause between rounds that still answers pings).
    func idle(until time: UInt64) {
        run(until: time, done: { false })
    }
}
