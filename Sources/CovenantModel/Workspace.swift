/// Everything a workspace holds, validated: the covenant and every dated record of the state.
///
/// A `Workspace` is the whole history; ``state(asOf:)`` cuts it at a day. Records keep the order
/// of their files, so that everything derived from them comes out in the same order on every run.
public struct Workspace: Sendable {
    public var covenant: Covenant
    public var boards: [Board]
    public var schools: [School]
    public var institutions: [Institution]
    public var colleges: [College]
    public var routes: [Route]
    public var events: [Event]
    public var schoolYearReports: [SchoolYearReport]
    public var dataSharing: [DataSharing]
    public var havoMilestones: [HavoMilestone]
    public var waivers: [Waiver]
    /// The values of the covenant's indicators (`state/measurements.csv`), in file order.
    public var measurements: [MeasuredValue] = []
    /// The covenant's own tables (`tables:` in covenant.yaml) with their rows, in declaration order.
    public var declaredTables: [DeclaredTableRows] = []

    public init(covenant: Covenant, boards: [Board], schools: [School], institutions: [Institution],
                colleges: [College], routes: [Route], events: [Event], schoolYearReports: [SchoolYearReport],
                dataSharing: [DataSharing], havoMilestones: [HavoMilestone], waivers: [Waiver]) {
        self.covenant = covenant
        self.boards = boards
        // Whether each is bound by the covenant is the covenant's to say (its parties), once.
        let parties = covenant.partyMembership
        self.schools = schools.map { school in
            var school = school
            school.isParty = parties.includes(id: school.id, board: school.board)
            return school
        }
        self.institutions = institutions.map { institution in
            var institution = institution
            institution.isParty = parties.includes(id: institution.id, board: institution.board)
            return institution
        }
        self.colleges = colleges
        self.routes = routes
        self.events = events
        self.schoolYearReports = schoolYearReports
        self.dataSharing = dataSharing
        self.havoMilestones = havoMilestones
        self.waivers = waivers
    }

    /// The state as it was known at the end of `day`: only records dated on or before it count.
    public func state(asOf day: Day) -> CovenantState {
        CovenantState(workspace: self, asOf: day)
    }
}

/// The covenant's state at the end of one day, derived from dated records.
///
/// The same workspace can be judged at 2025-07-31 or today: a route's stage is the last stage
/// reached by then, a school year's report counts once it was reported, an event once it was held.
public struct CovenantState: Sendable {
    public let asOf: Day
    /// The school year `asOf` falls in.
    public let schoolYear: SchoolYear
    public let covenant: Covenant
    public let boards: [Board]
    public let schools: [School]
    public let institutions: [Institution]
    public let colleges: [College]
    /// Routes that had reached a stage by `asOf`, with what was known of them then.
    public let routes: [RouteState]
    /// Meetings held by `asOf` (a planned one is not held until confirmed).
    public let events: [Event]
    /// Meetings planned after `asOf` (`planned = ja` in state/events.csv), oldest first.
    public let plannedEvents: [Event]
    public let schoolYearReports: [SchoolYearReport]
    public let dataSharing: [DataSharing]
    public let havoMilestones: [HavoMilestone]
    /// Waivers decided by `asOf` that apply on `asOf`.
    public let waivers: [Waiver]
    /// Measurements published by `asOf`.
    public let measurements: [MeasuredValue]
    /// Every measurement of the workspace, for the region's values: a combination of the parties'
    /// values counts once all of them are published (``Indicator/regionSeries(_:weights:through:)``).
    private let allMeasurements: [MeasuredValue]
    /// The declared tables; a dated table's rows only from their day on.
    public let declaredTables: [DeclaredTableRows]

    init(workspace: Workspace, asOf day: Day) {
        asOf = day
        schoolYear = SchoolYear(containing: day)
        covenant = workspace.covenant
        boards = workspace.boards
        schools = workspace.schools
        institutions = workspace.institutions
        colleges = workspace.colleges
        routes = workspace.routes.compactMap { RouteState(route: $0, asOf: day) }
        events = workspace.events.filter { !$0.planned && $0.date <= day }
        plannedEvents = workspace.events.filter { $0.planned && $0.date > day }
        schoolYearReports = workspace.schoolYearReports.filter { $0.reportedOn <= day }
        dataSharing = workspace.dataSharing.filter { $0.date <= day }
        havoMilestones = workspace.havoMilestones.filter { $0.date <= day }
        waivers = workspace.waivers.filter { $0.applies(on: day) }
        measurements = workspace.measurements.filter { $0.published <= day }
        allMeasurements = workspace.measurements
        declaredTables = workspace.declaredTables.map { table in
            DeclaredTableRows(table: table.table, rows: table.rows.filter { ($0.date ?? day) <= day })
        }
    }

    /// The region's series of an indicator as known on `asOf` (``Indicator/regionSeries(_:weights:through:)``).
    public func regionSeries(of indicator: Indicator) -> [RegionPoint] {
        indicator.regionSeries(allMeasurements, weights: allMeasurements, through: asOf)
    }

    /// The school years of the covenant that have started by `asOf`.
    public var schoolYearsSoFar: [SchoolYear] {
        covenant.schoolYears.filter { $0.firstDay <= asOf }
    }
}

/// A route as it stood on one day.
public struct RouteState: Sendable {
    public let route: Route
    /// The last stage reached on or before the day.
    public let stage: RouteStage
    /// When that stage was reached.
    public let stageSince: Day
    /// The stages reached so far, oldest first.
    public let stages: [RouteStageRecord]
    public let requirementsMet: [RequirementRecord]
    public let cohorts: [CohortRecord]

    /// `nil` when the route had not reached any stage by `day`.
    init?(route: Route, asOf day: Day) {
        let reached = route.stages.filter { !$0.planned && $0.date <= day }
        guard let last = reached.last else { return nil }
        self.route = route
        stage = last.stage
        stageSince = last.date
        stages = reached
        requirementsMet = route.requirements.filter { $0.date <= day }
        cohorts = route.cohorts.filter { $0.schoolYear.firstDay <= day }
    }

    /// Students are on the route: the first cohort started and the route has not stopped.
    public var isRunning: Bool { stage == .eersteCohortGestart }

    /// The route is being developed or running (from `in-ontwikkeling` on, and not stopped):
    /// the covenant's "develops a route".
    public var isInDevelopmentOrRunning: Bool { stage >= .inOntwikkeling && stage != .gestopt }
}
