/// xorshift64*: cheap, non-cryptographic randomness for WebSocket masks and handshake keys.
///
/// Masking only has to stop caching proxies from misreading client bytes; there are none on
/// loopback, so speed wins over unpredictability here.
struct FastRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
