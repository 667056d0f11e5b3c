import Foundation
import Testing

/// Runs the built `koers` executable, as a user would.
struct KoersProcess {
    static var executable: URL {
        // The test bundle lives next to the products of the same build.
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("koers").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("koers")
    }

    /// Another program (`/usr/bin/python3`), to read what Koers wrote with an independent parser.
    static func runTool(_ tool: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(arguments, in: FileManager.default.temporaryDirectory, executable: URL(fileURLWithPath: tool))
    }

    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                    executable: URL = KoersProcess.executable) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes at once: a child that fills one (64 KiB) while we wait on the other would
        // never finish.
        let stderrData = DataBox()
        let reading = DispatchGroup()
        let errors = err.fileHandleForReading
        DispatchQueue.global().async(group: reading) { stderrData.data = errors.readDataToEndOfFile() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        reading.wait()
        let stderr = stderrData.data
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

/// What the pipe reader hands back to the waiting test.
private final class DataBox: @unchecked Sendable { var data = Data() }

@Suite("koers command line")
final class KoersCLITests {
    let folder: URL

    deinit { try? FileManager.default.removeItem(at: folder) }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try Data("return {n = 1}".utf8).write(to: folder.appendingPathComponent("rules/helpers.lua"))
    }

    func write(_ name: String, _ source: String) throws {
        try Data(source.utf8).write(to: folder.appendingPathComponent(name))
    }

    @Test func version() throws {
        let result = try KoersProcess.run(["--version"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("koers ") && result.stdout.contains("(Lua 5.4"))
    }

    @Test func luaPrintsTheResultAsJSONAndPrintOutputOnStandardError() throws {
        try write("ok.lua", "print('hallo')\nreturn {count = require('helpers').n + 1, ratio = 0.5}")
        let result = try KoersProcess.run(["lua", "ok.lua"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout == "{\n  \"count\": 2,\n  \"ratio\": 0.5\n}\n")
        #expect(result.stderr == "hallo\n")
    }

    @Test func luaScriptErrorsExitTwoWithFileLineAndHint() throws {
        try write("loop.lua", "local n = 0\nwhile true do n = n + 1 end")
        let result = try KoersProcess.run(["lua", "loop.lua", "--instruction-limit", "100000"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("koers: fout: loop.lua:2: instruction budget exhausted (100000 instructions)"))
        #expect(result.stderr.contains("raise --instruction-limit"))
        #expect(result.stdout.isEmpty)
    }

    @Test func chunkNamesAreRelativeToTheWorkspace() throws {
        try write("rules/bad.lua", "return nil + 1")
        let result = try KoersProcess.run(["lua", "--workspace", folder.path, folder.appendingPathComponent("rules/bad.lua").path], in: URL(fileURLWithPath: "/"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("koers: fout: rules/bad.lua:1: attempt to perform arithmetic on a nil value"))
        let english = try KoersProcess.run(["lua", "--lang", "en", "--workspace", folder.path, folder.appendingPathComponent("rules/bad.lua").path],
                                           in: URL(fileURLWithPath: "/"))
        #expect(english.stderr.contains("koers: error: rules/bad.lua:1: attempt to perform arithmetic on a nil value"))
    }

    /// A script run with `koers lua` sees `lang` as rules do, so `koers.text` can be tried out;
    /// a text given in one language only is an error at the script's line, in either language.
    @Test func luaSeesTheLanguageAndKoersTextNeedsBoth() throws {
        try write("text.lua", "local koers = require('koers')\nreturn { lang, koers.text{ nl = 'één school', en = 'one school' }, koers.long_date('2027-07-31') }")
        let dutch = try KoersProcess.run(["lua", "text.lua"], in: folder)
        #expect(dutch.stdout == "[\n  \"nl\",\n  \"één school\",\n  \"31 juli 2027\"\n]\n", "\(dutch.stderr)")
        let english = try KoersProcess.run(["lua", "text.lua"], in: folder, environment: ["KOERS_LANG": "en"])
        #expect(english.stdout == "[\n  \"en\",\n  \"one school\",\n  \"31 July 2027\"\n]\n", "\(english.stderr)")
        try write("half.lua", "local koers = require('koers')\nlocal text = koers.text{ nl = 'alleen Nederlands' }\nreturn text")
        let half = try KoersProcess.run(["lua", "half.lua"], in: folder)
        #expect(half.status == 2)
        #expect(half.stderr.contains("half.lua:2: koers.text: the English (en) text is missing; give both: koers.text{nl = \"…\", en = \"…\"}"), "\(half.stderr)")
    }

    @Test func usageAndMissingFiles() throws {
        let missing = try KoersProcess.run(["lua", "nope.lua"], in: folder)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("nope.lua: cannot read the script"))
        let badLimit = try KoersProcess.run(["lua", "x.lua", "--memory-limit", "0"], in: folder)
        #expect(badLimit.status == 64)
        #expect(badLimit.stderr.contains("--memory-limit must be between 1 and 1048576 MiB"))
        let noCommand = try KoersProcess.run(["frobnicate"], in: folder)
        #expect(noCommand.status == 64)
    }
}
