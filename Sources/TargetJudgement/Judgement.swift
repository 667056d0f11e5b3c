import CovenantModel

/// How a target stands on the evaluation date.
public enum TargetStatus: String, Sendable, DeclarationOrdered {
    case achieved
    case onTrack = "on_track"
    case atRisk = "at_risk"
    case behind
    case noData = "no_data"
    /// The rule itself failed; the judgement says where.
    case error

    /// The label Dutch reports use.
    public var dutchLabel: String {
        switch self {
        case .achieved: "behaald"
        case .onTrack: "op koers"
        case .atRisk: "risico"
        case .behind: "achter"
        case .noData: "geen data"
        case .error: "fout"
        }
    }
}

/// What a rule found about one target: the rule results stage of Koers' flow. Plain values,
/// so that reports are made without knowing that rules are written in Lua.
public struct TargetJudgement: Sendable {
    public var targetID: String
    public var status: TargetStatus
    /// The measured value (schools, routes, percent, meetings …); `nil` when there is none.
    public var value: Double?
    /// Where the straight line from baseline to target says the value should be now.
    public var expected: Double?
    public var target: Double?
    /// Still needed to reach the target.
    public var needed: Double?
    /// Still needed per remaining school year.
    public var neededPerSchoolYear: Double?
    /// The value at the deadline if the pace since the baseline continues (or, for a yearly
    /// target, what the running school year comes to with its plan); see ``projectionBasis``.
    public var projection: Double?
    /// One sentence on why the status is what it is, in the covenant's words and the numbers.
    public var reason: String?
    /// Which status method decided (``StatusMethod``); `nil` when the rule used none of Koers'.
    public var method: StatusMethod?
    /// The line `expected` was read from, exactly as the status compared: one or more segments
    /// (one per school year for a yearly target). A chart draws this, not a line of its own.
    public var expectedPath: [[PathPoint]]?
    /// The day `expected` is the line's value on, when not the evaluation date: a share measured
    /// once a year is compared with the line on the day of its newest measurement.
    public var expectedOn: Day?
    /// How ``projection`` was made.
    public var projectionBasis: ProjectionBasis?
    /// The school years judged one by one (yearly commitments, or returns per school year).
    public var years: [SchoolYearResult] = []
    /// Schools without an annual return for what is judged (`geen opgave`), counted apart.
    public var unreported: Int?
    /// For a level judged on returns: the school year whose returns were judged.
    public var judgedSchoolYear: String?
    /// The records that count towards the value, each with where it came from.
    public var counted: [CountedRecord]
    /// Per school or institution: what it adds, or could add and does not yet.
    public var contributions: [Contribution]
    public var findings: [Finding]
    public var notes: [String]
    /// The waivers for this target that apply on the evaluation date, set by the rule runner.
    public var waivers: [Waiver] = []
    /// When `status` is `error`: what failed, and where.
    public var failure: RuleFailure?

    public init(targetID: String, status: TargetStatus, value: Double? = nil, expected: Double? = nil,
                target: Double? = nil, needed: Double? = nil, neededPerSchoolYear: Double? = nil,
                projection: Double? = nil, counted: [CountedRecord] = [], contributions: [Contribution] = [],
                findings: [Finding] = [], notes: [String] = [], failure: RuleFailure? = nil) {
        self.targetID = targetID
        self.status = status
        self.value = value
        self.expected = expected
        self.target = target
        self.needed = needed
        self.neededPerSchoolYear = neededPerSchoolYear
        self.projection = projection
        self.counted = counted
        self.contributions = contributions
        self.findings = findings
        self.notes = notes
        self.failure = failure
    }
}

/// The status methods of Koers' rule library (`koers.lua`), one per kind of target.
public enum StatusMethod: String, Sendable, CaseIterable {
    /// A count that grows along the line from baseline to target by the deadline.
    case count
    /// Ordered steps counted along the line from baseline to target.
    case milestones
    /// A number to be reached in every school year; closed years are met or missed.
    case yearly
    /// A share to keep at a level from the start, judged on the newest school year's returns.
    case level
    /// A share that grows along the line from its baseline (or first measurement) to the target.
    case line
    /// A measured indicator that moves along the line from its baseline to a level, up or down,
    /// judged on its newest measurement.
    case indicator
    /// A measured indicator that keeps a level in every period; a period that ended below it is missed.
    case periods
}

/// How a projection was made.
public enum ProjectionBasis: String, Sendable, CaseIterable {
    /// The pace since the start of the line continues to the deadline.
    case pace
    /// As `pace`, but the line went past 100% and was capped there.
    case paceCapped = "pace_capped"
    /// What the running school year comes to with what was held and what is planned.
    case plan
}

/// A value on a day: a point of an expected path or of a chart.
public struct PathPoint: Sendable, Hashable {
    public var day: Day
    public var value: Double
    public init(day: Day, value: Double) {
        self.day = day
        self.value = value
    }
}

/// One school year of a target judged year by year.
public struct SchoolYearResult: Sendable, Hashable {
    public enum Outcome: String, Sendable, CaseIterable {
        /// The year has ended and reached its number.
        case met
        /// The year has ended short of its number.
        case missed
        /// The year is running; it is judged pro rata.
        case running
        /// A year the covenant covers only in part (2023-24 from 1 January 2024): not judged as a whole year.
        case runIn = "run_in"
        /// A year's measurement of a share that grows along a line: shown, not judged on its own.
        case measured
    }
    public var schoolYear: String
    public var value: Double
    /// What the year needs (for a run-in year its share; for returns the units reported).
    public var required: Double
    public var outcome: Outcome
    /// For the running year: its share so far.
    public var expected: Double?
    /// For the running year: what is planned for the rest of it.
    public var planned: Double?
    /// For returns: schools without a return for this year.
    public var unreported: Int?
    public init(schoolYear: String, value: Double, required: Double, outcome: Outcome, expected: Double? = nil,
                planned: Double? = nil, unreported: Int? = nil) {
        self.schoolYear = schoolYear
        self.value = value
        self.required = required
        self.outcome = outcome
        self.expected = expected
        self.planned = planned
        self.unreported = unreported
    }
}

/// A record that counts towards a value, such as a route or a meeting.
public struct CountedRecord: Sendable, Hashable {
    public var label: String
    /// `state/routes.csv:12`.
    public var source: String?
    public init(label: String, source: String?) {
        self.label = label
        self.source = source
    }
}

/// Who a contribution is about: a vo school or an mbo institution, by its id in `state/`.
public enum Contributor: Sendable, Hashable {
    case school(String)
    case institution(String)

    public var id: String {
        switch self {
        case .school(let id), .institution(let id): id
        }
    }
}

/// One school's or institution's part in a target.
public struct Contribution: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// It adds to the value.
        case contributes
        /// It could add to the value and does not yet: asked of it.
        case missing
        /// One of several that can add what the city still needs (one more route), none of which
        /// is asked alone: the gap report shares the ask out over the candidates.
        case candidate
        /// It is exempted by a waiver.
        case waived
        /// It has not made the annual return the target is judged on (`geen opgave`): missing
        /// data for that school, counted apart, not a school that failed.
        case unreported
    }
    public var contributor: Contributor
    public var kind: Kind
    public var detail: String?
    public init(_ contributor: Contributor, kind: Kind, detail: String?) {
        self.contributor = contributor
        self.kind = kind
        self.detail = detail
    }
}

/// A message a rule wants the reader to see.
public struct Finding: Sendable, Hashable {
    public enum Severity: String, Sendable, CaseIterable {
        case info, warning, problem
    }
    public var severity: Severity
    public var message: String
    public init(severity: Severity, message: String) {
        self.severity = severity
        self.message = message
    }
}

/// Why a rule gave no judgement: its script, the line, and the message in the rule author's terms.
public struct RuleFailure: Sendable, Hashable, CustomStringConvertible {
    public var script: String
    public var line: Int?
    public var message: String
    public var hint: String?
    public init(script: String, line: Int?, message: String, hint: String?) {
        self.script = script
        self.line = line
        self.message = message
        self.hint = hint
    }

    public var description: String {
        "\(script)\(line.map { ":\($0)" } ?? ""): \(message)" + (hint.map { "\n  hint: \($0)" } ?? "")
    }
}
