import CovenantModel
import LuaHost

/// The Lua view of the state: the covenant state as of a day, as plain Lua tables.
///
/// Dates are ISO text (`"2025-03-14"`, which compare correctly as strings), school years are
/// `"2024-25"`, terms are the words of the data files, and every record carries `source`
/// (`"state/routes.csv:12"`). Scripts get it read-only (``ScriptState``), so no rule can change
/// what another sees.
public enum StateView {
    /// The `state` global of rules and plugins; `derived` is what plugins derived, by plugin name.
    /// Built from the same encoding scripts get (``EncodedState``), for hosts that inspect it.
    public static func state(_ state: CovenantState, derived: [String: LuaValue] = [:]) -> LuaValue {
        var tape = EncodedState(state).body
        tape.append(.record(derived))
        tape.setField("derived")
        return tape.values().first ?? .nil
    }

    public static func target(_ target: Target, asOf day: Day, waivers: [Waiver]) -> LuaValue {
        .record([
            "id": .string(target.id), "action_line": .string(target.actionLine), "title": .string(target.title),
            "kind": .string(target.kind.rawValue), "unit": optional(target.unit), "unit_one": optional(target.unitSingular),
            "notes": optional(target.notes),
            "baseline": .record(["value": number(target.baselineValue), "date": .string(target.baselineDate.description),
                                 "period": optional(target.baselinePeriod?.description)]),
            "target": .record(["value": number(target.targetValue), "deadline": .string(target.deadline.description),
                               "per_school_year": number(target.perSchoolYear), "improvement": number(target.improvement)]),
            "freshness": target.freshness.map { freshness in
                .record(["amount": .integer(Int64(freshness.amount)), "unit": .string(freshness.unit.rawValue),
                         "oldest_fresh_date": .string(freshness.oldestFreshDay(on: day).description)])
            } ?? .nil,
            "waivers": .array(waivers.map(waiver)),
            "indicator": optional(target.indicator),
            "source": source(target.source),
        ])
    }

    static func waiver(_ waiver: Waiver) -> LuaValue {
        .record([
            "target": .string(waiver.target), "school": optional(waiver.school), "from": .string(waiver.from.description),
            "until": optional(waiver.until?.description), "reason": .string(waiver.reason), "decided_by": .string(waiver.decidedBy),
            "source": source(waiver.source),
        ])
    }

    private static func source(_ location: SourceLocation) -> LuaValue { .string(location.description) }
    private static func optional(_ text: String?) -> LuaValue { text.map(LuaValue.string) ?? .nil }
    private static func number(_ value: Double?) -> LuaValue {
        guard let value else { return .nil }
        return value == value.rounded() && abs(value) < 1e15 ? .integer(Int64(value)) : .number(value)
    }
}

/// One day's state, encoded once for Lua (a ``LuaTape`` that pushes the `state` table without
/// `derived`). ``ScriptState`` builds it in a sandbox, once per day, read-only; hosts that need
/// a private copy per script (`koers check`'s field watch) push it per script.
///
/// Written straight from the model, without a ``LuaValue`` tree: at national scale the state has
/// hundreds of thousands of records. Encoded against ``EncodedRecords``, the day leaves out the
/// records those hold and picks them instead (``Picks``).
public struct EncodedState: Sendable {
    /// Pushes the `state` table without `derived`, and without the records in ``picks``.
    public let body: LuaTape
    /// The records the day takes from ``EncodedRecords`` instead of writing them into `body`.
    let picks: Picks?
    /// The day's state, to write the picked records out for a sandbox without the shared records,
    /// and for ``StateFingerprinter`` to digest the day's route versions.
    let model: CovenantState

    /// Which of ``EncodedRecords``' records make up the day's lists, by field of `state`.
    struct Picks: Sendable {
        /// Boards, schools, institutions and colleges: the same lists on every day.
        var constants: [String] = []
        /// Dated lists (events, school reports, ...): runs of 1-based positions in the records' list.
        var dated: [(field: String, runs: [ClosedRange<Int>])] = []
        /// The routes reached by the day, each as what was known of it then.
        var routes: [RouteVersion]?

        var fields: Set<String> { Set(constants + dated.map(\.field) + (routes == nil ? [] : ["routes"])) }
    }

    /// A route as known on some day: its records up to then. A route's records only grow with
    /// the day, so equal counts mean equal records and the same Lua table.
    struct RouteVersion: Hashable, Sendable {
        /// Position in the workspace's routes.
        var route: Int
        var stages: Int, requirements: Int, cohorts: Int

        init(_ route: Int, _ state: RouteState) {
            self.route = route
            (stages, requirements, cohorts) = (state.stages.count, state.requirementsMet.count, state.cohorts.count)
        }
    }

    /// `records`: the workspace's records encoded once for many days (``EncodedRecords``); the
    /// day's lists then pick from them instead of being written into `body`.
    public init(_ state: CovenantState, records: EncodedRecords? = nil) {
        let picks = records?.picks(for: state)
        self.picks = picks
        model = state
        let picked = picks?.fields ?? []
        var tape = LuaTape()
        tape.newTable(fieldCount: 16)
        tape.field("as_of", state.asOf.description)
        tape.field("school_year", state.schoolYear.description)
        Self.covenant(state.covenant, into: &tape)
        tape.setField("covenant")
        tape.strings(RouteStage.allCases.map(\.rawValue))
        tape.setField("route_stages")
        for kind in Self.recordKinds where !picked.contains(kind.field) {
            kind.write(&tape, state)
        }
        if picks?.routes == nil {
            tape.list(state.routes, Self.route)
            tape.setField("routes")
        }
        tape.list(state.waivers) { tape, waiver in tape.append(StateView.waiver(waiver)) }
        tape.setField("waivers")
        // The covenant's own declarations are small and change with the day: in the body.
        tape.append(.record(Dictionary(uniqueKeysWithValues: state.covenant.indicators.map { ($0.id, Self.indicator($0, in: state)) })))
        tape.setField("indicators")
        tape.append(.record(Dictionary(uniqueKeysWithValues: state.declaredTables.map { ($0.table.name, Self.declaredTable($0)) })))
        tape.setField("tables")
        body = tape
    }

    /// A list of records in `state` that ``EncodedRecords`` can hold (routes, which change with
    /// the day, are held per version instead). Every place that handles these lists goes
    /// through ``recordKinds``, so the field, the records and how one is written cannot disagree.
    struct RecordKind: Sendable {
        let field: String
        /// The same records on every day (boards, schools, ...), or dated ones, picked by day.
        let isConstant: Bool
        /// Sets `state[field]` to the day's records, on the table on top of the tape.
        let write: @Sendable (inout LuaTape, CovenantState) -> Void
        /// Pushes a list of every record the workspace has.
        let writeAll: @Sendable (inout LuaTape, Workspace) -> Void
        /// The source lines of the day's records and of the workspace's, which identify them.
        let sources: @Sendable (CovenantState) -> [SourceLocation]
        let allSources: @Sendable (Workspace) -> [SourceLocation]

        init<T>(_ field: String, constant: Bool = false, day: @escaping @Sendable (CovenantState) -> [T],
                all: @escaping @Sendable (Workspace) -> [T], source: @escaping @Sendable (T) -> SourceLocation,
                write record: @escaping @Sendable (inout LuaTape, T) -> Void) {
            self.field = field
            isConstant = constant
            write = { tape, state in
                tape.list(day(state), record)
                tape.setField(field)
            }
            writeAll = { tape, workspace in tape.list(all(workspace), record) }
            sources = { day($0).map(source) }
            allSources = { all($0).map(source) }
        }
    }

    static let recordKinds = [
        RecordKind("boards", constant: true, day: { $0.boards }, all: { $0.boards }, source: { $0.source }, write: board),
        RecordKind("schools", constant: true, day: { $0.schools }, all: { $0.schools }, source: { $0.source }, write: school),
        RecordKind("institutions", constant: true, day: { $0.institutions }, all: { $0.institutions }, source: { $0.source },
                   write: institution),
        RecordKind("colleges", constant: true, day: { $0.colleges }, all: { $0.colleges }, source: { $0.source }, write: college),
        RecordKind("events", day: { $0.events }, all: { $0.events }, source: { $0.source }, write: event),
        // Only the events recorded as planned: the day's plans are picked from these, and a
        // workspace without plans builds an empty list instead of every event a second time.
        RecordKind("planned_events", day: { $0.plannedEvents }, all: { $0.events.filter(\.planned) }, source: { $0.source },
                   write: event),
        RecordKind("school_reports", day: { $0.schoolYearReports }, all: { $0.schoolYearReports }, source: { $0.source }, write: report),
        RecordKind("data_sharing", day: { $0.dataSharing }, all: { $0.dataSharing }, source: { $0.source }, write: dataSharing),
        RecordKind("havo_milestones", day: { $0.havoMilestones }, all: { $0.havoMilestones }, source: { $0.source },
                   write: havoMilestone),
        RecordKind("measurements", day: { $0.measurements }, all: { $0.measurements }, source: { $0.source }, write: measurement),
    ]

    /// The tapes that set a private copy of `state` (with `derived`) and `others` as a script's globals.
    func globals(derived: [String: LuaValue], others: [String: LuaValue]) -> [LuaTape] {
        var tail = LuaTape()
        tail.append(.record(derived))
        tail.setField("derived")
        tail.setField("state")
        return [LuaTape.globals(others)] + tapes(records: nil) + [tail]
    }

    /// The tapes that push the `state` table: `body`, then the picked records, from `records`
    /// (built in the sandbox the tapes run in) or written out.
    func tapes(records shared: SharedRecords?) -> [LuaTape] {
        guard let picks else { return [body] }
        if let shared, let picked = shared.tape(for: picks, of: model) { return [body, picked] }
        var tape = LuaTape()
        let picked = picks.fields
        for kind in Self.recordKinds where picked.contains(kind.field) {
            kind.write(&tape, model)
        }
        if picks.routes != nil {
            tape.list(model.routes, Self.route)
            tape.setField("routes")
        }
        return [body, tape]
    }

    private static func covenant(_ covenant: Covenant, into tape: inout LuaTape) {
        tape.newTable(fieldCount: 7)
        tape.field("name", covenant.name)
        tape.field("region", covenant.region)
        tape.field("baseline", covenant.baselineDate.description)
        tape.field("deadline", covenant.deadline.description)
        tape.strings(covenant.schoolYears.map(\.description))
        tape.setField("school_years")
        tape.strings(Stadsdeel.focusDistricts.map(\.rawValue))
        tape.setField("focus_districts")
        tape.strings(Route.Sector.allCases.filter(\.isCrucial).map(\.rawValue))
        tape.setField("crucial_sectors")
    }

    static func board(_ tape: inout LuaTape, _ board: Board) {
        tape.newTable(fieldCount: 4)
        tape.field("id", board.id)
        tape.field("name", board.name)
        tape.field("sector", board.sector.rawValue)
        tape.field("source", board.source.description)
    }

    static func school(_ tape: inout LuaTape, _ school: School) {
        tape.newTable(fieldCount: 9)
        tape.field("id", school.id)
        tape.field("name", school.name)
        tape.field("board", school.board)
        tape.field("stadsdeel", school.stadsdeel?.rawValue)
        tape.field("focus_district", school.stadsdeel?.isFocusDistrict ?? false)
        tape.strings(school.levels.sorted().map(\.rawValue))
        tape.setField("levels")
        tape.field("example", school.origin == "voorbeeld")
        tape.field("party", school.isParty)
        tape.field("source", school.source.description)
    }

    static func institution(_ tape: inout LuaTape, _ institution: Institution) {
        tape.newTable(fieldCount: 5)
        tape.field("id", institution.id)
        tape.field("name", institution.name)
        tape.field("board", institution.board)
        tape.field("party", institution.isParty)
        tape.field("source", institution.source.description)
    }

    static func college(_ tape: inout LuaTape, _ college: College) {
        tape.newTable(fieldCount: 5)
        tape.field("id", college.id)
        tape.field("institution", college.institution)
        tape.field("name", college.name)
        tape.field("stadsdeel", college.stadsdeel?.rawValue)
        tape.field("source", college.source.description)
    }

    static func route(_ tape: inout LuaTape, _ state: RouteState) {
        let route = state.route
        tape.newTable(fieldCount: 20)
        tape.field("id", route.id)
        tape.field("name", route.name)
        tape.strings(route.schools)
        tape.setField("schools")
        tape.field("institution", route.institution)
        tape.field("college", route.college)
        tape.field("kind", route.kind.rawValue)
        tape.field("from_level", route.fromLevel.rawValue)
        if let toLevel = route.toLevel { tape.push(toLevel) } else { tape.pushNil() }
        tape.setField("to_level")
        tape.field("sector", route.sector.rawValue)
        tape.field("crucial_sector", route.sector.isCrucial)
        tape.strings(route.qualifications)
        tape.setField("qualifications")
        tape.field("stage", state.stage.rawValue)
        tape.field("stage_since", state.stageSince.description)
        tape.list(state.stages) { tape, record in
            tape.newTable(fieldCount: 3)
            tape.field("stage", record.stage.rawValue)
            tape.field("date", record.date.description)
            tape.field("source", record.source.description)
        }
        tape.setField("stages")
        tape.list(state.requirementsMet) { tape, record in
            tape.newTable(fieldCount: 4)
            tape.field("requirement", record.requirement.description)
            tape.field("date", record.date.description)
            tape.field("evidence", record.evidence)
            tape.field("source", record.source.description)
        }
        tape.setField("requirements")
        tape.list(state.cohorts) { tape, record in
            tape.newTable(fieldCount: 3)
            tape.field("school_year", record.schoolYear.description)
            tape.field("students", record.students)
            tape.field("source", record.source.description)
        }
        tape.setField("cohorts")
        tape.field("example", route.origin == "voorbeeld")
        tape.field("source", route.source.description)
    }

    static func event(_ tape: inout LuaTape, _ event: Event) {
        tape.newTable(fieldCount: 9)
        tape.field("id", event.id)
        tape.field("date", event.date.description)
        tape.field("school_year", SchoolYear(containing: event.date).description)
        tape.field("kind", event.kind.rawValue)
        tape.field("form", event.form?.rawValue)
        tape.field("title", event.title)
        tape.strings(event.participants)
        tape.setField("participants")
        tape.field("planned", event.planned)
        tape.field("source", event.source.description)
    }

    static func report(_ tape: inout LuaTape, _ report: SchoolYearReport) {
        tape.newTable(fieldCount: 12)
        tape.field("school", report.school)
        tape.field("school_year", report.schoolYear.description)
        tape.field("reported_on", report.reportedOn.description)
        tape.field("lob_voorlichting", report.lobVoorlichting)
        tape.field("praktijkgericht", report.praktijkgericht)
        tape.field("stages", report.stages)
        tape.field("werkbezoeken", report.werkbezoeken)
        tape.field("praktijkopdrachten", report.praktijkopdrachten)
        tape.field("business_activities", report.businessActivities)
        tape.field("pro_vso_able", report.proVsoAble)
        tape.field("pro_vso_offered", report.proVsoOffered)
        tape.field("source", report.source.description)
    }

    static func measurement(_ tape: inout LuaTape, _ measurement: MeasuredValue) {
        tape.newTable(fieldCount: 12)
        tape.field("indicator", measurement.indicator)
        tape.field("party", measurement.party.id)
        tape.field("party_kind", measurement.party.kind.rawValue)
        tape.field("period", measurement.period.description)
        tape.field("period_start", measurement.period.first.description)
        tape.field("period_end", measurement.period.last.description)
        tape.push(measurement.value)
        tape.setField("value")
        tape.field("published", measurement.published.description)
        tape.field("note", measurement.note)
        tape.field("example", measurement.origin == "voorbeeld")
        tape.field("source", measurement.source.description)
    }

    /// `state.indicators[id]`: the declaration, and the region's series as known on the day.
    static func indicator(_ indicator: Indicator, in state: CovenantState) -> LuaValue {
        func text(_ value: String?) -> LuaValue { value.map(LuaValue.string) ?? .nil }
        let series = state.regionSeries(of: indicator).map { point -> LuaValue in
            .record(["period": .string(point.period.description), "period_start": .string(point.period.first.description),
                     "period_end": .string(point.period.last.description), "value": .number(point.value),
                     "from": .string(point.basis.rawValue), "parties": .integer(Int64(point.parties)),
                     "published": .string(point.published.description), "party": .string(MeasuredParty.regionID),
                     "source": .string(point.sources.map(\.description).joined(separator: ", "))])
        }
        return .record([
            "id": .string(indicator.id), "title": .string(indicator.title), "unit": text(indicator.unit), "unit_one": text(indicator.unitSingular),
            "direction": .string(indicator.direction.rawValue), "parties": .array(indicator.parties.map { .string($0.rawValue) }),
            "periods": .string(indicator.periods.rawValue), "region": text(indicator.region?.rawValue), "weight": text(indicator.weight),
            "region_series": .array(series), "source": .string(indicator.source.description),
        ])
    }

    /// `state.tables[name]`: the rows, each with its typed cells, `source` and `example`.
    static func declaredTable(_ table: DeclaredTableRows) -> LuaValue {
        .array(table.rows.map { row in
            var fields: [String: LuaValue] = ["source": .string(row.source.description), "example": .boolean(row.origin == "voorbeeld")]
            for (name, value) in row.values {
                fields[name] = switch value {
                case .text(let text): .string(text)
                case .integer(let number): .integer(Int64(number))
                case .decimal(let number): .number(number)
                case .date(let day): .string(day.description)
                case .schoolYear(let year): .string(year.description)
                case .flag(let flag): .boolean(flag)
                case .list(let items): .array(items.map(LuaValue.string))
                }
            }
            return .record(fields)
        })
    }

    static func dataSharing(_ tape: inout LuaTape, _ sharing: DataSharing) {
        tape.newTable(fieldCount: 5)
        tape.field("date", sharing.date.description)
        tape.field("from", sharing.from)
        tape.field("to", sharing.to)
        tape.field("kind", sharing.kind.rawValue)
        tape.field("source", sharing.source.description)
    }

    static func havoMilestone(_ tape: inout LuaTape, _ milestone: HavoMilestone) {
        tape.newTable(fieldCount: 3)
        tape.field("step", milestone.step.rawValue)
        tape.field("date", milestone.date.description)
        tape.field("source", milestone.source.description)
    }
}

/// One day's state as the scripts run in one sandbox receive it.
///
/// The state is built in the sandbox once, read-only (``LuaSandbox/share(_:)``): every plugin and
/// rule of the day reads the same tables instead of each building a copy, which at national scale
/// took longer than the rules themselves. A script that tries to change it gets a Lua error with
/// its line. Only the root table is made per script, to carry `state.derived`.
public struct ScriptState {
    public let model: CovenantState
    public let encoded: EncodedState
    /// Where the scripts run; `nil`: each runner makes a sandbox of its own.
    public let sandbox: LuaSandbox?
    /// The state built in `sandbox`; `nil` where each script gets a private copy instead.
    private let shared: LuaSharedValue?
    /// What every script sees as `state.derived`, once ``sharing(derived:)`` fixed it.
    private var fixedDerived: [String: LuaValue]?
    /// The root with ``fixedDerived`` built in, once for all those scripts.
    private var root: LuaSharedValue?

    /// `privateCopies`: give each script a copy of its own, for a host that changes the state's
    /// tables before the script runs (`koers check` watches field reads with metatables).
    /// `records`: the records built once in `sandbox` for every day it judges (``SharedRecords``).
    public init(_ model: CovenantState, encoded: EncodedState? = nil, in sandbox: LuaSandbox?, records: SharedRecords? = nil,
                privateCopies: Bool = false) {
        self.model = model
        let encoded = encoded ?? EncodedState(model, records: records?.encoded)
        self.encoded = encoded
        self.sandbox = sandbox
        // When the state does not fit, each script gets a copy and meets the same limit itself,
        // which then reports it with its own file.
        if privateCopies { shared = nil; return }
        shared = try? sandbox?.share(encoded.tapes(records: records?.sandbox === sandbox ? records : nil))
    }

    /// The same state with `derived` fixed and built in once: for the rules, which all see what
    /// every plugin derived (each plugin sees a different `derived`). Use ``globals(others:)``.
    public func sharing(derived: [String: LuaValue]) -> ScriptState {
        var copy = self
        copy.fixedDerived = derived
        guard let shared, let sandbox else { return copy }
        var tape = LuaTape()
        tape.pushFields(of: shared)
        tape.append(.record(derived))
        tape.setField("derived")
        copy.root = try? sandbox.share(tape)
        return copy
    }

    /// The tapes that set `state`, with what ``sharing(derived:)`` fixed as `derived`, and `others`
    /// as a script's globals.
    public func globals(others: [String: LuaValue]) -> [LuaTape] {
        guard let root else { return globals(derived: fixedDerived ?? [:], others: others) }
        var tape = LuaTape.globals(others)
        tape.push(root)
        tape.setField("state")
        return [tape]
    }

    /// The tapes that set `state` (with `derived`) and `others` as a script's globals.
    public func globals(derived: [String: LuaValue], others: [String: LuaValue]) -> [LuaTape] {
        guard let shared else { return encoded.globals(derived: derived, others: others) }
        var root = LuaTape()
        root.pushFields(of: shared)
        root.append(.record(derived))
        root.setField("derived")
        root.freeze()
        root.setField("state")
        return [LuaTape.globals(others), root]
    }
}

/// The workspace's records encoded once for a report that judges many days: each worker's
/// sandbox builds them once (``SharedRecords``), and each day's state picks from them instead of
/// building its lists again. Boards, schools, institutions and colleges are the same on every
/// day; events, school reports, data sharing and havo milestones are picked when held by the
/// day; a route is built once per version (its records up to a day) and shared by every day
/// that knows it so.
///
/// Records are recognised by their source line, so a state must come from this workspace; a
/// list with a record the workspace does not have is written out for that day instead.
public struct EncodedRecords: Sendable {
    /// A list of records, each the same on every day that holds it.
    struct RecordList: Sendable {
        let kind: EncodedState.RecordKind
        let tape: LuaTape
        let sources: [SourceLocation]
        var field: String { kind.field }

        init(_ kind: EncodedState.RecordKind, of workspace: Workspace) {
            self.kind = kind
            var tape = LuaTape()
            kind.writeAll(&tape, workspace)
            self.tape = tape
            sources = kind.allSources(workspace)
        }

        /// Where `picked` (records of this list, in its order) are in it: runs of 1-based
        /// positions, or `nil` when one of them is not in the list.
        func runs(of picked: [SourceLocation]) -> [ClosedRange<Int>]? {
            var runs: [ClosedRange<Int>] = []
            var next = 0
            for (index, source) in sources.enumerated() where next < picked.count {
                guard picked[next] == source else { continue }
                next += 1
                let position = index + 1
                if let last = runs.last, last.upperBound == position - 1 {
                    runs[runs.count - 1] = last.lowerBound...position
                } else {
                    runs.append(position...position)
                }
            }
            return next == picked.count ? runs : nil
        }
    }

    let lists: [RecordList]
    /// Each route's position in the workspace's routes, by its source line.
    private let routePositions: [SourceLocation: Int]
    /// Each list's records as digests, in the list's order, by field: for ``StateFingerprinter``.
    let digests: [String: [StateDigest]]?

    /// `fingerprints`: also make the records' digests, which ``StateFingerprinter`` needs.
    public init(_ workspace: Workspace, fingerprints: Bool = false) {
        lists = EncodedState.recordKinds.map { RecordList($0, of: workspace) }
        var digests: [String: [StateDigest]]? = fingerprints ? [:] : nil
        for list in lists where fingerprints {
            let items = StateFingerprinter.itemDigests(of: list.tape)
            // Every record needs its digest; without them there are no fingerprints, and no cache.
            guard items.count == list.sources.count else { digests = nil; break }
            digests?[list.field] = items
        }
        self.digests = digests
        routePositions = Dictionary(workspace.routes.enumerated().map { ($1.source, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// What `state` can take from these records.
    func picks(for state: CovenantState) -> EncodedState.Picks {
        var picks = EncodedState.Picks()
        for list in lists {
            let day = list.kind.sources(state)
            if list.kind.isConstant {
                if list.sources == day { picks.constants.append(list.field) }
            } else if let runs = list.runs(of: day) {
                picks.dated.append((list.field, runs))
            }
        }
        var routes: [EncodedState.RouteVersion] = []
        routes.reserveCapacity(state.routes.count)
        for route in state.routes {
            guard let position = routePositions[route.route.source] else { return picks }
            routes.append(EncodedState.RouteVersion(position, route))
        }
        picks.routes = routes
        return picks
    }
}

/// ``EncodedRecords`` built in one sandbox, read-only, as days need them: give each worker's
/// sandbox one, and every day it judges picks from it.
public final class SharedRecords {
    let sandbox: LuaSandbox
    let encoded: EncodedRecords
    /// The lists built so far, by field; `nil` where one could not be built.
    private var lists: [String: LuaSharedValue?] = [:]
    /// Route versions, built in batches (one per day that meets new ones): where each is.
    private var routeBatches: [LuaSharedValue] = []
    private var routeVersions: [EncodedState.RouteVersion: (batch: Int, position: Int)] = [:]

    public init(_ encoded: EncodedRecords, in sandbox: LuaSandbox) {
        self.encoded = encoded
        self.sandbox = sandbox
    }

    /// The tape that sets the picked lists on the `state` table on top, from records built in
    /// this sandbox; `nil` when one cannot be built (the day then writes its lists out).
    func tape(for picks: EncodedState.Picks, of state: CovenantState) -> LuaTape? {
        var tape = LuaTape()
        for list in encoded.lists where picks.constants.contains(list.field) {
            guard let shared = self.list(list) else { return nil }
            tape.push(shared)
            tape.setField(list.field)
        }
        for (field, runs) in picks.dated {
            guard let list = encoded.lists.first(where: { $0.field == field }), let shared = self.list(list) else { return nil }
            tape.newTable(arrayCount: runs.reduce(0) { $0 + $1.count })
            for run in runs { tape.appendItems(of: shared, run) }
            tape.setField(field)
        }
        if let versions = picks.routes {
            guard buildRoutes(versions, of: state) else { return nil }
            tape.newTable(arrayCount: versions.count)
            var run: (batch: Int, range: ClosedRange<Int>)?
            for version in versions {
                let place = routeVersions[version]!
                if let current = run, current.batch == place.batch, current.range.upperBound + 1 == place.position {
                    run = (current.batch, current.range.lowerBound...place.position)
                    continue
                }
                if let current = run { tape.appendItems(of: routeBatches[current.batch], current.range) }
                run = (place.batch, place.position...place.position)
            }
            if let current = run { tape.appendItems(of: routeBatches[current.batch], current.range) }
            tape.setField("routes")
        }
        return tape
    }

    private func list(_ list: EncodedRecords.RecordList) -> LuaSharedValue? {
        if let built = lists[list.field] { return built }
        let shared = try? sandbox.share(list.tape)
        lists[list.field] = .some(shared)
        return shared
    }

    /// Builds the versions of `versions` not built yet, as one new batch.
    private func buildRoutes(_ versions: [EncodedState.RouteVersion], of state: CovenantState) -> Bool {
        var tape = LuaTape()
        var added: [EncodedState.RouteVersion] = []
        for (index, version) in versions.enumerated() where routeVersions[version] == nil {
            if added.isEmpty { tape.newTable(arrayCount: versions.count - index) }
            EncodedState.route(&tape, state.routes[index])
            added.append(version)
            tape.setIndex(added.count)
        }
        guard !added.isEmpty else { return true }
        guard let batch = try? sandbox.share(tape) else { return false }
        routeBatches.append(batch)
        for (position, version) in added.enumerated() {
            routeVersions[version] = (routeBatches.count - 1, position + 1)
        }
        return true
    }
}

/// Shorthands for writing records: a value, then the field it goes into.
extension LuaTape {
    mutating func field(_ key: String, _ value: String?) {
        push(value)
        setField(key)
    }

    mutating func field(_ key: String, _ value: Bool?) {
        if let value { push(value) } else { pushNil() }
        setField(key)
    }

    mutating func field(_ key: String, _ value: Int?) {
        if let value { push(value) } else { pushNil() }
        setField(key)
    }

    /// Pushes a list of strings.
    mutating func strings(_ items: [String]) {
        newTable(arrayCount: items.count)
        for (index, item) in items.enumerated() {
            push(item)
            setIndex(index + 1)
        }
    }

    /// Pushes a list with one item per element, each written by `write`.
    mutating func list<T>(_ items: [T], _ write: (inout LuaTape, T) -> Void) {
        newTable(arrayCount: items.count)
        for (index, item) in items.enumerated() {
            write(&self, item)
            setIndex(index + 1)
        }
    }
}
