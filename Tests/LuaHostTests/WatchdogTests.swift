import Dispatch
import Foundation
import LuaHost
import Testing

/// The default metering: no instruction budget, no hook while a script runs, and a timer on the
/// thread's CPU clock that has the next instruction check the deadline and the memory cap every
/// 10 ms. Every place a runaway script can hide must still be reached.
@Suite("Sandbox: the watchdog (no instruction budget)")
struct WatchdogTests {
    static let limits = LuaLimits(memoryBytes: 16 << 20, milliseconds: 150)

    @Test func theDefaultIsTheWatchdog() {
        #expect(LuaLimits.default.instructions == nil)
    }

    @Test(arguments: [
        "while true do end",
        "local x = 0 while true do x = x + 1 end",
        "while true do pcall(function() while true do end end) end",
        "for i = 1, 100 do pcall(function() while true do end end) end while true do end",
        "xpcall(error, function() while true do end end) return 'escaped'",
        "coroutine.wrap(function() while true do end end)()",
        "local co = coroutine.create(function() while true do end end) coroutine.resume(co) while true do end",
        // A coroutine that swallows its inner coroutine's budget error and goes on looping.
        """
        coroutine.wrap(function()
          pcall(coroutine.wrap(function() while true do end end))
          while true do end
        end)()
        """,
        """
        local co = coroutine.create(function()
          local guard <close> = setmetatable({}, {__close = function() while true do end end})
          while true do end
        end)
        coroutine.resume(co)
        coroutine.close(co)
        """,
        "do local guard <close> = setmetatable({}, {__close = function() while true do end end}) end",
        "local t = {3, 2, 1}; table.sort(t, function(a, b) while true do end end)",
        #"return ("a"):rep(5000):gsub("(a-)(a-)(a-)b", "%1")"#,
        "table.move({}, 1, math.maxinteger - 1, 2, {})",
        #"print(setmetatable({}, {__tostring = function() while true do end end}))"#,
        #"load(function() return "x = 1 " end)"#,
    ])
    func stopsARunaway(source: String) throws {
        let sandbox = try LuaSandbox(limits: Self.limits)
        let started = ContinuousClock.now
        let error = failure(of: source, in: sandbox)
        let took = ContinuousClock.now - started
        #expect(error?.kind == .timeLimit || error?.kind == .memoryLimit, "\(String(describing: error))")
        if error?.kind == .timeLimit {
            #expect(error?.message.contains("time limit exceeded (150 ms)") == true, "\(String(describing: error))")
            #expect(error?.chunk == "test.lua")
        }
        // A bound on the stop, not a speed test: one deadline plus ticks, far below a runaway.
        #expect(took < .seconds(10), "stopped only after \(took)")
        try expectHealthy(sandbox)
    }

    @Test func theMemoryCapStopsAtTheLineThatPassesIt() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(memoryBytes: 16 << 20, milliseconds: 10_000))
        let error = failure(of: "local t = {}\nfor i = 1, 1e9 do t[i] = { i } end", in: sandbox)
        #expect(error?.kind == .memoryLimit)
        #expect(error?.line == 2)
        #expect(sandbox.memoryPeak <= (16 << 20) + (2 << 20))
        try expectHealthy(sandbox)
    }

    /// Garbage past the soft cap is collected, not blamed: a script that churns through far more
    /// than its cap in short-lived tables finishes.
    @Test func garbageIsNotBlamed() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(memoryBytes: 16 << 20, milliseconds: 10_000))
        #expect(try sandbox.run(script("""
            local n = 0
            for i = 1, 2e6 do local t = { i, i + 1, tostring(i) } n = n + #t end
            return n
            """)) == [6_000_000])
    }

    /// Scripts that finish give the same results with and without the instruction budget.
    @Test func sameResultsEitherWay() throws {
        let source = """
            local t = {} for i = 1, 5000 do t[#t + 1] = (i * 7919) % 1000 end
            table.sort(t)
            local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
            local words = {} for w in ("een twee drie"):gmatch("%a+") do words[#words + 1] = w:upper() end
            return t[1], t[5000], co() + co() + co(), table.concat(words, ",")
            """
        let watched = try LuaSandbox(limits: Self.limits).run(script(source))
        let counted = try LuaSandbox(limits: LuaLimits(instructions: 50_000_000, memoryBytes: 16 << 20)).run(script(source))
        #expect(watched == counted)
        #expect(watched == [0, 999, 6, "EEN,TWEE,DRIE"])
    }

    /// Each thread has its own timer: sandboxes on several threads at once are each stopped,
    /// and a sandbox used from one thread after another is watched on each.
    @Test func everyThreadIsWatched() throws {
        let stopped = Counter()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            guard let sandbox = try? LuaSandbox(limits: Self.limits) else { return }
            for _ in 0..<2 {
                do { _ = try sandbox.run(script("while true do end")) } catch let error as LuaError where error.kind == .timeLimit {
                    stopped.add()
                } catch {}
            }
        }
        #expect(stopped.value == 8)
    }

    @Test func anInstructionLimitStillCountsExactly() throws {
        try expectContained("while true do end", kind: .instructionLimit, message: "instruction budget exhausted (100000 instructions)",
                            limits: LuaLimits(instructions: 100_000, memoryBytes: 16 << 20, milliseconds: 60_000))
    }
}

/// A thread-safe tally for tests that run on several threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
