internal import CLibWebSockets

/// The lws context pointer, shareable so other threads can wake the service loop.
///
/// @unchecked because the only lws call made through it off the service thread is
/// `lws_cancel_service`, which lws documents as safe from any thread; `ServerControl`
/// guarantees the pointer is withdrawn under its lock before the context is destroyed.
struct ContextHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
