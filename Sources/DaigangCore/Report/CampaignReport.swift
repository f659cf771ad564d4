/// The figures of a campaign (all sessions in the data dir) as the board and the report show them.
///
/// Built by `ReportBuilder` from a `LeadBook.State` value; nothing in it names a person. Hometowns
/// appear only as `OriginTable`s, small cells suppressed (docs/REPORTS.md).
public struct CampaignReport: Encodable, Sendable, Equatable {
    public var thresholds: BoardThresholds
    public var headline: Headline
    public var campaign: Row
    /// In the data's session order: the trend runs along it.
    public var sessions: [Row]
    /// Red first, then the least covered; employers without stated openings last.
    public var employers: [EmployerRow]
    public var industries: [Row]
    public var districts: [Row]
    /// The jobs of one session (`?session=` on the board: the host console's panel); `nil` otherwise.
    public var jobs: [JobRow]?
    /// Where applicants come from, over the campaign; `nil` on the board, which does not show it.
    public var origins: OriginTable?
    /// The same per session, in session order.
    public var sessionOrigins: [SessionOrigins]?
    /// Where applicants come from by province (the tile map), over the campaign; `nil` on the board.
    public var originProvinces: OriginTable? = nil
    /// By prefecture, each cell with its `province` and `code`; `nil` on the board.
    public var originPrefectures: OriginTable? = nil

    /// The seed's headline: fairs held, employers taking part, openings, applicants, agreements, hires.
    public struct Headline: Codable, Sendable, Equatable {
        public var fairs: Int
        public var employers: Int
        public var openings: Int
        /// Distinct phone numbers among the applications not withdrawn.
        public var applicants: Int
        public var applications: Int
        public var agreements: Int
        public var hires: Int
        /// The highest of the sessions' peak concurrent viewers (peaks of different sessions do not add up).
        public var peakViewers = 0
        /// The sum of the sessions' unique viewers: one device watching two fairs counts twice
        /// (viewer ids are per session; docs/REPORTS.md "Viewers").
        public var uniqueViewers = 0

        public init(fairs: Int, employers: Int, openings: Int, applicants: Int, applications: Int, agreements: Int, hires: Int) {
            self.fairs = fairs
            self.employers = employers
            self.openings = openings
            self.applicants = applicants
            self.applications = applications
            self.agreements = agreements
            self.hires = hires
        }
    }

    /// A slice with its name, counts and board colour.
    public struct Row: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var tally: Tally
        public var colour: ShortageColour?
        /// Sessions and the campaign only: viewers are counted per session, not per employer,
        /// industry or district (a viewer watches the fair, not one employer's jobs).
        public var peakViewers: Int? = nil
        public var uniqueViewers: Int? = nil
    }

    /// One employer over the campaign, with its colour in each session it took part in.
    public struct EmployerRow: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var industry: String?
        public var district: String?
        public var tally: Tally
        public var colour: ShortageColour?
        public var trend: [TrendPoint]
    }

    /// An employer's figures in one session.
    public struct TrendPoint: Codable, Sendable, Equatable {
        public var session: String
        public var openings: Int
        public var filled: Int
        public var inProgress: Int
        public var colour: ShortageColour?
    }

    /// One job of one session.
    public struct JobRow: Codable, Sendable, Equatable {
        public var session: String
        public var id: String
        public var title: String
        public var employerId: String
        public var tally: Tally
        public var colour: ShortageColour?
    }

    public struct SessionOrigins: Codable, Sendable, Equatable {
        public var session: String
        public var origins: OriginTable
        /// By province and by prefecture, as the campaign's `originProvinces` and `originPrefectures`.
        public var provinces: OriginTable? = nil
        public var prefectures: OriginTable? = nil
    }

    /// The board's view: the same figures without where applicants come from.
    public var board: CampaignReport {
        var copy = self
        copy.origins = nil
        copy.sessionOrigins = nil
        copy.originProvinces = nil
        copy.originPrefectures = nil
        return copy
    }
}
