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
            "kind": .string(target.kind.rawValue), "unit": optional(target.unit), "notes": optional(target.notes),
            "baseline": .record(["value": number(target.baselineValue), "date": .string(target.baselineDate.description)]),
            "target": .record(["value": number(target.targetValue), "deadline": .string(target.deadline.description),
                               "per_school_year": number(target.perSchoolYear)]),
            "freshness": target.freshness.map { freshness in
                .record(["amount": .integer(Int64(freshness.amount)), "unit": .string(freshness.unit.rawValue),
                         "oldest_fresh_date": .string(freshness.oldestFreshDay(on: day).description)])
            } ?? .nil,
            "waivers": .array(waivers.map(waiver)),
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
/// hundreds of thousands of records.
public struct EncodedState: Sendable {
    /// Pushes the `state` table without `derived`, and without `events` when ``eventRuns`` is set.
    public let body: LuaTape
    /// The day's events as runs of positions in ``EncodedRecords``' list, when the state was
    /// encoded against one: those records are built once per sandbox, not once per day.
    let eventRuns: [ClosedRange<Int>]?
    /// The day's events, written out only for a sandbox without the shared records.
    private let events: [Event]

    /// `records`: the workspace's records built once for many days (``EncodedRecords``); the
    /// day's `events` then pick from them instead of being written into `body`.
    public init(_ state: CovenantState, records: EncodedRecords? = nil) {
        let runs = records?.runs(of: state.events)
        eventRuns = runs
        events = runs == nil ? [] : state.events
        var tape = LuaTape()
        tape.newTable(fieldCount: 16)
        tape.field("as_of", state.asOf.description)
        tape.field("school_year", state.schoolYear.description)
        Self.covenant(state.covenant, into: &tape)
        tape.setField("covenant")
        tape.list(state.boards) { tape, board in
            tape.newTable(fieldCount: 4)
            tape.field("id", board.id)
            tape.field("name", board.name)
            tape.field("sector", board.sector.rawValue)
            tape.field("source", board.source.description)
        }
        tape.setField("boards")
        tape.list(state.schools, Self.school)
        tape.setField("schools")
        tape.list(state.institutions) { tape, institution in
            tape.newTable(fieldCount: 4)
            tape.field("id", institution.id)
            tape.field("name", institution.name)
            tape.field("board", institution.board)
            tape.field("source", institution.source.description)
        }
        tape.setField("institutions")
        tape.list(state.colleges) { tape, college in
            tape.newTable(fieldCount: 5)
            tape.field("id", college.id)
            tape.field("institution", college.institution)
            tape.field("name", college.name)
            tape.field("stadsdeel", college.stadsdeel?.rawValue)
            tape.field("source", college.source.description)
        }
        tape.setField("colleges")
        tape.list(state.routes, Self.route)
        tape.setField("routes")
        tape.strings(RouteStage.allCases.map(\.rawValue))
        tape.setField("route_stages")
        if runs == nil {
            tape.list(state.events, Self.event)
            tape.setField("events")
        }
        tape.list(state.schoolYearReports, Self.report)
        tape.setField("school_reports")
        tape.list(state.dataSharing) { tape, sharing in
            tape.newTable(fieldCount: 5)
            tape.field("date", sharing.date.description)
            tape.field("from", sharing.from)
            tape.field("to", sharing.to)
            tape.field("kind", sharing.kind.rawValue)
            tape.field("source", sharing.source.description)
        }
        tape.setField("data_sharing")
        tape.list(state.havoMilestones) { tape, milestone in
            tape.newTable(fieldCount: 3)
            tape.field("step", milestone.step.rawValue)
            tape.field("date", milestone.date.description)
            tape.field("source", milestone.source.description)
        }
        tape.setField("havo_milestones")
        tape.list(state.waivers) { tape, waiver in tape.append(StateView.waiver(waiver)) }
        tape.setField("waivers")
        body = tape
    }

    /// The tapes that set a private copy of `state` (with `derived`) and `others` as a script's globals.
    func globals(derived: [String: LuaValue], others: [String: LuaValue]) -> [LuaTape] {
        var tail = LuaTape()
        tail.append(.record(derived))
        tail.setField("derived")
        tail.setField("state")
        return [LuaTape.globals(others)] + tapes(events: nil) + [tail]
    }

    /// The tapes that push the `state` table: `body`, then the events, picked from `events` (the
    /// sandbox's shared list of ``EncodedRecords``) or written out.
    func tapes(events shared: LuaSharedValue?) -> [LuaTape] {
        guard let eventRuns else { return [body] }
        var tape = LuaTape()
        if let shared {
            tape.newTable(arrayCount: events.count)
            for run in eventRuns { tape.appendItems(of: shared, run) }
        } else {
            tape.list(events, Self.event)
        }
        tape.setField("events")
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

    private static func school(_ tape: inout LuaTape, _ school: School) {
        tape.newTable(fieldCount: 8)
        tape.field("id", school.id)
        tape.field("name", school.name)
        tape.field("board", school.board)
        tape.field("stadsdeel", school.stadsdeel?.rawValue)
        tape.field("focus_district", school.stadsdeel?.isFocusDistrict ?? false)
        tape.strings(school.levels.sorted().map(\.rawValue))
        tape.setField("levels")
        tape.field("example", school.origin == "voorbeeld")
        tape.field("source", school.source.description)
    }

    private static func route(_ tape: inout LuaTape, _ state: RouteState) {
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

    fileprivate static func event(_ tape: inout LuaTape, _ event: Event) {
        tape.newTable(fieldCount: 8)
        tape.field("id", event.id)
        tape.field("date", event.date.description)
        tape.field("school_year", SchoolYear(containing: event.date).description)
        tape.field("kind", event.kind.rawValue)
        tape.field("form", event.form?.rawValue)
        tape.field("title", event.title)
        tape.strings(event.participants)
        tape.setField("participants")
        tape.field("source", event.source.description)
    }

    private static func report(_ tape: inout LuaTape, _ report: SchoolYearReport) {
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
        let events = records?.sandbox === sandbox ? records?.events : nil
        shared = try? sandbox?.share(encoded.tapes(events: events))
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

/// The workspace's records that read the same on every day they exist (events), encoded once for
/// a report that judges many days: each worker's sandbox builds them once (``SharedRecords``),
/// and each day's `state.events` picks those held by then instead of building them again.
public struct EncodedRecords: Sendable {
    let events: LuaTape
    private let eventSources: [SourceLocation]

    public init(_ workspace: Workspace) {
        var tape = LuaTape()
        tape.list(workspace.events, EncodedState.event)
        events = tape
        eventSources = workspace.events.map(\.source)
    }

    /// Where `events` (the workspace's events held by some day, in file order) are in the list:
    /// runs of 1-based positions, or `nil` when they are not all from this workspace.
    func runs(of events: [Event]) -> [ClosedRange<Int>]? {
        var runs: [ClosedRange<Int>] = []
        var next = 0
        for (index, source) in eventSources.enumerated() where next < events.count {
            guard events[next].source == source else { continue }
            next += 1
            let position = index + 1
            if let last = runs.last, last.upperBound == position - 1 {
                runs[runs.count - 1] = last.lowerBound...position
            } else {
                runs.append(position...position)
            }
        }
        return next == events.count ? runs : nil
    }
}

/// ``EncodedRecords`` built in one sandbox, read-only, when first needed: give each worker's
/// sandbox one, and every day it judges picks from it.
public final class SharedRecords {
    let sandbox: LuaSandbox
    let encoded: EncodedRecords
    private var built: LuaSharedValue??

    public init(_ encoded: EncodedRecords, in sandbox: LuaSandbox) {
        self.encoded = encoded
        self.sandbox = sandbox
    }

    /// The shared list of events; `nil` when it cannot be built (each day then writes its own).
    var events: LuaSharedValue? {
        if let built { return built }
        let events = try? sandbox.share(encoded.events)
        built = .some(events)
        return events
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
