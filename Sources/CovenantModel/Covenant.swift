/// The covenant itself: who signed it, for which period, and what it promises.
public struct Covenant: Sendable {
    public var name: String
    /// Where the covenant applies (`Amsterdam`), for report titles.
    public var region: String?
    public var parties: [Party]
    /// The day the baselines describe (`2024-01-01`).
    public var baselineDate: Day
    /// The day by which the targets are due (`2027-07-31`).
    public var deadline: Day
    public var actionLines: [ActionLine]
    public var targets: [Target]
    /// Plugins in `plugins/` switched off in this workspace (`plugins: disabled:`), by name.
    public var disabledPlugins: [String] = []
    public var source: SourceLocation
    /// The name and region in English, when covenant.yaml gives them (`name: {nl: …, en: …}`);
    /// see ``localized(to:)``.
    public var englishName: String?
    public var englishRegion: String?
    /// The day of the year by which a school year's annual return is due, in the calendar year
    /// in which the school year ends (`returns: {annual_return_due: 10-01}`: 1 October); by
    /// default 07-31, the school year's last day.
    public var annualReturnDue = MonthDay(month: 7, day: 31)
    /// Whether the portal commits each approval to the workspace's git repository, with the
    /// reviewer as author (`portal: {commit_approvals: true}`).
    public var commitApprovals = false
    /// Whether the covenant's whole is a city or a region (`area:`): reports compare each school
    /// with "de stad" or "de regio".
    public var area: Area = .city
    /// The numbers the covenant measures per party and period (`indicators:`), in file order.
    public var indicators: [Indicator] = []
    /// The tables the covenant declares for itself (`tables:`), in file order.
    public var tables: [DeclaredTable] = []

    public init(name: String, region: String?, parties: [Party], baselineDate: Day, deadline: Day,
                actionLines: [ActionLine], targets: [Target], source: SourceLocation) {
        self.name = name
        self.region = region
        self.parties = parties
        self.baselineDate = baselineDate
        self.deadline = deadline
        self.actionLines = actionLines
        self.targets = targets
        self.source = source
    }

    /// The day by which the annual return of `year` is due; after it the portal's period is
    /// closed and a later return is not on time.
    public func annualReturnDeadline(of year: SchoolYear) -> Day { annualReturnDue.deadline(of: year) }

    /// The school years each school owes an annual return for, through the one holding `day`:
    /// those of the covenant's period that begin on or after its baseline (a covenant that starts
    /// in the middle of a school year asks for returns from the next one on).
    public func returnSchoolYears(through day: Day) -> [SchoolYear] {
        schoolYears.filter { $0.firstDay >= baselineDate && $0.firstDay <= day }
    }

    /// The school years the covenant runs through, from the one holding the baseline to the one
    /// holding the deadline.
    public var schoolYears: [SchoolYear] {
        SchoolYear.between(baselineDate, max(baselineDate, deadline))
    }
}

/// What the covenant's whole is, in the reports' words.
public enum Area: String, CaseIterable, Sendable {
    /// "de stad", "the city" (Amsterdam).
    case city
    /// "de regio", "the region".
    case region
}

/// A signatory of the covenant (a school board, the samenwerkingsverband, the municipality).
public struct Party: Sendable {
    /// The side a party signs for.
    public enum Role: String, CaseIterable, Sendable {
        case vo, mbo, samenwerkingsverband, gemeente
    }
    public var name: String
    public var role: Role
    /// The board in `state/boards.csv` that this party is, when it is a school board.
    public var board: String?
    /// Schools and mbo institutions that take part in their own right, whatever their board
    /// (ids in `state/schools.csv` and `state/institutions.csv`).
    public var members: [String]
    public var source: SourceLocation
    /// The name in English, when covenant.yaml gives one.
    public var englishName: String?

    public init(name: String, role: Role, board: String?, members: [String] = [], source: SourceLocation) {
        self.name = name
        self.role = role
        self.board = board
        self.members = members
        self.source = source
    }
}

extension Covenant {
    /// The covenant as read in `language`: every text covenant.yaml gives in both languages in
    /// that one. A text given once, in the covenant's own language, stays as it is. Everything
    /// after loading (rules, reports) reads the covenant through this, so that no stage has to
    /// choose a language for itself.
    public func localized(to language: Language) -> Covenant {
        guard language == .en else { return self }
        var out = self
        out.name = englishName ?? name
        out.region = englishRegion ?? region
        out.parties = parties.map { party in
            var party = party
            party.name = party.englishName ?? party.name
            return party
        }
        out.actionLines = actionLines.map { line in
            var line = line
            line.title = line.englishTitle ?? line.title
            return line
        }
        out.targets = targets.map { target in
            var target = target
            target.title = target.englishTitle ?? target.title
            target.notes = target.englishNotes ?? target.notes
            if let unit = target.englishUnit {
                target.unit = unit
                target.unitSingular = target.englishUnitSingular
            }
            return target
        }
        out.indicators = indicators.map { indicator in
            var indicator = indicator
            indicator.title = indicator.englishTitle ?? indicator.title
            indicator.notes = indicator.englishNotes ?? indicator.notes
            if let unit = indicator.englishUnit {
                indicator.unit = unit
                indicator.unitSingular = indicator.englishUnitSingular
            }
            return indicator
        }
        out.tables = tables.map { table in
            var table = table
            table.title = table.englishTitle ?? table.title
            return table
        }
        return out
    }

    /// Where covenant.yaml gives a text in one language only (`title: …` rather than
    /// `title: {nl: …, en: …}`), described as `target 'decanen': title`: an English report shows
    /// these in the covenant's own language and says so. Names (the region, the parties) are
    /// names in every language and are not asked for.
    public var textsWithoutEnglish: [String] {
        var out: [String] = []
        if englishName == nil { out.append("name") }
        for line in actionLines where line.englishTitle == nil { out.append("action line '\(line.id)': title") }
        for target in targets {
            if target.englishTitle == nil { out.append("target '\(target.id)': title") }
            if target.notes != nil, target.englishNotes == nil { out.append("target '\(target.id)': notes") }
            if let unit = target.unit, unit != "%", target.englishUnit == nil { out.append("target '\(target.id)': unit") }
        }
        return out
    }

    /// Each target unit's form for one, by its plural (`scholen` → `school`), for the vocabulary.
    public var unitSingulars: [String: String] {
        var out: [String: String] = [:]
        for target in targets { if let unit = target.unit, let one = target.unitSingular { out[unit] = one } }
        return out
    }

    /// The boards that signed, by id.
    public var signatoryBoards: Set<String> { Set(parties.compactMap(\.board)) }

    /// Whether an organisation with this id and board is bound by the covenant: its board signed,
    /// or a party names it as a member. An organisation whose board is not known counts as a
    /// party: Koers cannot say it did not sign, and the covenant's numbers are the city's.
    ///
    /// A covenant that names no board and no member at all binds everyone: who signed is then
    /// simply not recorded.
    public func isParty(id: String, board: String?) -> Bool {
        partyMembership.includes(id: id, board: board)
    }

    /// The signatory boards and named members, gathered once to judge every school and institution.
    public var partyMembership: PartyMembership {
        PartyMembership(boards: signatoryBoards, members: Set(parties.flatMap(\.members)))
    }

    public func isParty(_ school: School) -> Bool { isParty(id: school.id, board: school.board) }
    public func isParty(_ institution: Institution) -> Bool { isParty(id: institution.id, board: institution.board) }
}

/// One of the covenant's lines of action ("Doorlopende leerroutes", "LOB", "Kennisdeling").
public struct ActionLine: Sendable {
    public var id: String
    public var title: String
    public var source: SourceLocation
    /// The title in English, when covenant.yaml gives one.
    public var englishTitle: String?

    public init(id: String, title: String, source: SourceLocation) {
        self.id = id
        self.title = title
        self.source = source
    }
}

/// A promise of the covenant that Koers judges: a value to reach by a deadline.
public struct Target: Sendable {
    /// How progress towards the target is counted.
    public enum Kind: String, CaseIterable, Sendable {
        /// A number that only grows (schools with a route): judged on a line from baseline to target.
        case cumulativeCount = "cumulative-count"
        /// A number to reach again in every school year (decanen meet four times a year).
        case countPerSchoolYear = "count-per-school-year"
        /// A share of a group (all vmbo-t schools offer a praktijkgericht programme), in percent.
        case coverage
        /// Named steps to take in order (havo routes: exploration started, findings, decision).
        case milestones
        /// A measured indicator reaches a level by the deadline, up or down as the indicator's
        /// direction says (uitval in jaar 1 below 8 %).
        case indicatorLevel = "indicator-level"
        /// A measured indicator stays at a level in every period from the baseline period on.
        case indicatorEveryPeriod = "indicator-every-period"
        /// A measured indicator improves by an amount against its baseline period.
        case indicatorImprovement = "indicator-improvement"

        /// Whether the target follows a measured indicator (`indicator:`).
        public var isIndicator: Bool { [.indicatorLevel, .indicatorEveryPeriod, .indicatorImprovement].contains(self) }
    }

    public var id: String
    public var actionLine: String
    public var title: String
    public var kind: Kind
    /// The value on the baseline date; `nil` when the covenant gives none.
    public var baselineValue: Double?
    public var baselineDate: Day
    public var targetValue: Double
    public var deadline: Day
    /// For cumulative targets with a cadence: how much must be added in every school year
    /// (vmbo-k routes: at least one new route every school year).
    public var perSchoolYear: Double?
    /// What the values count (`scholen`, `routes`, `%`), for reports: the plural form.
    public var unit: String?
    /// The unit for exactly one (`school`, `bijeenkomst`), when covenant.yaml gives it
    /// (`unit: {one: school, other: scholen}`); reports then say "1 school", never "1 scholen".
    public var unitSingular: String?
    /// Who acts on the target's own number when it falls short.
    public var owner: Owner
    /// The Lua rule script that judges the target, relative to the workspace (`rules/routes-vmbo-b.lua`).
    public var rule: String
    /// How old the newest data may be before the target is reported as `geen data`.
    public var freshness: Freshness?
    public var notes: String?
    public var source: SourceLocation
    /// The title, notes and unit forms in English, when covenant.yaml gives them
    /// (`title: {nl: …, en: …}`, `unit: {nl: {one: …, other: …}, en: {…}}`).
    public var englishTitle: String?
    public var englishNotes: String?
    public var englishUnit: String?
    public var englishUnitSingular: String?
    /// For an indicator kind: the indicator followed (an id under `indicators:`).
    public var indicator: String?
    /// For an indicator kind: the period whose region value is the baseline (`baseline: {period: 2023-24}`).
    public var baselinePeriod: Period?
    /// For ``Kind/indicatorImprovement``: the amount to improve by; ``targetValue`` is the
    /// baseline value moved by it in the indicator's direction.
    public var improvement: Double?
    /// For an indicator kind: the indicator's direction (which way is better), for the method sentence.
    public var indicatorDirection: Indicator.Direction?

    public init(id: String, actionLine: String, title: String, kind: Kind, baselineValue: Double?,
                baselineDate: Day, targetValue: Double, deadline: Day, perSchoolYear: Double?,
                unit: String?, owner: Owner = .schools, rule: String, freshness: Freshness?, notes: String?,
                source: SourceLocation) {
        self.id = id
        self.actionLine = actionLine
        self.title = title
        self.kind = kind
        self.baselineValue = baselineValue
        self.baselineDate = baselineDate
        self.targetValue = targetValue
        self.deadline = deadline
        self.perSchoolYear = perSchoolYear
        self.unit = unit
        self.owner = owner
        self.rule = rule
        self.freshness = freshness
        self.notes = notes
        self.source = source
    }
}

extension Target {
    /// Who can close the gap in a target's own number: the gap reports group what is missing by it.
    public enum Owner: String, CaseIterable, Sendable {
        /// The schools and mbo institutions that the rule names as missing (routes, voorlichting).
        /// When a rule names none and the target falls short, the programme team is asked.
        case schools
        /// The programme team organises what is counted (decanenoverleg, evaluations), so the
        /// number itself is asked of it; schools the rule names as missing are asked too.
        case programmeTeam = "programme-team"
    }
}

/// A maximum age of data (`12 months`, `90 days`).
public struct Freshness: Hashable, Sendable, CustomStringConvertible {
    /// The unit `amount` counts in.
    public enum Unit: String, Sendable {
        case days, months, years
    }
    public var amount: Int
    public var unit: Unit

    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// The oldest day that is still fresh on `day`.
    public func oldestFreshDay(on day: Day) -> Day {
        switch unit {
        case .days: return day.adding(days: -amount)
        case .months, .years:
            let months = unit == .years ? amount * 12 : amount
            let total = day.year * 12 + (day.month - 1) - months
            let year = total / 12, month = total % 12 + 1
            return Day(year: year, month: month, day: min(day.day, Day.daysIn(month: month, year: year)))!
        }
    }

    public var description: String { "\(amount) \(unit.rawValue)" }
}

/// Who the covenant binds, as sets: see ``Covenant/isParty(id:board:)``.
public struct PartyMembership: Sendable {
    public let boards: Set<String>
    public let members: Set<String>

    public func includes(id: String, board: String?) -> Bool {
        guard let board, !boards.isEmpty || !members.isEmpty else { return true }
        return boards.contains(board) || members.contains(id)
    }
}

/// A day of the year without the year (`10-01`), for what recurs every year.
public struct MonthDay: Hashable, Sendable, CustomStringConvertible {
    public var month: Int
    public var day: Int

    public init(month: Int, day: Int) {
        self.month = month
        self.day = day
    }

    /// `10-01`; nil for anything that is not a day of the year (29 February included: not every year has it).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let month = Int(parts[0]), let day = Int(parts[1]),
              Day(year: 2001, month: month, day: day) != nil else { return nil }
        self.init(month: month, day: day)
    }

    public var description: String { (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)" }

    /// This day in the calendar year in which `year` ends.
    public func deadline(of year: SchoolYear) -> Day {
        Day(year: year.startYear + 1, month: month, day: day)!
    }
}
