import Foundation
import LuaHost
import Testing

/// A value built once in a sandbox and given read-only to many scripts: how Koers gives every
/// plugin and rule of a day the same state without a copy per script.
@Suite("Shared read-only values")
struct SharedValueTests {
    static let data: LuaValue = [
        "name": "Mundus",
        "levels": ["vmbo-b", "vmbo-k", "vmbo-t"],
        "routes": [["id": "r1", "stage": "afspraak"], ["id": "r2", "stage": "loopt"]],
    ]

    /// A sandbox with `data` shared, and the tape that makes it the global `data`.
    static func sandboxSharingData() throws -> (LuaSandbox, LuaSharedValue, [LuaTape]) {
        let sandbox = try LuaSandbox(limits: testLimits)
        var tape = LuaTape()
        tape.append(data)
        let shared = try sandbox.share(tape)
        var globals = LuaTape()
        globals.push(shared)
        globals.setField("data")
        return (sandbox, shared, [globals])
    }

    @Test func scriptsReadASharedValueAsAnOrdinaryTable() throws {
        let (sandbox, shared, globals) = try Self.sandboxSharingData()
        defer { withExtendedLifetime(shared) {} }
        let reads = """
            local keys = {}
            for key in pairs(data) do keys[#keys + 1] = key end
            table.sort(keys)
            local ids = {}
            for _, route in ipairs(data.routes) do ids[#ids + 1] = route.id end
            local first = next(data.levels)
            return data.name, #data.levels, table.concat(data.levels, ","), table.concat(keys, ","),
              table.concat(ids, ","), rawget(data, "name"), rawlen(data.levels), first, select("#", table.unpack(data.levels)),
              type(data), getmetatable(data)
            """
        #expect(try sandbox.run(script(reads), encodedGlobals: globals)
                == ["Mundus", 3, "vmbo-b,vmbo-k,vmbo-t", "levels,name,routes", "r1,r2", "Mundus", 3, 1, 3, "table", "read-only"])
    }

    @Test(arguments: [
        ("data.name = 'x'", "cannot change field 'name'"),
        ("data.routes[1].stage = 'klaar'", "cannot change field 'stage'"),
        ("data.extra = 1", "cannot change field 'extra'"),
        ("data.levels[4] = 'havo'", "cannot change item 4"),
        ("table.insert(data.levels, 'havo')", "cannot change item 4"),
        ("table.remove(data.levels)", "cannot change item 3"),
        ("table.sort(data.levels, function(a, b) return a > b end)", "cannot change item "),
        ("rawset(data, 'name', 'x')", "cannot change field 'name'"),
        ("setmetatable(data, nil)", "cannot change a protected metatable"),
        ("local _, state = pairs(data); rawset(state, 'name', 'x')", "cannot change field 'name'"),
    ])
    func writesAreRefusedWithTheLineAndTheNextScriptSeesTheOriginal(attempt: String, message: String) throws {
        let (sandbox, shared, globals) = try Self.sandboxSharingData()
        defer { withExtendedLifetime(shared) {} }
        do {
            let results = try sandbox.run(script("local ok = true\n" + attempt), encodedGlobals: globals)
            Issue.record("expected '\(attempt)' to fail, it returned \(results)")
        } catch {
            #expect(error.message.contains(message), "\(error)")
            #expect(error.chunk == "test.lua")
            #expect(error.line == 2, "\(error)")
        }
        let check = "return data.name, #data.levels, data.levels[1], data.routes[1].stage, data.extra, rawget(data, 'extra')"
        #expect(try sandbox.run(script(check), encodedGlobals: globals) == ["Mundus", 3, "vmbo-b", "afspraak", .nil, .nil])
        try expectHealthy(sandbox)
    }

    @Test func aSharedValueReturnedByAScriptReadsAsItsContents() throws {
        let (sandbox, shared, globals) = try Self.sandboxSharingData()
        defer { withExtendedLifetime(shared) {} }
        #expect(try sandbox.run(script("return data.routes[2], data"), encodedGlobals: globals)
                == [["id": "r2", "stage": "loopt"], Self.data])
    }

    /// `resultFields` reads only the named fields of a returned table, through a view too; what
    /// is left out is not read at all (a function there would otherwise fail the read).
    @Test func aHostReadsOnlyTheResultFieldsItAsksFor() throws {
        let (sandbox, shared, globals) = try Self.sandboxSharingData()
        defer { withExtendedLifetime(shared) {} }
        let wanted: Set<String> = ["name", "value"]
        let own = try sandbox.run(script("return { name = 'x', value = 3, skipped = print, [1] = 2, nested = { a = 1 } }"),
                                  encodedGlobals: globals, resultFields: wanted)
        #expect(own == [.record(["name": "x", "value": .integer(3)])])
        let view = try sandbox.run(script("return data"), encodedGlobals: globals, resultFields: wanted)
        #expect(view == [.record(["name": "Mundus"])])
        let scalar = try sandbox.run(script("return 7, 'seven'"), encodedGlobals: globals, resultFields: wanted)
        #expect(scalar == [.integer(7), "seven"])
        // A wanted field is still checked in full.
        #expect(throws: LuaError.self) {
            try sandbox.run(script("return { value = { print } }"), encodedGlobals: globals, resultFields: wanted)
        }
    }

    @Test func aPerScriptRootAddsFieldsToASharedTable() throws {
        let (sandbox, shared, _) = try Self.sandboxSharingData()
        var root = LuaTape()
        root.pushFields(of: shared)
        root.append(["by_plugin": 1])
        root.setField("derived")
        root.freeze()
        root.setField("data")
        let reads = "return data.name, data.derived.by_plugin, data.routes[1].id, pcall(function() data.derived.x = 1 end)"
        let results = try sandbox.run(script(reads), encodedGlobals: [root])
        #expect(Array(results.prefix(4)) == ["Mundus", 1, "r1", false])
        // The root was the script's own: the shared table did not get `derived`.
        var plain = LuaTape()
        plain.push(shared)
        plain.setField("data")
        #expect(try sandbox.run(script("return data.derived"), encodedGlobals: [plain]) == [.nil])
    }

    @Test func aTapeNamingASharedValueThatWasLetGoFailsWithoutHarm() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        var globals = LuaTape()
        do {
            var tape = LuaTape()
            tape.append(Self.data)
            globals.push(try sandbox.share(tape))  // let go at the end of this block
            globals.setField("data")
        }
        #expect(throws: LuaError.self) { try sandbox.run(script("return data.name"), encodedGlobals: [globals]) }
        try expectHealthy(sandbox)
    }

    @Test func aSharedValueIsLetGoWhenTheHostLetsGoOfIt() throws {
        let sandbox = try LuaSandbox(limits: testLimits)
        var tape = LuaTape()
        tape.append(.array((0..<50_000).map { .string("record number \($0) with some text") }))
        let baseline = sandbox.memoryUsed
        var sizes: [Int] = []
        for _ in 0..<12 {
            let shared = try sandbox.share(tape)
            var globals = LuaTape()
            globals.push(shared)
            globals.setField("big")
            #expect(try sandbox.run(script("return #big"), encodedGlobals: [globals]) == [50_000])
            sizes.append(sandbox.memoryUsed - baseline)
        }
        // One copy is a few MiB; twelve kept copies would be twelve times that.
        #expect(sizes.max()! < 3 * sizes[0], "memory after each share: \(sizes)")
    }

    /// The cap counts what a script adds, not what the host gave it: a shared value larger than
    /// the cap is read by every script (the national state is larger than the default cap), and
    /// a script that itself allocates past the cap is still stopped.
    @Test func aSharedValueLargerThanTheCapIsTheHostsNotTheScripts() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 100_000_000, memoryBytes: 2 << 20))
        var tape = LuaTape()
        tape.append(.array((0..<50_000).map { .string("record number \($0) with some text") }))
        let shared = try sandbox.share(tape)
        defer { withExtendedLifetime(shared) {} }
        #expect(sandbox.memoryUsed > 4 << 20)
        var globals = LuaTape()
        globals.push(shared)
        globals.setField("big")
        for _ in 0..<3 {
            #expect(try sandbox.run(script("return #big, big[50000]"), encodedGlobals: [globals]) == [50_000, "record number 49999 with some text"])
        }
        let bomb = "local t = {} for i = 1, 1e7 do t[i] = ('x'):rep(64) .. i end return #t"
        #expect { try sandbox.run(script(bomb), encodedGlobals: [globals]) } throws: { error in
            (error as? LuaError)?.kind == .memoryLimit
        }
    }
}
