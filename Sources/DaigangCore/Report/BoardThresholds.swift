/// Where the labour-shortage board (用工监测三色图) turns red, yellow and green; the bureau sets them (`board.thresholds`).
///
/// The share that counts is (filled + in progress) ÷ openings, in whole percent of the openings:
/// below `redBelowPercent` is red, at or above `greenFromPercent` is green, yellow between.
public struct BoardThresholds: Sendable, Equatable, Codable {
    public var redBelowPercent: Int
    public var greenFromPercent: Int

    /// Red under 30 % covered, green from 70 %: the bureau's own monitor used these.
    public static let standard = BoardThresholds(redBelowPercent: 30, greenFromPercent: 70)

    public init(redBelowPercent: Int, greenFromPercent: Int) {
        self.redBelowPercent = redBelowPercent
        self.greenFromPercent = greenFromPercent
    }

    /// The colour of `covered` people (filled + in progress) against `openings`; `nil` when no
    /// openings were stated (a job without `headcount`), which the board shows as "未填人数", not as a colour.
    ///
    /// Compares in integers (`covered × 100` against `percent × openings`) so an edge such as
    /// exactly 30 % of 10 is never lost to rounding.
    public func colour(covered: Int, openings: Int) -> ShortageColour? {
        guard openings > 0 else { return nil }
        let scaled = covered * 100
        if scaled < redBelowPercent * openings { return .red }
        if scaled >= greenFromPercent * openings { return .green }
        return .yellow
    }
}

/// The three colours of the shortage board, each with the word the board prints beside it (never colour alone).
public enum ShortageColour: String, Codable, Sendable, CaseIterable {
    case red, yellow, green

    /// Red first: the board and the host's panel sort by this so the shortest employer leads.
    public var urgency: Int {
        switch self {
        case .red: 0
        case .yellow: 1
        case .green: 2
        }
    }

    /// The label printed with the colour.
    public var label: String {
        switch self {
        case .red: "缺工"
        case .yellow: "偏紧"
        case .green: "充足"
        }
    }
}
