import CovenantModel
import TargetJudgement

/// The report model: everything a report shows, worked out once, so that every format (HTML,
/// Markdown, JSON, CSV, terminal text) says the same thing. Plain values; no files, no Lua,
/// no layout.
public struct Report: Sendable {
    public var language: Language
    public var covenantName: String
    public var region: String?
    /// The evaluation date: the report describes the state at the end of this day.
    public var asOf: Day
    public var schoolYear: SchoolYear
    public var baselineDate: Day
    public var deadline: Day
    /// The covenant's school years that have not ended on `asOf`.
    public var remainingSchoolYears: [SchoolYear]
    /// Every target, in the covenant's order.
    public var targets: [TargetReport]
    public var actionLines: [ActionLineReport]
    /// What each target still needs, grouped by who can act; only targets not yet achieved.
    public var gaps: [TargetGap]
    /// One self-check per vo school, then per mbo institution, in the order of `state/`.
    public var selfChecks: [SelfCheck]
    /// One page per board in `state/boards.csv`, in its order.
    public var boards: [BoardPage] = []
    /// One page per route that has reached a stage by the evaluation date, in the order of `state/routes.csv`.
    public var routes: [RoutePage] = []
    /// Schools and institutions whose board did not sign: listed, not judged.
    public var nonParties: [NonPartyLine] = []
    /// Each unit's form for exactly one, by its plural, from covenant.yaml (`scholen` → `school`).
    public var unitSingulars: [String: String] = [:]
    /// What the covenant's whole is: the city or the region (`area:` in covenant.yaml).
    public var area: Area = .city
    /// The words of the report's language, with those singulars (every format says "1 school")
    /// and the covenant's whole named as it is.
    public var words: Vocabulary { language.words.with(singulars: unitSingulars, area: area) }
    /// What changed since an earlier day (`koers report --compare-to`), when asked for.
    public var comparison: Comparison?
    /// What plugins added, in plugin order; the data-quality findings of plugins come last, as a
    /// section of their own.
    public var sections: [ReportSection]
    /// The plugins' data-quality findings, each with the record it is about: the report shows
    /// them as a section (in ``sections``) and their sources in its appendix.
    public var dataChecks: [DataCheckFinding] = []
    /// The schools' annual returns per school year that has begun: received, on time, missing.
    public var returns: [ReturnCompleteness] = []
    /// The latest approval in the portal (by its day) whose rows the report's data holds (by the `source` of
    /// the records visible on the evaluation date); nil when none came through the portal.
    public var lastApproval: PortalApproval?
    /// Plugins that failed; the rest of the report is complete.
    public var pluginProblems: [PluginProblem]
    public var provenance: Provenance

    /// How many targets have each status, in the order of ``TargetStatus``.
    public var statusCounts: [(status: TargetStatus, count: Int)] {
        TargetStatus.allCases.map { status in (status, targets.filter { $0.status == status }.count) }
    }

    /// True when a rule failed: the report is complete, but that target has no judgement.
    public var hasRuleErrors: Bool { targets.contains { $0.failure != nil } }

    /// True when a rule or a plugin failed.
    public var hasErrors: Bool { hasRuleErrors || !pluginProblems.isEmpty }
}

/// One action line with its targets.
public struct ActionLineReport: Sendable {
    public var id: String
    public var title: String
    public var targetIDs: [String]
}

/// One target: the covenant's promise, the rule's judgement and its history.
public struct TargetReport: Sendable {
    /// The target follows a measured indicator: its numbers show their decimal (7,5%, not 8%).
    public var isMeasured: Bool { kind.isIndicator }
    public var id: String
    public var actionLine: String
    public var title: String
    public var kind: Target.Kind
    public var owner: Target.Owner
    /// What the values count (`scholen`, `%`), as the covenant file gives it.
    public var unit: String?
    public var rule: String
    public var status: TargetStatus
    public var value: Double?
    public var expected: Double?
    public var target: Double
    public var needed: Double?
    public var neededPerSchoolYear: Double?
    public var projection: Double?
    /// How the projection was made (the pace since the line's start, or the running year's plan).
    public var projectionBasis: ProjectionBasis?
    /// Why the status is what it is: one sentence from the rule, in the covenant's words.
    public var reason: String?
    /// The status method the rule used; `nil` when it used none of Koers' own.
    public var statusMethod: StatusMethod?
    /// The school years judged one by one, oldest first.
    public var years: [SchoolYearResult]
    /// Schools without the annual return the target is judged on.
    public var unreported: Int?
    public var baselineValue: Double?
    public var baselineDate: Day
    public var deadline: Day
    /// The covenant's own note on the target (a choice, a reading).
    public var covenantNote: String?
    /// How the number is judged, in one sentence.
    public var method: String
    public var trajectory: Trajectory
    public var counted: [CountedRecord]
    /// For each counted record, the page of the route it is (`nil` for another record).
    public var countedRoutePages: [String?] = []
    /// The time window of the value (`schooljaar 2026-27`, `sinds 1 januari 2024`, `opgaven 2025-26`).
    public var window: String = ""
    /// What the target still needs, shared out over the candidates that can deliver it.
    public var sharedAsk: SharedAsk?
    /// The target then and now, with a comparison.
    public var change: TargetChange?
    public var contributions: [ContributionLine]
    /// Per focus district: the schools there that add to the target, of those that could.
    public var focusDistricts: [DistrictLine]
    public var waivers: [String]
    public var findings: [Finding]
    public var notes: [String]
    public var failure: RuleFailure?
}

/// A contribution with the names a reader needs.
public struct ContributionLine: Sendable {
    public var contributor: Contributor
    public var name: String
    public var stadsdeel: Stadsdeel?
    public var kind: Contribution.Kind
    public var detail: String?
    /// Its board signed; a contribution of a non-party only counts for the city, nothing is asked.
    public var isParty: Bool = true
}

/// The schools in one focus district that add to a target, of those the rule named.
public struct DistrictLine: Sendable {
    public var district: Stadsdeel
    public var contributing: Int
    public var named: Int
}

/// What a target still needs, by who can act.
public struct TargetGap: Sendable {
    public var targetID: String
    public var title: String
    public var status: TargetStatus
    /// The target's reason for its status.
    public var reason: String?
    public var unit: String?
    /// The target follows a measured indicator: its numbers show their decimal.
    public var measured = false
    public var deadline: Day
    public var needed: Double?
    public var neededPerSchoolYear: Double?
    /// What the programme team is asked to do: the target's own number when it owns it, or
    /// anything no school or institution can do (a failing rule, missing data).
    public var programmeTeam: [String]
    public var schools: [GapEntry]
    public var institutions: [GapEntry]
    /// What the city still needs when several can deliver it, and who can (asked of none alone).
    public var sharedAsk: SharedAsk?
    public var candidates: [GapEntry] = []
}

/// A school or institution that could add to a target and does not yet.
public struct GapEntry: Sendable {
    public var id: String
    public var name: String
    public var detail: String?
    /// An mbo institution rather than a vo school.
    public var isInstitution = false

    /// The school or institution, for its page.
    public var contributor: Contributor { isInstitution ? .institution(id) : .school(id) }
}

/// One school's or institution's self-check.
public struct SelfCheck: Sendable {
    public var contributor: Contributor
    public var name: String
    public var stadsdeel: Stadsdeel?
    public var board: String?
    /// The levels a vo school offers (`vmbo-b`, `PrO`); empty for an institution.
    public var levels: [String]
    /// The record is an invented example (`voorbeeld` in the data).
    public var isExample: Bool
    /// One row per target the rules say it takes part in, in the covenant's order.
    public var rows: [SelfCheckRow]
    /// The board's id, for the link to its page.
    public var boardID: String?
    /// The routes it is a partner in.
    public var routes: [RouteLine] = []
    public var calendar: [CalendarItem] = []
    /// What changed for it since the comparison day.
    public var changes: [ChangeLine] = []

    /// The file name part of its page: `school-mundus`, `instelling-rocva`.
    public var pageName: String { Self.pageName(for: contributor) }

    /// The page name of any contributor's self-check, for links from a target's contributions.
    public static func pageName(for contributor: Contributor) -> String {
        switch contributor {
        case .school(let id): "school-\(id)"
        case .institution(let id): "instelling-\(id)"
        }
    }
    /// The file name part of its calendar: `calendars/<page>.ics`.
    public var calendarName: String { pageName }

    /// Rows still open: missing, without a return, or not judged because the rule failed.
    public var missingCount: Int { rows.filter { $0.kind == .missing || $0.kind == .unreported || $0.failure != nil }.count }
}

/// What one school adds to one target, against the city as a whole.
public struct SelfCheckRow: Sendable {
    public var targetID: String
    public var title: String
    /// What it adds; `nil` when the target's rule failed (see ``failure``).
    public var kind: Contribution.Kind?
    public var detail: String?
    /// The target's rule failed, so nothing is known of this school's part: the row says so.
    public var failure: RuleFailure?
    /// By when what is missing is asked: the end of the running school year for a yearly target,
    /// the target's deadline otherwise.
    public var askedBy: Day
    public var cityStatus: TargetStatus
    /// Why the city stands where it does (the target's reason).
    public var cityReason: String?
    public var cityValue: Double?
    public var cityTarget: Double
    public var unit: String?
    /// The target follows a measured indicator: its numbers show their decimal (``Vocabulary/amount(_:unit:measured:)``).
    public var measured = false
    /// Of the schools (or institutions) the rule named for this target, how many add to it.
    public var cityContributing: Int
    public var cityNamed: Int
    /// The time window of the city's value.
    public var window: String = ""
    /// For a candidate: what the city still needs and how many can deliver it.
    public var sharedAsk: SharedAsk?
    /// How schools with the same levels (and in the same focus district) do, as counts.
    public var peers: [String] = []
}

/// Where a report comes from, so that a reader can tell two reports apart and reproduce one.
public struct Provenance: Sendable {
    public var asOf: Day
    /// SHA-256 over `covenant.yaml` and every file in `state/`.
    public var dataHash: String
    /// SHA-256 over every `.lua` file in `rules/`.
    public var rulesHash: String
    /// SHA-256 over every `.lua` file in `plugins/`.
    public var pluginsHash: String
    public var koersVersion: String

    public init(asOf: Day, dataHash: String, rulesHash: String, pluginsHash: String, koersVersion: String) {
        self.asOf = asOf
        self.dataHash = dataHash
        self.rulesHash = rulesHash
        self.pluginsHash = pluginsHash
        self.koersVersion = koersVersion
    }
}
