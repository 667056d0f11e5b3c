import Foundation
import LuaHost
import Testing

/// One sandbox running many scripts in turn, with globals written once as tapes: how Koers runs
/// every rule on every day of a report.
@Suite("Reusing a sandbox")
struct SandboxReuseTests {
    @Test func runsDoNotSeeEachOther() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let shared = LuaTape.globals(["data": ["items": [1, 2, 3]]])
        #expect(try sandbox.run(script("data.items[1] = 99; leaked = true; string.x = 1; return #data.items"),
                                encodedGlobals: [shared]) == [3])
        #expect(try sandbox.run(script("return data.items[1], leaked, string.x"), encodedGlobals: [shared]) == [1, .nil, .nil])
        try expectHealthy(sandbox)
    }

    @Test func tapesCanStoreIntoWhatEarlierTapesPushed() throws {
        var body = LuaTape()
        body.newTable(fieldCount: 1)
        body.push("body")
        body.setField("part")
        var tail = LuaTape()
        tail.append(["x": 1])
        tail.setField("extra")
        tail.setField("state")
        let sandbox = try LuaSandbox(limits: testLimits)
        let results = try sandbox.run(script("return state.part, state.extra.x, other"),
                                      encodedGlobals: [LuaTape.globals(["other": "o"]), body, tail])
        #expect(results == ["body", 1, "o"])
    }

    @Test func aTapeReadsBackAsTheValueItWasWrittenFrom() {
        let value: LuaValue = ["name": "Mundus", "levels": ["vmbo-b", "vmbo-k"], "count": 3, "share": 0.5, "open": true,
                               "nested": ["deep": ["x": "y"]]]
        var tape = LuaTape()
        tape.append(value)
        #expect(tape.values() == [value])
        var withNil = LuaTape()
        withNil.newTable(fieldCount: 2)
        withNil.push("a")
        withNil.setField("present")
        withNil.pushNil()
        withNil.setField("absent")
        #expect(withNil.values() == [.record(["present": "a", "absent": .nil])])  // a field built as nil is still a known field
    }

    @Test func aChangedScriptUnderTheSameNameIsCompiledAgain() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        #expect(try sandbox.run(script("return 1", name: "rules/x.lua")) == [1])
        #expect(try sandbox.run(script("return 1", name: "rules/x.lua")) == [1])
        #expect(try sandbox.run(script("return 2", name: "rules/x.lua")) == [2])
        #expect(failure(of: "return = 3", in: sandbox)?.kind == .syntax)
    }

    @Test func aCachedChunkGetsTheEnvironmentOfItsOwnRun() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let source = script("counter = (counter or 0) + 1; return counter, who", name: "rules/same.lua")
        #expect(try sandbox.run(source, globals: ["who": "first"]) == [1, "first"])
        #expect(try sandbox.run(source, globals: ["who": "second"]) == [1, "second"])
    }

    @Test func theMemoryCapCountsWhatARunAddsNotWhatTheHostGaveIt() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 50_000_000, memoryBytes: 8 << 20, milliseconds: 5_000))
        // The host's value (about 12 MiB) is bigger than the script's cap, and the script may still read it.
        let big = LuaValue.array((0..<100_000).map { .string("record number \($0) with some text") })
        let globals = LuaTape.globals(["big": big])
        #expect(try sandbox.run(script("return #big"), encodedGlobals: [globals]) == [100_000])
        // What the script builds itself is capped as before, in the same sandbox.
        let error = failure(of: "local t = {} for i = 1, 1e7 do t[i] = ('x'):rep(64) .. i end", in: sandbox)
        #expect(error?.kind == .memoryLimit)
        #expect(try sandbox.run(script("return #big"), encodedGlobals: [globals]) == [100_000])
    }
}
