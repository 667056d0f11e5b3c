#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LuaHost
import Testing

/// Escape and abuse attempts that the sandbox must contain. Each also checks that the same
/// sandbox runs a normal script afterwards (the process lives, the state is usable).
@Suite("Sandbox: escape and abuse attempts")
struct SandboxEscapeTests {
    // MARK: Libraries that must not be there

    @Test func dangerousLibrariesAreAbsent() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let absent = try sandbox.run(script("return os, debug, dofile, loadfile, string.dump, math.randomseed"))
        #expect(absent == Array(repeating: .nil, count: 6))
        // `io` is a stand-in that libraries can read at load time; every function in it refuses.
        try expectContained(#"return io.open("/etc/passwd")"#, kind: .runtime,
                            message: "io.open is not available in the Koers sandbox (scripts have no file access)")
        try expectContained(#"io.stdout:write("x")"#, kind: .runtime, message: "io.write is not available in the Koers sandbox")
        // `package` is there for libraries that read it, without anything that loads code.
        let package = try sandbox.run(script("return package.loadlib, package.searchers, type(package.searchpath), package.cpath, type(package.loaded)"))
        #expect(package == [.nil, .nil, "function", "", "table"])
        try expectHealthy(sandbox)
    }

    @Test func packageLoadlibIsUnreachable() throws {
        try expectContained(#"return package.loadlib("libc.so.6", "system")"#, kind: .runtime, message: "field 'loadlib'")
        try expectContained(#"package.loadlib = function() end"#, kind: .runtime, message: "package.loadlib cannot be changed in the Koers sandbox")
        try expectContained(#"return require("os")"#, kind: .runtime, message: "module 'os' is not available in the Koers sandbox")
    }

    @Test func osExecuteIsUnreachable() throws {
        try expectContained(#"os.execute("touch /tmp/koers-pwned")"#, kind: .runtime, message: "global 'os'")
    }

    @Test func stringDumpThenLoadIsImpossible() throws {
        try expectContained("local f = string.dump(function() end); return load(f)", kind: .runtime, message: "field 'dump'")
    }

    @Test func binaryChunkThroughLoadIsRefused() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let results = try sandbox.run(script(#"return load("\27LuaT\0\25\147\r\n\26\n")"#))
        #expect(results.first == .nil)
        #expect(results.count == 2)
        if case .string(let message)? = results.last { #expect(message.contains("binary chunk")) }
        let modeB = try sandbox.run(script(#"return load("return 1", "x", "b")"#))
        #expect(modeB.first == .nil)
        try expectHealthy(sandbox)
    }

    @Test func binaryChunkAsScriptIsRefused() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let binary = LuaScript(chunkName: "rules/compiled.lua", bytes: [0x1B, 0x4C, 0x75, 0x61, 0x54, 0x00, 0x19, 0x93])
        #expect(throws: LuaError.self) { try sandbox.run(binary) }
        do { _ = try sandbox.run(binary) } catch {
            #expect(error.kind == .binaryChunk)
            #expect(error.chunk == "rules/compiled.lua")
        }
        try expectHealthy(sandbox)
    }

    @Test func loadDefaultsToTheCallersEnvironmentNotTheSharedOne() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let results = try sandbox.run(script("""
            local env = load("return _ENV")()
            load("leaked = true")()
            return env == _ENV, rawget(env, "os"), leaked
            """))
        #expect(results == [true, .nil, true])
        #expect(try sandbox.run(script("return leaked")) == [.nil])
    }

    // MARK: require

    @Test func requireWithoutModuleFoldersFails() throws {
        try expectContained(#"return require("socket.core")"#, kind: .runtime, message: "no module folders")
    }

    @Test func requireRefusesPathsAndCModules() throws {
        let folder = try TemporaryFolder()
        try folder.write("rules/helpers.lua", "return {answer = 42}")
        let sandbox = try LuaSandbox(limits: testLimits, modules: folder.modules)
        for name in ["../secret", "/etc/passwd", "rules/../../x", "a..b", "x-y", ""] {
            let error = failure(of: "return require(\"\(name)\")", in: sandbox)
            #expect(error?.message.contains("is not a module name") == true, "\(name): \(String(describing: error))")
        }
        let missing = failure(of: #"return require("socket.core")"#, in: sandbox)
        #expect(missing?.message.contains("module 'socket.core' not found; looked for rules/socket/core.lua") == true)
        #expect(try sandbox.run(script(#"return require("helpers").answer"#)) == [42])
        try expectHealthy(sandbox)
    }

    @Test func requireRefusesASymlinkOutOfItsFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("outside.lua", "return 'escaped'")
        try folder.write("rules/.keep", "")
        try FileManager.default.createSymbolicLink(
            at: folder.url.appendingPathComponent("rules/evil.lua"),
            withDestinationURL: folder.url.appendingPathComponent("outside.lua"))
        let sandbox = try LuaSandbox(limits: testLimits, modules: folder.modules)
        let error = failure(of: #"return require("evil")"#, in: sandbox)
        #expect(error?.message.contains("outside its folder") == true, "\(String(describing: error))")
        try expectHealthy(sandbox)
    }

    /// A module file that is a link to nowhere or a FIFO says so; it is not "not found", and the
    /// FIFO is never opened (reading it would hang the rule).
    @Test func aModuleThatIsNotAFileSaysWhy() throws {
        let folder = try TemporaryFolder()
        try folder.write("rules/.keep", "")
        try FileManager.default.createSymbolicLink(atPath: folder.url.appendingPathComponent("rules/gone.lua").path, withDestinationPath: "nowhere.lua")
        #expect(mkfifo(folder.url.appendingPathComponent("rules/pipe.lua").path, 0o644) == 0)
        let sandbox = try LuaSandbox(limits: testLimits, modules: folder.modules)
        let gone = failure(of: #"return require("gone")"#, in: sandbox)
        #expect(gone?.message.contains("require: module 'gone' (rules/gone.lua) cannot be read: the file is a link to 'nowhere.lua', which does not exist") == true,
                "\(String(describing: gone))")
        let pipe = failure(of: #"return require("pipe")"#, in: sandbox)
        #expect(pipe?.message.contains("cannot be read: this is not a file but a device, pipe or socket") == true, "\(String(describing: pipe))")
        try expectHealthy(sandbox)
    }

    @Test func requiredModulesLoadAsTextOnlyAndReportTheirOwnFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("rules/broken.lua", "return {\n  oops = = 1\n}")
        try folder.write("rules/binary.lua", "\u{1B}LuaT\u{0}")
        let sandbox = try LuaSandbox(limits: testLimits, modules: folder.modules)
        let broken = failure(of: #"return require("broken")"#, in: sandbox)
        #expect(broken?.chunk == "rules/broken.lua")
        #expect(broken?.line == 2)
        let binary = failure(of: #"return require("binary")"#, in: sandbox)
        #expect(binary?.message.contains("binary chunk") == true, "\(String(describing: binary))")
        try expectHealthy(sandbox)
    }

    /// A sandbox keeps a module's text after its first `require`; every run still gets a fresh
    /// module in its own environment, and a broken module fails the same way every time.
    @Test func eachRunRequiresAFreshModuleInItsOwnEnvironment() throws {
        let folder = try TemporaryFolder()
        try folder.write("rules/counter.lua", "local M = { count = 0 }\nfunction M.bump() M.count = M.count + 1; return M.count, marker end\nreturn M")
        try folder.write("rules/broken.lua", "return {\n  oops = = 1\n}")
        let sandbox = try LuaSandbox(limits: testLimits, modules: folder.modules)
        for marker in ["one", "two", "three"] {
            #expect(try sandbox.run(script("marker = '\(marker)'; return require('counter').bump()")) == [1, .string(marker)])
            let broken = failure(of: #"return require("broken")"#, in: sandbox)
            #expect(broken?.chunk == "rules/broken.lua" && broken?.line == 2, "\(String(describing: broken))")
        }
        try expectHealthy(sandbox)
    }

    // MARK: One script cannot affect another

    @Test func changingGlobalsAndLibrariesDoesNotReachTheNextScript() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        _ = try sandbox.run(script("""
            string.upper = function() return "pwned" end
            table.sort = nil; math.pi = 3; print = nil; leaked = "yes"
            setmetatable(_G, {__index = function() error("trapped") end})
            """))
        #expect(try sandbox.run(script(#"return string.upper("a"), math.pi, leaked, ("a"):upper()"#))
                == ["A", .number(Double.pi), .nil, "A"])
        try expectHealthy(sandbox)
    }

    @Test func setmetatableOnGlobalsAndEnvTricksStayLocal() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let results = try sandbox.run(script("""
            setmetatable(_G, nil)
            local ok1 = pcall(function() local _ENV = {}; return io.open end)
            local _ENV = setmetatable({}, {__index = _G})
            return ok1, rawget(_G, "os")
            """))
        #expect(results == [false, .nil])
        try expectHealthy(sandbox)
    }

    @Test func theStringMetatableIsLocked() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        #expect(try sandbox.run(script(#"return getmetatable("")"#)) == ["locked"])
        let error = failure(of: #"getmetatable("").__index.upper = function() return "pwned" end"#, in: sandbox)
        #expect(error?.kind == .runtime)
        let second = failure(of: #"setmetatable("", {})"#, in: sandbox)
        #expect(second?.message.contains("table expected") == true)
        try expectHealthy(sandbox)
    }

    // MARK: Memory

    @Test func collectgarbageOnlyCounts() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let count = try sandbox.run(script(#"return collectgarbage("count")"#))
        guard case .number(let kilobytes)? = count.first else { Issue.record("no count: \(count)"); return }
        #expect(kilobytes > 0)
        for option in ["stop", "collect", "step", "incremental", "generational"] {
            let error = failure(of: "collectgarbage(\"\(option)\")", in: sandbox)
            #expect(error?.message.contains("only collectgarbage(\"count\")") == true)
        }
        try expectHealthy(sandbox)
    }

    @Test func collectgarbageStopWithGrowthHitsTheCap() throws {
        try expectContained("""
            pcall(collectgarbage, "stop")
            local t = {}
            while true do t[#t + 1] = {} end
            """, kind: .memoryLimit, message: "memory cap exceeded (16 MiB)",
            limits: LuaLimits(instructions: 500_000_000, memoryBytes: 16 << 20))
    }

    @Test func stringRepPastTheCap() throws {
        try expectContained(#"local s = string.rep("x", 2^30)"#, kind: .memoryLimit, message: "memory cap exceeded")
    }

    @Test func stringDoublingPastTheCap() throws {
        try expectContained(#"local s = "x" while true do s = s .. s end"#, kind: .memoryLimit, message: "memory cap exceeded")
    }

    @Test func tableGrowthPastTheCapNamesTheLine() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 500_000_000, memoryBytes: 16 << 20))
        // Many small tables: the cap is passed a little at a time, so the budget check between
        // instructions catches it (a single allocation far past the cap fails at once, without a line).
        let error = failure(of: "local t = {}\nfor i = 1, 1e9 do t[i] = { i } end", in: sandbox)
        #expect(error?.kind == .memoryLimit)
        #expect(error?.line == 2)
        #expect(error?.hint?.contains("memoryBytes") == true)
        try expectHealthy(sandbox)
        #expect(sandbox.memoryUsed < 16 << 20)
        #expect(sandbox.memoryPeak <= (16 << 20) + (2 << 20))
    }

    @Test func finalizersAreRefusedBecauseNoBudgetHoldsInThem() throws {
        try expectContained("""
            setmetatable({}, {__gc = function() while true do end end})
            """, kind: .runtime, message: "__gc metamethods are not allowed")
        // Adding __gc after setmetatable does not mark the object (Lua 5.4), so it never runs.
        let sandbox = try LuaSandbox(limits: testLimits)
        #expect(try sandbox.run(script("""
            local mt = {}
            local t = setmetatable({}, mt)
            mt.__gc = function() while true do end end
            t = nil
            for i = 1, 20000 do local garbage = {i} end
            return "done"
            """)) == ["done"])
        try expectHealthy(sandbox)
    }

    // MARK: Instruction budget

    @Test func infiniteLoop() throws {
        try expectContained("while true do end", kind: .instructionLimit, message: "instruction budget exhausted")
    }

    @Test func infiniteLoopInsidePcall() throws {
        try expectContained("while true do pcall(function() while true do end end) end",
                            kind: .instructionLimit, message: "instruction budget exhausted")
    }

    @Test func infiniteLoopInsideACoroutine() throws {
        try expectContained("coroutine.wrap(function() while true do end end)()",
                            kind: .instructionLimit, message: "instruction budget exhausted")
    }

    @Test func infiniteLoopInsideAnXpcallHandler() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let error = failure(of: "xpcall(error, function() while true do end end) return 'escaped'", in: sandbox)
        #expect(error?.kind == .instructionLimit)
        try expectHealthy(sandbox)
    }

    @Test func closeHandlersOfAFailedCoroutineDoNotRunAfterTheBudgetIsSpent() throws {
        try expectContained("""
            local co = coroutine.create(function()
              local guard <close> = setmetatable({}, {__close = function() while true do end end})
              while true do end
            end)
            coroutine.resume(co)
            coroutine.close(co)
            """, kind: .instructionLimit, message: "instruction budget exhausted")
        try expectContained("""
            coroutine.wrap(function()
              local guard <close> = setmetatable({}, {__close = function() while true do end end})
              while true do end
            end)()
            """, kind: .instructionLimit, message: "instruction budget exhausted")
    }

    @Test func coroutineWrapStillBehavesLikeLua() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        #expect(try sandbox.run(script("""
            local closed = false
            local gen = coroutine.wrap(function(a)
              local guard <close> = setmetatable({}, {__close = function() closed = true end})
              local b = coroutine.yield(a + 1)
              error("stop " .. b)
            end)
            local first = gen(1)
            local ok, message = pcall(gen, 5)
            return first, ok, message, closed
            """)) == [2, false, "test.lua:5: stop 5", true])
    }

    @Test func swallowingTheBudgetErrorDoesNotHelp() throws {
        try expectContained("""
            for i = 1, 100 do
              local ok, message = pcall(function() while true do end end)
            end
            while true do end
            """, kind: .instructionLimit, message: "instruction budget exhausted")
    }

    @Test func sortComparatorThatNeverReturns() throws {
        try expectContained("local t = {3, 2, 1}; table.sort(t, function(a, b) while true do end end)",
                            kind: .instructionLimit, message: "instruction budget exhausted")
    }

    @Test func tableMoveOverAHugeRangeIsCharged() throws {
        try expectContained("table.move({}, 1, math.maxinteger - 1, 2, {})",
                            kind: .instructionLimit, message: "instruction budget exhausted")
    }

    @Test func cFunctionMetamethodLoopsAreCharged() throws {
        // table.concat would call the C function table.concat as __index for each of 10^12 items.
        try expectContained(#"local t = setmetatable({}, {__index = table.concat}); return table.concat(t, "", 1, 1e12)"#,
                            kind: .instructionLimit, message: "instruction budget exhausted")
    }

    @Test func loadWithAnEndlessReader() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let error = failure(of: #"load(function() return "x = 1 " end)"#, in: sandbox)
        #expect(error?.kind == .instructionLimit || error?.kind == .memoryLimit, "\(String(describing: error))")
        try expectHealthy(sandbox)
    }

    @Test func timeLimitHoldsWithoutAnInstructionBudget() throws {
        try expectContained("while true do end", kind: .timeLimit, message: "time limit exceeded (100 ms)",
                            limits: LuaLimits(instructions: 0, milliseconds: 100))
    }

    @Test func defaultLimitsStopARunawayScript() throws {
        let sandbox = try LuaSandbox()
        let error = failure(of: "local x = 0 while true do x = x + 1 end", in: sandbox)
        #expect(error?.kind == .instructionLimit || error?.kind == .timeLimit)
        try expectHealthy(sandbox)
    }

    // MARK: Patterns (C code that no hook interrupts)

    @Test(arguments: [
        #"return ("a"):rep(700):find(".-.-.-b")"#,
        #"return ("a"):rep(700):match("(.-)(.-)(.-)b")"#,
        #"for x in ("a"):rep(5000):gmatch("a*a*a*b") do end"#,
        #"return ("a"):rep(5000):gsub("(a-)(a-)(a-)b", "%1")"#,
        #"return string.find(("a"):rep(1e6), ("a"):rep(1000) .. "b", 1, true)"#,
    ])
    func pathologicalPatternsStopAtTheInstructionBudget(source: String) throws {
        // The matcher bills its steps to the instruction budget: no estimate, and no hook needed.
        try expectContained(source, kind: .instructionLimit, message: "instruction budget exhausted (5000000 instructions)")
    }

    /// What rule authors write every day runs at any length, and the instruction limit is what
    /// governs a pattern: the same call passes under a larger budget and stops under a smaller one.
    @Test func ordinaryIdiomsRunAtAnyLengthAndTheBudgetGovernsPatterns() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 100_000_000, memoryBytes: 64 << 20, milliseconds: 10_000))
        let results = try sandbox.run(script("""
            local t = {} for i = 1, 20000 do table.insert(t, i) end
            local removed = 0 while #t > 10000 do table.remove(t) removed = removed + 1 end
            local text = string.rep("een  twee\tdrie ", 2000)
            local spaced = text:gsub("%s+", " ")
            local trimmed = ("   " .. string.rep("x", 368) .. "   "):match("^%s*(.-)%s*$")
            local pairs_found = 0
            for k, v in string.rep("sleutel=waarde ", 1000):gmatch("(%w+)=(%w+)") do pairs_found = pairs_found + 1 end
            return #t, removed, #spaced, #trimmed, pairs_found
            """))
        #expect(results == [10000, 10000, 28000, 368, 1000])
        let heavy = #"return ("a"):rep(300):find(".-.-b")"#
        #expect(try LuaSandbox(limits: LuaLimits(instructions: 100_000_000)).run(script(heavy)) == [.nil])
        try expectContained(heavy, kind: .instructionLimit, message: "instruction budget exhausted",
                            limits: LuaLimits(instructions: 100_000, memoryBytes: 16 << 20, milliseconds: 5_000))
    }

    /// Lua's own errors, catchable, where the work would be too large: unpack checks its stack
    /// before it is billed; a wrong argument names the function and the script's line.
    @Test func tableFunctionsCheckTheirArgumentsAsLuaDoes() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let results = try sandbox.run(script("""
            local ok, e = pcall(table.unpack, {}, 1, 1e8)
            local ok2, e2 = pcall(function() local x = table.insert(nil, 1) end)
            local ok3, e3 = pcall(function() local x = table.concat({1, {}, 3}) end)
            local ok4, e4 = pcall(function() local x = string.rep("x", 2, 3, 4):find(nil) end)
            return e, e2, e3, e4
            """))
        #expect(results == ["too many results to unpack", "test.lua:2: bad argument #1 to 'insert' (table expected, got nil)",
                            "test.lua:3: invalid value (table) at index 2 in table for 'concat'",
                            "test.lua:4: bad argument #1 to 'find' (string expected, got nil)"])
    }

    @Test func ordinaryPatternsStillWork() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        let results = try sandbox.run(script("""
            local y, m, d = ("2025-03-14"):match("^(%d+)-(%d+)-(%d+)$")
            local words = {}
            for w in ("vmbo-b vmbo-k havo"):gmatch("%S+") do words[#words + 1] = w end
            return y, m, d, #words, (("a,b;c"):gsub("[,;]", " ")), ("x.y"):find(".", 1, true)
            """))
        #expect(results == ["2025", "03", "14", 3, "a b c", 2, 2])
    }

    // MARK: Errors and recursion

    @Test func deepRecursion() throws {
        try expectContained("local function f() return 1 + f() end return f()", kind: .runtime, message: "stack overflow",
                            limits: LuaLimits(instructions: 50_000_000, memoryBytes: 256 << 20))
    }

    @Test func errorObjectWithAHostileTostring() throws {
        try expectContained("error(setmetatable({}, {__tostring = function() while true do end end}))",
                            kind: .runtime, message: "(error object is a table value)")
    }

    @Test func printWithAHostileTostring() throws {
        try expectContained("print(setmetatable({}, {__tostring = function() while true do end end}))",
                            kind: .instructionLimit, message: "instruction budget exhausted")
    }
}
