/// A job card as the host presents it: what blue-collar applicants ask about before they apply.
///
/// Optional fields are omitted from the JSON when absent so that older clients see only what they know.
public struct Job: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var employerId: String
    /// Filled in by the server from the employer registry; whatever a client sends is replaced.
    public var employerName: String?
    public var category: String?
    public var pay: Pay
    public var shift: String?
    public var location: Location
    public var headcount: Int?
    public var housing: Housing?
    public var meals: String?
    public var socialInsurance: String?
    public var ageRange: AgeRange?
    public var requirements: [String]?
    public var benefits: [String]?
    public var verified: Bool?
    public var tags: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, employerId, employerName, category, pay, shift, location, headcount, housing
        case meals, socialInsurance, ageRange, requirements, benefits, verified, tags
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        employerId = try c.decode(String.self, forKey: .employerId)
        employerName = try c.decodeIfPresent(String.self, forKey: .employerName)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        pay = try c.decode(Pay.self, forKey: .pay)
        shift = try c.decodeIfPresent(String.self, forKey: .shift)
        location = try c.decode(Location.self, forKey: .location)
        headcount = try c.decodeIfPresent(Int.self, forKey: .headcount)
        housing = try c.decodeIfPresent(Housing.self, forKey: .housing)
        meals = try c.decodeIfPresent(String.self, forKey: .meals)
        socialInsurance = try c.decodeIfPresent(String.self, forKey: .socialInsurance)
        ageRange = try c.decodeIfPresent(AgeRange.self, forKey: .ageRange)
        requirements = try c.decodeIfPresent([String].self, forKey: .requirements)
        benefits = try c.decodeIfPresent([String].self, forKey: .benefits)
        verified = try c.decodeIfPresent(Bool.self, forKey: .verified)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
    }

    public init(id: String, title: String, employerId: String, pay: Pay, location: Location) {
        self.id = id
        self.title = title
        self.employerId = employerId
        self.pay = pay
        self.location = location
    }
}

/// Pay in yuan per `unit`; a range because most postings quote one.
public struct Pay: Codable, Sendable, Equatable {
    public var min: Int
    public var max: Int
    public var unit: PayUnit
    public var note: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case min, max, unit, note }

    public init(min: Int, max: Int, unit: PayUnit, note: String? = nil) {
        self.min = min
        self.max = max
        self.unit = unit
        self.note = note
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        min = try c.decode(Int.self, forKey: .min)
        max = try c.decode(Int.self, forKey: .max)
        unit = try c.decode(PayUnit.self, forKey: .unit)
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }
}

/// How pay is counted; piece-rate work is common in factories.
public enum PayUnit: String, WireEnum {
    case month, day, hour, piece
}

/// Where the work is; the city is what applicants filter on first.
public struct Location: Codable, Sendable, Equatable {
    public var city: String
    public var district: String?
    public var address: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case city, district, address }

    public init(city: String, district: String? = nil, address: String? = nil) {
        self.city = city
        self.district = district
        self.address = address
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        city = try c.decode(String.self, forKey: .city)
        district = try c.decodeIfPresent(String.self, forKey: .district)
        address = try c.decodeIfPresent(String.self, forKey: .address)
    }
}

/// Accommodation: migrant workers decide on dorms and couple rooms before pay.
public struct Housing: Codable, Sendable, Equatable {
    public var dorm: Bool
    public var coupleRooms: Bool
    public var note: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case dorm, coupleRooms, note }

    public init(dorm: Bool, coupleRooms: Bool, note: String? = nil) {
        self.dorm = dorm
        self.coupleRooms = coupleRooms
        self.note = note
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dorm = try c.decodeIfPresent(Bool.self, forKey: .dorm) ?? false
        coupleRooms = try c.decodeIfPresent(Bool.self, forKey: .coupleRooms) ?? false
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }
}

/// The accepted age range, inclusive.
public struct AgeRange: Codable, Sendable, Equatable {
    public var min: Int
    public var max: Int

    enum CodingKeys: String, CodingKey, CaseIterable { case min, max }

    public init(min: Int, max: Int) {
        self.min = min
        self.max = max
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        min = try c.decode(Int.self, forKey: .min)
        max = try c.decode(Int.self, forKey: .max)
    }
}
