import CovenantModel
import Foundation
import LuaHost
import RuleEngine
import Testing
import WorkspaceLoader

/// How a day's state reaches scripts: built once per sandbox, read-only, with events built once
/// for every day the sandbox judges.
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

    @Test func eventsPickedFromSharedRecordsAreTheDaysEvents() throws {
        let workspace = try Self.workspace()
        let sandbox = try LuaSandbox()
        let records = SharedRecords(EncodedRecords(workspace), in: sandbox)
        // Days out of order, one before any event: each day picks only the events held by then.
        for day in ["2026-11-23", "2023-01-01", "2024-10-15", "2025-06-30"] {
            let model = workspace.state(asOf: Day(iso: day)!)
            let picked = try Self.seen(ScriptState(model, in: sandbox, records: records), in: sandbox)
            let written = try Self.seen(ScriptState(model, in: sandbox), in: sandbox)
            #expect(picked == written, "state.events picked from shared records differs on \(day)")
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
