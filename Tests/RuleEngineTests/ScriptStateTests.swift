import CovenantModel
import Foundation
import LuaHost
import RuleEngine
import Testing
import WorkspaceLoader

/// How a day's state reaches scripts: built once per sandbox, read-only, with the workspace's
/// records built once for every day the sandbox judges.
@Suite("script state")
struct ScriptStateTests {
    static func workspace() throws -> Workspace {
        let result = WorkspaceLoader.load(from: RuleFixture.repository)
        return try #require(result.workspace, "\(result.diagnostics)")
    }

    /// What a script sees as `state`, read back.
    static func seen(_ input: ScriptState, in sandbox: LuaSandbox) throws -> LuaValue {
        let results = try sandbox.run(LuaScript(chunkName: "probe.lua", source: "return state"),
                                      encodedGlobals: input.globals(derived: ["p": ["x": 1]], others: [:]))
        return try #require(results.first)
    }

    @Test func listsPickedFromSharedRecordsAreTheDaysLists() throws {
        let workspace = try Self.workspace()
        let sandbox = try LuaSandbox()
        let records = SharedRecords(EncodedRecords(workspace), in: sandbox)
        // Days out of order, one before any event: each day picks only the events held by then.
        for day in ["2026-11-23", "2023-01-01", "2024-10-15", "2025-06-30"] {
            let model = workspace.state(asOf: Day(iso: day)!)
            let picked = try Self.seen(ScriptState(model, in: sandbox, records: records), in: sandbox)
            let written = try Self.seen(ScriptState(model, in: sandbox), in: sandbox)
            #expect(picked == written, "state picked from shared records differs on \(day)")
            guard case .record(let fields) = picked else {
                Issue.record("state is not a record on \(day)")
                continue
            }
            let ids = fields["events"].flatMap { events -> [String]? in
                guard case .array(let items) = events else { return nil }
                return items.compactMap { item in
                    if case .record(let event) = item, case .string(let id)? = event["id"] { id } else { nil }
                }
            }
            #expect(ids == model.events.map(\.id), "\(day)")
        }
    }

    /// Meetings recorded ahead: each day's `planned_events` are the planned ones after it, picked
    /// from shared records as written out, and a planned meeting is never among `events`.
    @Test func plannedEventsArePickedPerDayAndNeverHeld() throws {
        var workspace = try Self.workspace()
        for index in workspace.events.indices where workspace.events[index].date >= Day(iso: "2025-09-01")! && index % 2 == 0 {
            workspace.events[index].planned = true
        }
        let planned = workspace.events.filter(\.planned).map(\.id)
        #expect(planned.count >= 3)
        let sandbox = try LuaSandbox()
        let records = SharedRecords(EncodedRecords(workspace), in: sandbox)
        func ids(_ value: LuaValue?) -> [String] {
            guard case .array(let items)? = value else { return [] }
            return items.compactMap { item in if case .record(let event) = item, case .string(let id)? = event["id"] { id } else { nil } }
        }
        for day in ["2026-11-23", "2024-10-15", "2025-11-01"] {
            let model = workspace.state(asOf: Day(iso: day)!)
            let picked = try Self.seen(ScriptState(model, in: sandbox, records: records), in: sandbox)
            #expect(picked == (try Self.seen(ScriptState(model, in: sandbox), in: sandbox)), "\(day)")
            guard case .record(let fields) = picked else { Issue.record("state is not a record on \(day)"); continue }
            let plans = ids(fields["planned_events"])
            #expect(plans == workspace.events.filter { $0.planned && $0.date > Day(iso: day)! }.map(\.id), "\(day)")
            #expect(Set(ids(fields["events"])).isDisjoint(with: planned), "\(day): a planned meeting counted as held")
        }
    }

    /// The comparison above would also pass if every day wrote its events out again: this one
    /// checks that two days give scripts the very same event tables.
    @Test func daysOfOneSandboxShareTheirEventTables() throws {
        let workspace = try Self.workspace()
        let sandbox = try LuaSandbox()
        let records = SharedRecords(EncodedRecords(workspace), in: sandbox)
        let first = workspace.state(asOf: Day(iso: "2025-06-30")!), second = workspace.state(asOf: Day(iso: "2026-11-23")!)
        func identity(of input: ScriptState) throws -> [LuaValue] {
            try sandbox.run(LuaScript(chunkName: "probe.lua", source: "return tostring(state.events[1])"),
                            encodedGlobals: input.globals(derived: [:], others: [:]))
        }
        let picked = (ScriptState(first, in: sandbox, records: records), ScriptState(second, in: sandbox, records: records))
        #expect(try identity(of: picked.0) == identity(of: picked.1))
        let written = (ScriptState(first, in: sandbox), ScriptState(second, in: sandbox))
        #expect(try identity(of: written.0) != identity(of: written.1))
    }

    /// A route's table is shared by the days that know the same of it, and built again for a day
    /// that knows more; schools are the same tables on every day.
    @Test func daysShareRoutesTheyKnowTheSameOfAndSchools() throws {
        let workspace = try Self.workspace()
        let sandbox = try LuaSandbox()
        let records = SharedRecords(EncodedRecords(workspace), in: sandbox)
        let days = ["2026-11-23", "2025-06-30", "2025-09-01"].map { workspace.state(asOf: Day(iso: $0)!) }
        let probe = LuaScript(chunkName: "probe.lua", source: """
            local seen = { schools = tostring(state.schools[1]), routes = {} }
            for _, route in ipairs(state.routes) do seen.routes[route.id] = tostring(route) end
            return seen
            """)
        var identities: [(schools: LuaValue?, routes: [String: LuaValue])] = []
        for day in days {
            let input = ScriptState(day, in: sandbox, records: records)  // holds the day's tables while the probe runs
            let seen = try withExtendedLifetime(input) {
                try sandbox.run(probe, encodedGlobals: input.globals(derived: [:], others: [:]))
            }
            guard case .record(let fields)? = seen.first, case .record(let routes)? = fields["routes"] else {
                Issue.record("the probe returned \(seen)")
                return
            }
            identities.append((fields["schools"], routes))
        }
        #expect(identities[0].schools == identities[1].schools && identities[1].schools == identities[2].schools)
        var same = 0, changed = 0
        for (first, second) in [(0, 1), (1, 2), (0, 2)] {
            for route in days[first].routes {
                guard let other = days[second].routes.first(where: { $0.route.id == route.route.id }) else { continue }
                let known = (route.stages.count, route.requirementsMet.count, route.cohorts.count)
                let otherKnown = (other.stages.count, other.requirementsMet.count, other.cohorts.count)
                let tables = (identities[first].routes[route.route.id], identities[second].routes[route.route.id])
                if known == otherKnown {
                    same += 1
                    #expect(tables.0 == tables.1, "route \(route.route.id) was built again for \(days[second].asOf)")
                } else {
                    changed += 1
                    #expect(tables.0 != tables.1, "route \(route.route.id) changed by \(days[second].asOf) but kept its table")
                }
            }
        }
        // The default workspace has routes of both kinds between these days.
        #expect(same > 0 && changed > 0, "same \(same), changed \(changed)")
    }

    @Test func aPrivateCopyAndASharedStateReadTheSame() throws {
        let workspace = try Self.workspace()
        let model = workspace.state(asOf: Day(iso: "2025-06-30")!)
        let sandbox = try LuaSandbox()
        let records = SharedRecords(EncodedRecords(workspace), in: sandbox)
        let shared = try Self.seen(ScriptState(model, in: sandbox, records: records), in: sandbox)
        let copied = try Self.seen(ScriptState(model, in: sandbox, records: records, privateCopies: true), in: sandbox)
        #expect(shared == copied)
        // A private copy may be changed by its script (koers check's watch sets metatables on it).
        let results = try sandbox.run(LuaScript(chunkName: "probe.lua", source: "state.events = nil; return #state.schools"),
                                      encodedGlobals: ScriptState(model, in: sandbox, privateCopies: true).globals(derived: [:], others: [:]))
        #expect(results == [.integer(Int64(model.schools.count))])
    }
}
