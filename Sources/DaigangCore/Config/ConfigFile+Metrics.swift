extension ConfigFile {
    /// The `metrics` section as written.
    struct MetricsSection: Decodable {
        var allow: [String]?
        var token: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case allow, token }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            allow = try c.decodeIfPresent([String].self, forKey: .allow)
            token = try c.decodeIfPresent(String.self, forKey: .token)
        }
    }

    /// `metrics.allow` parsed as CIDR ranges; the token from the file or `DAIGANG_METRICS_TOKEN`.
    func validatedMetrics(environment: [String: String]) throws(ValidationError) -> MetricsSettings {
        var settings = MetricsSettings()
        if let allow = metrics?.allow {
            settings.allow = try allow.enumerated().map { index, text throws(ValidationError) in
                guard let range = AddressRange(text) else {
                    throw ValidationError(field: "metrics.allow[\(index)]", reason: "must be an IP address or CIDR block such as 10.0.0.0/8")
                }
                return range
            }
        }
        if let token = environment["DAIGANG_METRICS_TOKEN"] ?? metrics?.token {
            guard token.count >= 16 else { throw ValidationError(field: "metrics.token", reason: "must be at least 16 characters") }
            settings.token = token
        }
        return settings
    }
}
