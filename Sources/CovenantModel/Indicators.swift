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

    /// How measurements and targets name it: `uitval-jaar-1`.
    public var id: String
    /// What it measures, in the covenant's language; ``englishTitle`` when covenant.yaml gives both.
    public var title: String
    public var englishTitle: String?
    /// The plural form (`%`, `leerlingen`), as a target's unit; ``unitSingular`` for exactly one,
    /// and the English forms when covenant.yaml gives them.
    public var unit: String?
    public var unitSingular: String?
    public var englishUnit: String?
    public var englishUnitSingular: String?
    /// Which way is better.
    public var direction: Direction
    /// Who it is measured for: the kinds a row's party may be.
    public var parties: [PartyKind]
    /// The kind of period every row measures.
    public var periods: PeriodKind
    /// How the region's value is made from the parties' when a period has no row of the region itself.
    public var region: RegionValue?
    /// With ``RegionValue/weighted``: the indicator whose value weighs.
    public var weight: String?
    /// How old its newest value may be before a target on it has no data; the target's own overrides it.
    public var freshness: Freshness?
    /// Remarks for readers, in the covenant's language and, when given, in English.
    public var notes: String?
    public var englishNotes: String?
    /// Where covenant.yaml declares it.
    public var source: SourceLocation

    /// An indicator as covenant.yaml declares it; the optional texts are set afterwards.
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
    /// Its first and last day.
    public let first: Day
    public let last: Day
    /// As the workspace writes it, normalised (`2024-25`, `2025`, `2025-Q1`, `2025-03-14`).
    public let description: String

    /// A school year, 1 August to 31 July.
    public init(schoolYear: SchoolYear) {
        kind = .schoolYear
        first = schoolYear.firstDay
        last = schoolYear.lastDay
        description = schoolYear.description
    }

    /// A calendar year; nil outside the days Koers knows.
    public init?(year: Int) {
        guard let first = Day(year: year, month: 1, day: 1), let last = Day(year: year, month: 12, day: 31) else { return nil }
        kind = .year
        self.first = first
        self.last = last
        description = String(year)
    }

    /// A quarter, 1 to 4, of a calendar year.
    public init?(year: Int, quarter: Int) {
        guard (1...4).contains(quarter), let first = Day(year: year, month: quarter * 3 - 2, day: 1),
              let last = Day(year: year, month: quarter * 3, day: Day.daysIn(month: quarter * 3, year: year)) else { return nil }
        kind = .quarter
        self.first = first
        self.last = last
        description = "\(year)-Q\(quarter)"
    }

    /// A measurement on one day.
    public init(day: Day) {
        kind = .date
        first = day
        last = day
        description = day.description
    }

    /// Periods in the order they end (then begin): the order of a series.
    public static func < (lhs: Period, rhs: Period) -> Bool {
        lhs.last != rhs.last ? lhs.last < rhs.last : lhs.first < rhs.first
    }
}

/// Whose value a measurement is.
public enum MeasuredParty: Hashable, Sendable, CustomStringConvertible {
    /// The whole region (`regio` in state/measurements.csv).
    case region
    /// A vo school, an mbo institution or a board, by its id in `state/`.
    case school(String)
    case institution(String)
    case board(String)

    /// How the party column names the region.
    public static let regionID = "regio"

    /// The id the party column holds.
    public var id: String {
        switch self {
        case .region: Self.regionID
        case .school(let id), .institution(let id), .board(let id): id
        }
    }

    /// The kind of party, as an indicator's `parties` names it.
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
    /// The indicator's id.
    public var indicator: String
    /// Whose value it is.
    public var party: MeasuredParty
    /// The period it measures.
    public var period: Period
    /// The number, in the indicator's unit.
    public var value: Double
    /// The day the value became known; from then on it is part of the state.
    public var published: Day
    /// The row's `source` (`voorbeeld` marks an invented example).
    public var origin: String?
    /// The row's remark.
    public var note: String?
    /// `state/measurements.csv:12`.
    public var source: SourceLocation

    /// A row of state/measurements.csv, checked.
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
        /// The region's own row.
        case region
        /// The parties' values combined as the indicator's ``Indicator/RegionValue`` says.
        case sum, mean, weighted
    }

    /// The period it is the region's value of.
    public var period: Period
    /// The region's value.
    public var value: Double
    /// Where the value comes from.
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
    /// `through`: the value as known at the end of that day. A region row counts from its
    /// publication; a combination only once every row it is made of (weights included) was
    /// published, so that the region's figure is never that of the first party to publish.
    ///
    /// One implementation for everyone: the loader takes baselines from it, and the rules see its
    /// result as `koers.series(state, indicator)`.
    public func regionSeries(_ measurements: [MeasuredValue], weights: [MeasuredValue] = [], through day: Day? = nil) -> [RegionPoint] {
        let known = { (value: MeasuredValue) in day.map { value.published <= $0 } ?? true }
        var byPeriod: [Period: [MeasuredValue]] = [:]
        for measurement in measurements where measurement.indicator == id {
            byPeriod[measurement.period, default: []].append(measurement)
        }
        var weightOf: [String: MeasuredValue] = [:]
        if let weight {
            for measurement in weights where measurement.indicator == weight {
                weightOf["\(measurement.party.id)\u{1}\(measurement.period)"] = measurement
            }
        }
        return byPeriod.keys.sorted().compactMap { period -> RegionPoint? in
            let all = byPeriod[period]!
            if let region = all.first(where: { $0.party == .region }), known(region) {
                return RegionPoint(period: period, value: region.value, basis: .region, parties: 1, published: region.published,
                                   sources: [region.source])
            }
            let rows = all.filter { $0.party != .region }
            guard let declared = self.region, !rows.isEmpty else { return nil }
            let weighing = declared == .weighted ? rows.compactMap { weightOf["\($0.party.id)\u{1}\(period)"] } : []
            let published = (rows + weighing).map(\.published).max()!
            guard day.map({ published <= $0 }) ?? true else { return nil }
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
                    guard let weight = weightOf["\(row.party.id)\u{1}\(period)"]?.value else { continue }
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
