import Foundation
import LuaHost
import Testing

@Suite("Values crossing between Swift and Lua")
struct ValueCrossingTests {
    @Test func scalarsKeepTheirKinds() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let results = try sandbox.run(script("return nil, true, 3, 3.0, 2^53, math.maxinteger, 'häll\\u{F6}', ''"))
        #expect(results == [.nil, true, .integer(3), .number(3.0), .number(9007199254740992), .integer(Int64.max), "hällö", ""])
    }

    @Test func globalsRoundTripWithIntegersAndFloatsApart() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let state: LuaValue = [
            "schools": [["id": "MLO", "levels": ["vmbo-b", "vmbo-k"], "students": 120], ["id": "TN", "share": 0.5]],
            "empty": [], "flag": false, "name": "Doorlopend leren vo-mbo — één",
        ]
        let results = try sandbox.run(script("""
            return state, math.type(state.schools[1].students), math.type(state.schools[2].share), #state.schools
            """), globals: ["state": state])
        #expect(results == [state, "integer", "float", 2])
    }

    @Test func resultPathsNameTheBadValue() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let cases: [(String, String)] = [
            ("return {items = {{}, {}, {school = print}}}", "result.items[3].school is a function"),
            ("local t = {}; t.self = t; return {a = {t}}", "result.a[1].self is a table that contains itself"),
            ("return {1, 2, nil, 4}", "is a list with a gap"),
            ("return {1, 2, name = 'x'}", "result mixes list items"),
            ("return {[1.5] = true}", "non-integer number key"),
            ("return {[true] = 1}", "has a boolean key"),
            ("return {['a b'] = {x = '\\xff'}}", #"result["a b"].x is not valid UTF-8 text"#),
            ("return coroutine.create(print)", "result is a thread"),
        ]
        for (source, expected) in cases {
            let error = failure(of: source, in: sandbox)
            #expect(error?.kind == .invalidValue, "\(source)")
            #expect(error?.message.contains(expected) == true, "\(source): \(String(describing: error))")
            #expect(error?.chunk == "test.lua")
        }
    }

    @Test func nestingDeeperThanTheLimitIsRefused() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(maximumDepth: 10))
        let error = failure(of: "local t = 1 for i = 1, 20 do t = {t} end return t", in: sandbox)
        #expect(error?.message == "result[1][1][1][1][1][1][1][1][1][1] is nested more than 10 tables deep")
        #expect(try sandbox.run(script("local t = 1 for i = 1, 9 do t = {t} end return t")).count == 1)
    }

    @Test func metamethodsDoNotRunWhenResultsAreRead() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let results = try sandbox.run(script("""
            local hostile = {__index = function() while true do end end, __pairs = function() error("no") end,
                             __len = function() error("no") end}
            return setmetatable({a = 1}, hostile)
            """))
        #expect(results == [["a": 1]])
    }

    @Test func jsonKeepsNumberKindsAndSortsKeys() throws {
        let value: LuaValue = ["b": [1, 2.5, 3.0], "a": "x\"\n", "c": .nil, "d": [:]]
        #expect(try value.jsonText(pretty: false) == #"{"a":"x\"\n","b":[1,2.5,3.0],"c":null,"d":{}}"#)
        #expect(throws: LuaError.self) { try LuaValue.array([.number(.nan)]).jsonText() }
    }
}

@Suite("Swift functions called from Lua")
struct HostFunctionTests {
    @Test func argumentsAndResultsCross() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        try sandbox.register("add") { arguments in
            guard arguments.count == 2, case .integer(let a) = arguments[0], case .integer(let b) = arguments[1] else {
                throw LuaHostFunctionError("expected two integers")
            }
            return [.integer(a + b), ["sum": .integer(a + b)]]
        }
        #expect(try sandbox.run(script("local n, t = add(2, 3); return n, t.sum")) == [5, 5])
    }

    /// The proof that no Lua error unwinds through Swift: a host function that fails runs its
    /// `defer`, whether Lua catches the error (pcall) or not, and whether the failure is a Swift
    /// error or Lua running out of memory while taking the results.
    @Test func failuresReturnThroughSwiftBeforeLuaRaises() throws {
        final class Counter { var cleanups = 0 }
        let counter = Counter()
        let sandbox = try LuaSandbox(limits: LuaLimits(memoryBytes: 4 << 20))
        try sandbox.register("fail") { _ in
            defer { counter.cleanups += 1 }
            throw LuaHostFunctionError("expected two integers")
        }
        try sandbox.register("huge") { _ in
            defer { counter.cleanups += 1 }
            return [.string(String(repeating: "x", count: 8 << 20))]
        }
        #expect(try sandbox.run(script("return pcall(fail)")) == [false, "fail: expected two integers"])
        let uncaught = failure(of: "local function f() fail() end\nf()", in: sandbox)
        #expect(uncaught?.message == "fail: expected two integers")
        #expect(uncaught?.traceback?.contains("in function 'fail'") == true)
        let memory = try sandbox.run(script("return pcall(huge)"))
        #expect(memory == [false, "not enough memory"])
        #expect(counter.cleanups == 3)
        try expectHealthy(sandbox)
    }

    @Test func hostFunctionsRefuseValuesThatCannotCross() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        try sandbox.register("echo") { $0 }
        #expect(try sandbox.run(script("return pcall(echo, {f = print})")) == [false, "echo: argument #1.f is a function; only nil, booleans, numbers, strings and tables of those can be passed between Lua and Koers"])
    }
}

@Suite("Errors say where and what")
struct ErrorReportingTests {
    @Test func syntaxErrorsCarryChunkAndLine() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        do {
            _ = try sandbox.run(LuaScript(chunkName: "rules/decanen.lua", source: "local x = 1\nif x then\n  return x\n"))
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.chunk == "rules/decanen.lua")
            #expect(error.line == 4)
            #expect(error.description.hasPrefix("rules/decanen.lua:4: 'end' expected"))
        }
    }

    @Test func runtimeErrorsCarryATraceback() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        do {
            _ = try sandbox.run(LuaScript(chunkName: "rules/x.lua", source: "local function judge(t)\n  return t.value + 1\nend\nreturn judge({})"))
            Issue.record("expected a runtime error")
        } catch {
            #expect(error.kind == .runtime)
            #expect(error.line == 2)
            #expect(error.message == "attempt to perform arithmetic on a nil value (field 'value')")
            #expect(error.traceback?.contains("rules/x.lua:2: in function <rules/x.lua:1>") == true)
        }
    }

    @Test func budgetErrorsSayHowToRaiseTheBudget() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let error = failure(of: "local n = 0\nwhile true do n = n + 1 end", in: sandbox)
        #expect(error?.line == 2)
        #expect(error?.description.contains("instruction budget exhausted (5000000 instructions)") == true)
        #expect(error?.hint?.contains("raise LuaLimits.instructions") == true)
    }

    @Test func printAndWarnGoToTheHost() throws {
        final class Lines { var all: [LuaOutputLine] = [] }
        let lines = Lines()
        let sandbox = try LuaSandbox(limits: testLimits) { lines.all.append($0) }
        _ = try sandbox.run(script("print('a', 1, 2.0, nil, true) warn('careful', '!') warn('@on')"))
        #expect(lines.all == [LuaOutputLine(text: "a\t1\t2.0\tnil\ttrue", isWarning: false),
                              LuaOutputLine(text: "careful!", isWarning: true)])
    }

    @Test func randomNumbersAreTheSameForEveryScript() throws {
        let first = try LuaSandbox(limits: testLimits).run(script("return math.random(1, 1000000), math.random()"))
        let sandbox = try LuaSandbox(limits: testLimits)
        _ = try sandbox.run(script("for i = 1, 10 do math.random() end"))
        #expect(try sandbox.run(script("return math.random(1, 1000000), math.random()")) == first)
    }

    @Test func sortIsStableAndMatchesLuaForStrictOrders() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let results = try sandbox.run(script("""
            local rows = {}
            for i = 1, 500 do rows[i] = {key = i % 7, id = i} end
            table.sort(rows, function(a, b) return a.key < b.key end)
            for i = 2, #rows do
              local a, b = rows[i - 1], rows[i]
              if a.key > b.key or (a.key == b.key and a.id > b.id) then return false end
            end
            local words = {"havo", "PrO", "vmbo-b", "mbo", "vso"}
            table.sort(words)
            return true, words
            """))
        #expect(results == [true, ["PrO", "havo", "mbo", "vmbo-b", "vso"]])
    }

    /// Plain lists of numbers are sorted in C (table_library.c); every kind of list must come out
    /// exactly as the general merge sort leaves it (forced here by a comparator), in every order
    /// of input: random with duplicates, sorted, reversed, all equal, and the mixes (integers with
    /// floats, zeros, NaN) that must take the general path.
    @Test func numberListsSortAsTheGeneralPathDoes() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 200_000_000, memoryBytes: 64 << 20))
        let results = try sandbox.run(script("""
            local function lists()
              local x, out = 7, {}
              local function random(n, f)
                local t = {}
                for i = 1, n do x = (x * 1103515245 + 12345) % 2147483648; t[i] = f(x) end
                return t
              end
              out[#out + 1] = random(5000, function(v) return v % 97 end)
              out[#out + 1] = random(5000, function(v) return (v % 1000) / 8 end)
              out[#out + 1] = random(3000, function(v) return v % 2 == 0 and v % 50 or (v % 50) + 0.0 end)
              out[#out + 1] = random(2000, function(v) return v % 3 == 0 and -0.0 or (v % 3 == 1 and 0.0 or v % 5 - 2.5) end)
              out[#out + 1] = random(1000, function(v) return v % 2 == 0 and math.mininteger or math.maxinteger end)
              local sorted, reversed, equal = {}, {}, {}
              for i = 1, 4000 do sorted[i] = i; reversed[i] = 4001 - i; equal[i] = 5 end
              out[#out + 1] = sorted; out[#out + 1] = reversed; out[#out + 1] = equal
              out[#out + 1] = {3, 1, 2}
              return out
            end
            local function show(t)
              local parts = {}
              for i, v in ipairs(t) do parts[i] = string.format("%s:%s", math.type(v), tostring(v)) end
              return table.concat(parts, " ")
            end
            local same = 0
            for i, t in ipairs(lists()) do
              local copy = table.move(t, 1, #t, 1, {})
              table.sort(t)
              table.sort(copy, function(a, b) return a < b end)
              if show(t) ~= show(copy) then return "list " .. i .. " differs" end
              for k = 2, #t do if t[k] < t[k - 1] then return "list " .. i .. " is not sorted" end end
              same = same + 1
            end
            return same
            """))
        #expect(results == [9])
    }
}
