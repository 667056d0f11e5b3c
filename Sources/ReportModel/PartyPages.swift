import CovenantModel
import TargetJudgement

/// A board's page: the schools or institutions it answers for, what they add to each target and
/// what is still open, the routes they take part in, and the board's share in the city figures.
public struct BoardPage: Sendable {
    public var id: String
    public var name: String
    public var sector: Board.Sector
    /// The board signed the covenant (covenant.yaml `parties`).
    public var isParty: Bool
    public var isExample: Bool
    /// Its schools and institutions, in the order of `state/`.
    public var members: [MemberLine]
    /// One line per target the rules name any of its members for, in the covenant's order.
    public var targets: [BoardTargetLine]
    /// The routes any of its members takes part in.
    public var routes: [RouteLine]
    public var calendar: [CalendarItem]
    /// What changed for its members since the comparison day (empty without a comparison).
    public var changes: [ChangeLine]
    /// The annual returns of the board's schools, per school year.
    public var returns: [ReturnCompleteness] = []

    /// The file name part of its page: `boards/<id>.html`.
    public var pageName: String { id }
}

/// A school or institution on a board's page.
public struct MemberLine: Sendable {
    public var contributor: Contributor
    public var name: String
    public var stadsdeel: Stadsdeel?
    public var isParty: Bool
    public var isExample: Bool
    /// Rows still open on its self-check.
    public var open: Int
    /// The page of its self-check; `nil` for one that is not party to the covenant (it has none).
    public var page: String?
}

/// One target on a board's page: its members' part against the city's.
public struct BoardTargetLine: Sendable {
    public var targetID: String
    public var title: String
    public var cityStatus: TargetStatus
    /// The time window of the city's figure (`schooljaar 2026-27`).
    public var window: String
    /// Names of its members that add to the target.
    public var contributing: [String]
    /// Names of its members asked for something (`ontbreekt`, `geen opgave`).
    public var asked: [String]
    /// How many of its members could add what the city still needs (a shared ask).
    public var candidates: Int
    /// Of its members the rule named (not exempted), how many.
    public var named: Int
    /// The city's contributing and named organisations of the same kind.
    public var cityContributing: Int
    public var cityNamed: Int
    public var sharedAsk: SharedAsk?
}

/// What a target still needs when several parties can each deliver it and none is asked alone:
/// "de stad heeft nog 1 route nodig; 20 scholen kunnen die bijdragen".
public struct SharedAsk: Sendable, Equatable {
    public var needed: Double
    public var unit: String?
    public var candidates: Int
    /// The target follows a measured indicator: its numbers show their decimal.
    public var measured = false

    public init(needed: Double, unit: String?, candidates: Int) {
        self.needed = needed
        self.unit = unit
        self.candidates = candidates
    }
}

/// A route as a partner's page and a board's page show it.
public struct RouteLine: Sendable {
    public var id: String
    public var name: String
    public var stage: RouteStage
    public var since: Day
    /// The institution's name and id.
    public var institution: String
    public var institutionID: String
    public var college: String?
    /// The schools' names and ids, in the same order.
    public var schools: [String]
    public var schoolIDs: [String]
    /// What comes next: the next stage (with its planned day when the register has one).
    public var nextStep: String
    /// Legal requirements still open, from the route_law plugin (`R5`, `R18`), with what each asks.
    public var openRequirements: [String]
    public var isExample: Bool
    /// The file name part of its page: `routes/<id>.html`.
    public var pageName: String { id }
}

/// A route's own page: partners, stage history, cohorts, legal requirements, what is next.
public struct RoutePage: Sendable {
    public var line: RouteLine
    public var kind: Route.Kind
    public var fromLevel: EducationLevel
    public var toLevel: Int?
    public var sector: Route.Sector
    public var qualifications: [String]
    /// The partners with the pages of their self-checks (`nil` for a non-party, which has none).
    public var partners: [(contributor: Contributor, name: String, page: String?)]
    /// Stages reached by the evaluation date, oldest first, and stages planned after it.
    public var stages: [(stage: RouteStage, day: Day, note: String?, planned: Bool)]
    public var cohorts: [(schoolYear: SchoolYear, students: Int)]
    /// Requirements met, with their evidence.
    public var requirementsMet: [(requirement: LegalRequirement, day: Day, evidence: String)]
    /// The targets whose counted records include this route.
    public var targets: [(id: String, title: String)]
    public var source: String
}

/// A dated item on a party's calendar.
public struct CalendarItem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The annual return for the running school year is due.
        case returnDue = "return_due"
        /// The day an earlier annual return stops counting (its freshness ends).
        case returnExpires = "return_expires"
        /// A planned meeting (decanenoverleg, kennisdeling, monitoring).
        case meeting
        /// A route step with a planned date.
        case routeStep = "route_step"
        /// Something in the portal awaits the party: a submission returned to it, a concept not sent.
        case submission
    }
    public var day: Day
    public var kind: Kind
    public var title: String
    public var detail: String?
    /// A stable id for calendar programs (`return-due-2026-27@calvijn`).
    public var uid: String

    public init(day: Day, kind: Kind, title: String, detail: String?, uid: String) {
        self.day = day
        self.kind = kind
        self.title = title
        self.detail = detail
        self.uid = uid
    }
}

/// An organisation in the state that did not sign the covenant: listed, not judged.
public struct NonPartyLine: Sendable {
    public var contributor: Contributor
    public var name: String
    public var board: String?
    /// Targets whose city figure includes something of it (a route that counts).
    public var countsFor: [String]
}

/// What changed between the comparison day and the evaluation date.
public struct Comparison: Sendable {
    /// Why this day: given with `--compare-to`, the previous monitoring moment, or six months back.
    public enum Basis: Sendable, Equatable {
        case given
        case monitoring(title: String)
        case sixMonths
    }
    public var day: Day
    public var basis: Basis
    public var targets: [TargetChange]
    /// Dated records between the two days (exclusive of the first, inclusive of the second).
    public var records: [ChangeLine]
}

/// One target then and now, with the records that made the difference.
public struct TargetChange: Sendable {
    public var targetID: String
    public var title: String
    public var unit: String?
    /// The target follows a measured indicator: its numbers show their decimal.
    public var measured = false
    public var statusThen: TargetStatus
    public var statusNow: TargetStatus
    public var valueThen: Double?
    public var valueNow: Double?
    /// Records counted now that were not counted then, and the reverse.
    public var added: [CountedRecord]
    public var removed: [CountedRecord]

    public var statusChanged: Bool { statusThen != statusNow }
    public var changed: Bool { statusChanged || valueThen != valueNow || !added.isEmpty || !removed.isEmpty }
}

/// A dated record that changed the state: a route's new stage, a meeting held, an annual return.
public struct ChangeLine: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case routeStage = "route_stage"
        case meeting
        case annualReturn = "annual_return"
        case dataSharing = "data_sharing"
    }
    public var day: Day
    public var kind: Kind
    public var text: String
    /// The schools and institutions it concerns, by id, for the pages of each.
    public var parties: [String]
    public var source: String
}
