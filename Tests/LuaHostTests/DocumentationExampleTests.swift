import LuaHost
import Testing

/// The example in LuaHost.docc/LuaHost.md, so the documentation stays true.
@Test func luaHostOverviewExampleRuns() throws {
    var printed: [String] = []
    let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 50_000_000)) { line in
        printed.append(line.text)
    }
    try sandbox.register("today") { _ in ["2025-07-31"] }
    let results = try sandbox.run(
        LuaScript(chunkName: "rules/decanen.lua", source: "print(#state.meetings) return {count = 4, date = today()}"),
        globals: ["state": ["meetings": [1, 2, 3, 4]]])
    #expect(results == [["count": 4, "date": "2025-07-31"]])
    #expect(printed == ["4"])
}

/// The shared-value example in LuaHost.docc/LuaHost.md.
@Test func luaHostSharedValueExampleRuns() throws {
    let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 50_000_000))
    let bigValue: LuaValue = ["meetings": [1, 2, 3, 4]]
    let rules = [LuaScript(chunkName: "rules/a.lua", source: "return #state.meetings"),
                 LuaScript(chunkName: "rules/b.lua", source: "state.meetings = nil")]
    var state = LuaTape()
    state.append(bigValue)
    let shared = try sandbox.share(state)
    var globals = LuaTape()
    globals.push(shared)
    globals.setField("state")
    #expect(try sandbox.run(rules[0], encodedGlobals: [globals]) == [4])
    #expect(throws: LuaError.self) { try sandbox.run(rules[1], encodedGlobals: [globals]) }
    #expect(try sandbox.run(rules[0], encodedGlobals: [globals]) == [4])
}
