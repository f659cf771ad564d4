internal import Glibc

/// epoll and timerfd, which Swift's `Glibc` module does not import (its umbrella header has
/// neither `sys/epoll.h` nor `sys/timerfd.h`).
///
/// This target may not add a C shim, so the five functions are looked up once with `dlsym` as
/// typed `@convention(c)` pointers, and the constants and the `struct epoll_event` layout are
/// spelled out from the Linux ABI (packed, 12 bytes, on x86_64; 16 bytes elsewhere).
struct LinuxEpoll {
    typealias Create = @convention(c) (Int32) -> Int32
    typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias TimerCreate = @convention(c) (Int32, Int32) -> Int32
    typealias TimerSet = @convention(c) (Int32, Int32, UnsafePointer<itimerspec>?, UnsafeMutablePointer<itimerspec>?) -> Int32

    let create: Create
    let control: Control
    let wait: Wait
    let timerCreate: TimerCreate
    let timerSet: TimerSet

    // <sys/epoll.h>
    static let readable: UInt32 = 0x001  // EPOLLIN
    static let writable: UInt32 = 0x004  // EPOLLOUT
    static let error: UInt32 = 0x008  // EPOLLERR
    static let hangUp: UInt32 = 0x010  // EPOLLHUP
    static let peerHalfClosed: UInt32 = 0x2000  // EPOLLRDHUP: the peer sent FIN (seen without reading)
    static let add: Int32 = 1  // EPOLL_CTL_ADD
    static let delete: Int32 = 2  // EPOLL_CTL_DEL
    static let modify: Int32 = 3  // EPOLL_CTL_MOD
    static let createCloseOnExec = Int32(O_CLOEXEC)  // EPOLL_CLOEXEC
    // <sys/timerfd.h>
    static let timerFlags = Int32(O_NONBLOCK | O_CLOEXEC)  // TFD_NONBLOCK | TFD_CLOEXEC
    static let timerAbsolute: Int32 = 1  // TFD_TIMER_ABSTIME

    #if arch(x86_64)
    /// `struct epoll_event` is `__attribute__((packed))` on x86_64.
    static let eventSize = 12
    static let dataOffset = 4
    #else
    static let eventSize = 16
    static let dataOffset = 8
    #endif

    /// Resolves the functions in the C library already loaded into this process.
    static func load() throws(BenchError) -> LinuxEpoll {
        guard let library = dlopen(nil, RTLD_NOW) else { throw BenchError("dlopen(NULL) failed") }
        func symbol<T>(_ name: String, as type: T.Type) throws(BenchError) -> T {
            guard let pointer = dlsym(library, name) else { throw BenchError("\(name) not found in the C library") }
            return unsafeBitCast(pointer, to: type)
        }
        return LinuxEpoll(
            create: try symbol("epoll_create1", as: Create.self),
            control: try symbol("epoll_ctl", as: Control.self),
            wait: try symbol("epoll_wait", as: Wait.self),
            timerCreate: try symbol("timerfd_create", as: TimerCreate.self),
            timerSet: try symbol("timerfd_settime", as: TimerSet.self)
        )
    }

    /// Writes one `struct epoll_event` at `pointer`.
    static func storeEvent(_ events: UInt32, data: UInt64, at pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
        pointer.storeBytes(of: data, toByteOffset: dataOffset, as: UInt64.self)
    }

    /// Reads the `index`th `struct epoll_event` of an array at `base`.
    static func loadEvent(at index: Int, in base: UnsafeMutableRawPointer) -> (events: UInt32, data: UInt64) {
        let offset = index * eventSize
        return (base.loadUnaligned(fromByteOffset: offset, as: UInt32.self),
                base.loadUnaligned(fromByteOffset: offset + dataOffset, as: UInt64.self))
    }
}
