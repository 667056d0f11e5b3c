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
    /// The value at the deadline if the pace since the baseline continues.
    public var projection: Double?
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
        /// It could add to the value and does not yet.
        case missing
        /// It is exempted by a waiver.
        case waived
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
