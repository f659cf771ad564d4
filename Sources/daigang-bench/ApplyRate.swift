internal import ArgumentParser

/// The apply scenario's target: a total rate, or `max` (each client keeps `--pipeline`
/// applies outstanding and sends the next as soon as one is answered).
enum ApplyRate: ExpressibleByArgument, CustomStringConvertible {
    case perSecond(Double)
    case max

    init?(argument: String) {
        if argument == "max" {
            self = .max
        } else if let value = Double(argument), value > 0 {
            self = .perSecond(value)
        } else {
            return nil
        }
    }

    var description: String {
        switch self {
        case let .perSecond(value): "\(value)/s"
        case .max: "max"
        }
    }
}
