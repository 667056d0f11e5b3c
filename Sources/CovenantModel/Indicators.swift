/// A number the covenant measures per party and period (`uitval in het eerste mbo-jaar`, in %),
/// declared under `indicators:` in covenant.yaml; its values are in `state/measurements.csv`.
public struct Indicator: Sendable {
    /// Which way is better.
    public enum Direction: String, CaseIterable, Sendable {
        case higher, lower
    }

    /// Who an indicator is measured for.
    public enum PartyKind: String, CaseIterable, Sendable {
        /// The whole region, as one number (`regio` in the party column).
        case region, schools, institutions, boards
    }

    /// How the region's value of a period is made from the parties' values when the period has
    /// no measurement of the region itself.
    public enum RegionValue: String, CaseIterable, Sendable {
        case sum, mean
        /// The parties' values weighted by another indicator of the same party and period
        /// (uitval weighted by instroom).
        case weighted
    }

    public var id: String
    public var title: String
    public var englishTitle: String?
    /// The plural form (`%`, `leerlingen`), as a target's unit.
    public var unit: String?
    public var unitSingular: String?
    public var englishUnit: String?
    public var englishUnitSingular: String?
    public var direction: Direction
    public var parties: [PartyKind]
    public var periods: PeriodKind
    public var region: RegionValue?
    /// With ``RegionValue/weighted``: the indicator whose value weighs.
    public var weight: String?
    public var freshness: Freshness?
    public var notes: String?
    public var englishNotes: String?
    public var source: SourceLocation

    public init(id: String, title: String, unit: String?, direction: Direction, parties: [PartyKind],
                periods: PeriodKind, region: RegionValue?, weight: String?, freshness: Freshness?, source: SourceLocation) {
        self.id = id
        self.title = title
        self.unit = unit
        self.direction = direction
        self.parties = parties
        self.periods = periods
        self.region = region
        self.weight = weight
        self.freshness = freshness
        self.source = source
    }

    /// A percentage: its values lie between 0 and 100, and a sum of them means nothing.
    public var isPercentage: Bool { unit == "%" }

    /// Whether `value` is at least as good as `level`.
    public func meets(_ value: Double, level: Double) -> Bool {
        direction == .higher ? value >= level : value <= level
    }
}

/// The kinds of period an indicator is measured over.
public enum PeriodKind: String, CaseIterable, Sendable {
    /// `2024-25`: 1 August to 31 July.
    case schoolYear = "school-year"
    /// `2025`: a calendar year.
    case year
    /// `2025-Q1` (also `2025-K1`): a calendar quarter.
    case quarter
    /// `2025-03-14`: a measurement on one day.
    case date
}

/// One period of measurement: its kind, its first and last day, and how it is written.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let kind: PeriodKind
    public let first: Day
    public let last: Day
    /// As the workspace writes it, normalised (`2024-25`, `2025`, `2025-Q1`, `2025-03-14`).
    public let description: String

    public init(schoolYear: SchoolYear) {
        kind = .schoolYear
        first = schoolYear.firstDay
        last = schoolYear.lastDay
        description = schoolYear.description
    }

    public init?(year: Int) {
        guard let first = Day(year: year, month: 1, day: 1), let last = Day(year: year, month: 12, day: 31) else { return nil }
        kind = .year
        self.first = first
        self.last = last
        description = String(year)
    }

    public init?(year: Int, quarter: Int) {
        guard (1...4).contains(quarter), let first = Day(year: year, month: quarter * 3 - 2, day: 1),
              let last = Day(year: year, month: quarter * 3, day: Day.daysIn(month: quarter * 3, year: year)) else { return nil }
        kind = .quarter
        self.first = first
        self.last = last
        description = "\(year)-Q\(quarter)"
    }

    public init(day: Day) {
        kind = .date
        first = day
        last = day
        description = day.description
    }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        lhs.last != rhs.last ? lhs.last < rhs.last : lhs.first < rhs.first
    }
}

/// Whose value a measurement is.
public enum MeasuredParty: Hashable, Sendable, CustomStringConvertible {
    /// The whole region (`regio` in state/measurements.csv).
    case region
    case school(String)
    case institution(String)
    case board(String)

    /// How the party column names the region.
    public static let regionID = "regio"

    public var id: String {
        switch self {
        case .region: Self.regionID
        case .school(let id), .institution(let id), .board(let id): id
        }
    }

    public var kind: Indicator.PartyKind {
        switch self {
        case .region: .region
        case .school: .schools
        case .institution: .institutions
        case .board: .boards
        }
    }

    public var description: String { id }
}

/// One value of an indicator: a row of `state/measurements.csv`.
public struct MeasuredValue: Sendable {
    public var indicator: String
    public var party: MeasuredParty
    public var period: Period
    public var value: Double
    /// The day the value became known; from then on it is part of the state.
    public var published: Day
    public var origin: String?
    public var note: String?
    public var source: SourceLocation

    public init(indicator: String, party: MeasuredParty, period: Period, value: Double, published: Day,
                origin: String?, note: String?, source: SourceLocation) {
        self.indicator = indicator
        self.party = party
        self.period = period
        self.value = value
        self.published = published
        self.origin = origin
        self.note = note
        self.source = source
    }
}

/// The region's value of an indicator in one period, as known on some day.
public struct RegionPoint: Sendable {
    /// How the value was made: measured for the region itself, or from the parties' values.
    public enum Basis: String, Sendable {
        case region, sum, mean, weighted
    }

    public var period: Period
    public var value: Double
    public var basis: Basis
    /// How many parties' values made it (1 for the region's own row).
    public var parties: Int
    /// The latest publication day of the values it was made from.
    public var published: Day
    /// The rows it was made from, `file:line`.
    public var sources: [SourceLocation]
}

extension Indicator {
    /// The region's value in every period with measurements, oldest first: the region's own row
    /// where there is one, otherwise the parties' values combined as declared (none without a
    /// declaration). A weighted value whose weights add up to nothing is left out, never divided by.
    ///
    /// One implementation for everyone: the loader takes improvement baselines from it, and the
    /// rules see its result as `koers.series(state, indicator)`.
    public func regionSeries(_ measurements: [MeasuredValue], weights: [MeasuredValue] = []) -> [RegionPoint] {
        let own = measurements.filter { $0.indicator == id }
        var byPeriod: [Period: [MeasuredValue]] = [:]
        for measurement in own { byPeriod[measurement.period, default: []].append(measurement) }
        var weightOf: [String: Double] = [:]
        if let weight {
            for measurement in weights where measurement.indicator == weight {
                weightOf["\(measurement.party.id)\u{1}\(measurement.period)"] = measurement.value
            }
        }
        return byPeriod.keys.sorted().compactMap { period -> RegionPoint? in
            let rows = byPeriod[period]!
            if let region = rows.first(where: { $0.party == .region }) {
                return RegionPoint(period: period, value: region.value, basis: .region, parties: 1, published: region.published,
                                   sources: [region.source])
            }
            guard let declared = self.region, !rows.isEmpty else { return nil }
            let published = rows.map(\.published).max()!
            let sources = rows.map(\.source)
            switch declared {
            case .sum:
                return RegionPoint(period: period, value: rows.reduce(0) { $0 + $1.value }, basis: .sum, parties: rows.count,
                                   published: published, sources: sources)
            case .mean:
                return RegionPoint(period: period, value: rows.reduce(0) { $0 + $1.value } / Double(rows.count), basis: .mean,
                                   parties: rows.count, published: published, sources: sources)
            case .weighted:
                var total = 0.0, weighed = 0.0, count = 0
                for row in rows {
                    guard let weight = weightOf["\(row.party.id)\u{1}\(period)"] else { continue }
                    total += weight
                    weighed += weight * row.value
                    count += 1
                }
                guard total > 0 else { return nil }
                return RegionPoint(period: period, value: weighed / total, basis: .weighted, parties: count, published: published,
                                   sources: sources)
            }
        }
    }
}
