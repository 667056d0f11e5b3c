import Foundation
import Testing

/// Real Lua libraries, as rule authors copy them, load unmodified through `require` in the
/// sandbox: dkjson (a 1 MB document decoded and encoded), inspect, argparse and Penlight's pure
/// modules. They come from Debian's packages (scripts/lua-test-libraries.sh puts them in
/// .build-lua-libraries/rules), not from this repository.
@Suite("real Lua libraries in the sandbox")
struct LuaLibraryTests {
    static let libraries = ReportCommandTests.repository.appendingPathComponent(".build-lua-libraries/rules")
    static var available: Bool { FileManager.default.fileExists(atPath: libraries.appendingPathComponent("pl/List.lua").path) }
    static var unavailableReason: String {
        let marker = ReportCommandTests.repository.appendingPathComponent(".build-lua-libraries/UNAVAILABLE")
        let why = (try? String(contentsOf: marker, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return "the Debian Lua libraries are not there (\(why ?? "run scripts/lua-test-libraries.sh")); the library test is skipped"
    }

    static let script = """
        local out = {}
        local function try(name, f)
          local ok, result = pcall(f)
          out[#out + 1] = name .. ": " .. (ok and "ok " .. tostring(result) or "FAIL " .. tostring(result))
        end
        try("dkjson", function()
          local json = require("dkjson")
          local items = {}
          for i = 1, 14000 do items[i] = { id = i, name = "school " .. i, share = i / 8, tags = { "vmbo-b", "havo" } } end
          local text = json.encode(items)
          assert(#text > 1000000, "the document is " .. #text .. " bytes")
          local back = json.decode(text)
          return #back .. " items, " .. back[14000].name .. ", " .. back[7].share .. ", same length again: " .. tostring(#json.encode(back) == #text)
        end)
        try("inspect", function() return require("inspect")({ a = 1, b = { 2, 3 } }, { newline = " ", indent = "" }) end)
        try("argparse", function()
          local parser = require("argparse")("koers", "a test")
          parser:argument("school")
          parser:option("--year")
          local args = parser:parse({ "mundus", "--year", "2025-26" })
          return args.school .. " " .. args.year
        end)
        try("pl.List", function() return tostring(require("pl.List")({ 3, 1, 2 }):sort()) end)
        try("pl.tablex", function() return table.concat(require("pl.tablex").keys({ a = 1 }), ",") end)
        try("pl.stringx", function() return require("pl.stringx").strip("  vmbo-b  ") end)
        try("pl.utils", function() return require("pl.utils").split("a,b,c", ",")[3] end)
        try("pl.class", function()
          local class = require("pl.class")
          local School = class()
          function School:_init(name) self.name = name end
          return School("Mundus").name
        end)
        try("pl.func", function() return type(require("pl.func")) end)
        try("pl.text", function() return require("pl.text").Template("${x}!"):substitute({ x = "ok" }) end)
        try("pl.pretty", function() return require("pl.pretty").write({ 1, 2 }, "") end)
        for _, line in ipairs(out) do print(line) end
        """

    @Test(.enabled(if: available, Comment(rawValue: unavailableReason)))
    func librariesLoadUnmodified() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-libraries-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.libraries, to: folder.appendingPathComponent("rules"))
        try Data(Self.script.utf8).write(to: folder.appendingPathComponent("libraries.lua"))
        let result = try KoersProcess.run(["lua", "--workspace", folder.path, "libraries.lua",
                                           "--instruction-limit", "2000000000", "--time-limit", "120000", "--memory-limit", "1024"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("warning:") }
        #expect(lines == [
            "dkjson: ok 14000 items, school 14000, 0.875, same length again: true",
            "inspect: ok { a = 1, b = { 2, 3 } }",
            "argparse: ok mundus 2025-26",
            "pl.List: ok {1,2,3}",
            "pl.tablex: ok a",
            "pl.stringx: ok vmbo-b",
            "pl.utils: ok c",
            "pl.class: ok Mundus",
            "pl.func: ok table",
            "pl.text: ok ok!",
            // pretty needs `debug`, which the sandbox does not give: allowed to fail, with a clear reason.
            "pl.pretty: FAIL rules/pl/pretty.lua:14: module 'debug' is not available in the Koers sandbox (scripts have no file, process or debug access)",
        ], "\(result.stderr)")
        // The same script in stock Lua gives the same lines, pretty aside.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/lua5.4") {
            let stock = try KoersProcess.run(["libraries.lua"], in: folder, environment: ["LUA_PATH": "rules/?.lua;rules/?/init.lua"],
                                             executable: URL(fileURLWithPath: "/usr/bin/lua5.4"))
            let stockLines = stock.stdout.split(separator: "\n").map(String.init)
            #expect(Array(stockLines.dropLast()) == Array(lines.dropLast()), "\(stock.stdout)\(stock.stderr)")
        }
    }
}
