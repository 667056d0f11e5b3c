import CovenantModel
import ReportModel

/// The earlier day a report says what changed since, and why that day.
public struct ComparisonDay: Sendable, Equatable {
    public var day: Day
    public var basis: Comparison.Basis

    public init(day: Day, basis: Comparison.Basis) {
        self.day = day
        self.basis = basis
    }

    /// A day that is not before the evaluation date cannot be compared with.
    public struct NotBefore: Error, Sendable {
        public var given: Day
        public var asOf: Day
    }

    /// The given day (which must lie before `asOf`); else the last monitoring moment in
    /// state/events.csv before `asOf`; else six months earlier.
    public static func choose(given: Day?, asOf: Day, events: [Event]) throws(NotBefore) -> ComparisonDay {
        if let given {
            guard given < asOf else { throw NotBefore(given: given, asOf: asOf) }
            return ComparisonDay(day: given, basis: .given)
        }
        if let previous = events.filter({ $0.kind == .monitoring && !$0.planned && $0.date < asOf }).max(by: { $0.date < $1.date }) {
            return ComparisonDay(day: previous.date, basis: .monitoring(title: previous.title))
        }
        return ComparisonDay(day: Freshness(amount: 6, unit: .months).oldestFreshDay(on: asOf), basis: .sixMonths)
    }
}
