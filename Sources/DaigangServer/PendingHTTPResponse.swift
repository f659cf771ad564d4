/// An HTTP body waiting for its connection to become writable.
struct PendingHTTPResponse {
    let body: Frame
}
