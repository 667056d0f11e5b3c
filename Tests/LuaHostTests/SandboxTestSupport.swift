import Foundation
import LuaHost
import Testing

/// Budgets small enough that abuse tests finish fast, and the instruction budget (which is
/// deterministic) fires before the wall clock.
let testLimits = LuaLimits(instructions: 5_000_000, memoryBytes: 16 << 20, milliseconds: 5_000)

func script(_ source: String, name: String = "test.lua") -> LuaScript {
    LuaScript(chunkName: name, source: source)
}

/// Runs `source` and returns the error it must fail with.
func failure(of source: String, in sandbox: LuaSandbox, sourceLocation: SourceLocation = #_sourceLocation) -> LuaError? {
    do {
        let results = try sandbox.run(script(source))
        Issue.record("expected the script to fail, it returned \(results)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The sandbox survived: a normal script runs and sees pristine libraries.
func expectHealthy(_ sandbox: LuaSandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let probe = """
        local t = {3, 1, 2}; table.sort(t)
        return string.upper("ok") .. ("!"):rep(2), t[1] + t[3], type(print), type(os), math.pi
        """
    #expect(try sandbox.run(script(probe, name: "next.lua")) == ["OK!!", 4, "function", "nil", .number(Double.pi)],
            sourceLocation: sourceLocation)
}

/// Checks that `source` is contained: it fails with `kind`, its message contains `message`,
/// and the same sandbox then runs a normal script.
func expectContained(_ source: String, kind: LuaError.Kind, message: String, limits: LuaLimits = testLimits,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
    let sandbox = try LuaSandbox(limits: limits)
    let error = failure(of: source, in: sandbox, sourceLocation: sourceLocation)
    #expect(error?.kind == kind, "\(String(describing: error))", sourceLocation: sourceLocation)
    #expect(error?.message.contains(message) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
    #expect(error?.chunk == "test.lua", sourceLocation: sourceLocation)
    try expectHealthy(sandbox, sourceLocation: sourceLocation)
}
