extension Hub {
    /// Runs on settings re-read from the config (SIGHUP) from now on.
    ///
    /// Sign-ins from now are checked against the new tokens (connections already signed in stay);
    /// budgets made from now use the new limits (a connection's own message and apply budgets keep
    /// the rates they were made with). Employers' ids and names must be the ones the hub started
    /// with (`ConfigReload` keeps them until a restart).
    /// - Precondition: `settings.employers` names the same employers, in the same order.
    public func updateSettings(_ settings: HubSettings) {
        precondition(settings.employers.map(\.id) == self.settings.employers.map(\.id), "the employer list changes only at a restart")
        let questionsChanged = settings.askIntervalSeconds != self.settings.askIntervalSeconds
            || settings.asksPerMinutePerAddress != self.settings.asksPerMinutePerAddress
            || settings.upvotesPerMinutePerAddress != self.settings.upvotesPerMinutePerAddress
        self.settings = settings
        // The Q&A budgets are the operator's lever against spam mid-stream: new rates apply at once
        // (everyone starts with a full budget at the new rate).
        if questionsChanged { questionLimits = QuestionLimits() }
    }
}
