extension Hub {
    /// Whether the connection's `hello` was accepted (it has a role in a session).
    public func isWelcomed(_ connection: ConnectionID) -> Bool {
        clients[connection]?.role != nil
    }
}
