extension Hub {
    /// Whether the connection's `hello` was accepted (it has a role in a session).
    public func isWelcomed(_ connection: ConnectionID) -> Bool {
        clients[connection]?.role != nil
    }
}

extension Hub {
    /// Writes handed to the store and not yet answered (a graceful shutdown waits for them).
    public var pendingWriteCount: Int { pendingWrites.count }
}
