internal import Glibc

/// Nanosecond readings of CLOCK_MONOTONIC, the clock every latency here is measured on.
///
/// Senders stamp events with it and receivers subtract; both live in this one process, so the
/// readings are directly comparable.
enum MonotonicClock {
    /// Now, in nanoseconds since an arbitrary fixed point (boot).
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Seconds since the Unix epoch, used only to seed values that should differ between runs.
    static func wallSeconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec)
    }

    /// CLOCK_REALTIME in nanoseconds, to translate kernel receive timestamps.
    static func realtimeNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// CPU time this thread has used, in nanoseconds: what a computation costs whatever else
    /// shares the machine's cores (wall time on a loaded machine also counts the waiting).
    static func threadCPUNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// `later − earlier`, or 0 when `later` is not later (never a wrapped-around huge value).
    static func elapsed(from earlier: UInt64, to later: UInt64) -> UInt64 {
        later > earlier ? later - earlier : 0
    }

    /// Milliseconds as nanoseconds.
    static func millis(_ value: Int) -> UInt64 { UInt64(max(0, value)) * 1_000_000 }

    /// Seconds as nanoseconds.
    static func seconds(_ value: Double) -> UInt64 { UInt64(max(0, value) * 1_000_000_000) }
}
