import CovenantModel
import Foundation
import KoersPipeline
import ReportModel
import ReportRenderers
import Testing
import WorkspaceGenerator
import WorkspaceLoader

/// A report made again takes the earlier days of its charts from `.koers/trajectory/` when
/// nothing they depend on changed. It must be the same report, byte for byte, as one made
/// without the cache — after edits of every kind — and the cache must actually be used.
@Suite("The trajectory cache: a report made again is the same report")
struct TrajectoryCacheTests {
    static let repository = OnePipelineTests.repository
    static let asOf = "2026-11-23"

    @Test func theDefaultWorkspaceAfterEditsOfEveryKind() throws {
        let workspace = try Self.copy(of: Self.repository)
        defer { try? FileManager.default.removeItem(at: workspace.deletingLastPathComponent()) }
        try Self.check(workspace, seed: 2026, editsOfScripts: true)
    }

    @Test func aSyntheticWorkspaceOfAmsterdamsSize() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-trajectory-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let generated = try KoersProcess.run(["generate", "--workspace", Self.repository.path, "--scale", "amsterdam", "--out", "synthetic"],
                                             in: folder)
        #expect(generated.status == 0, "\(generated.stderr)")
        try Self.check(folder.appendingPathComponent("synthetic"), seed: 7, editsOfScripts: false)
    }

    /// A plugin that fails on a day (its time limit, a bug it has only then) may not fail the
    /// next time: such a day is not kept, and the next report judges it again.
    @Test func aDayOnWhichAPluginFailedIsJudgedAgain() throws {
        let workspace = try Self.copy(of: Self.repository)
        defer { try? FileManager.default.removeItem(at: workspace.deletingLastPathComponent()) }
        try Data("""
            return { name = "flaky", version = "1.0.0", api = 1, description = "fails before 2025",
              derive = function(state) if state.as_of < "2025-01-01" then error("not yet") end return {} end }
            """.utf8).write(to: workspace.appendingPathComponent("plugins/flaky.lua"))
        let first = try Self.report(workspace, reusingDays: true)
        let again = try Self.report(workspace, reusingDays: true)
        let days = TrajectorySampling.days(from: try #require(Day(iso: "2024-01-01")), to: try DateText.day(from: Self.asOf))
        let failing = days.dropLast().filter { $0 < Day(iso: "2025-01-01")! }.count
        #expect(days.count == first.days && failing > 3)
        #expect(again.reused == first.days - 1 - failing)
        let same = again.json == first.json
        #expect(same)
    }

    /// Reports with and without the cache, on the workspace as it is and after each edit.
    static func check(_ workspace: URL, seed: UInt64, editsOfScripts: Bool) throws {
        let cacheFolder = workspace.appendingPathComponent(".koers/trajectory")
        let original = try Snapshot(of: workspace)
        var random = SeededRandom(seed: seed)

        let fresh = try report(workspace, reusingDays: false)
        #expect(!FileManager.default.fileExists(atPath: cacheFolder.path), "--no-cache wrote to .koers/trajectory")
        let earlierDays = fresh.days - 1
        #expect(earlierDays > 20)
        let first = try report(workspace, reusingDays: true)
        let again = try report(workspace, reusingDays: true)
        let firstIsSame = first.json == fresh.json, againIsSame = again.json == fresh.json
        #expect(firstIsSame && againIsSame)
        #expect(first.reused == 0)
        #expect(again.reused == earlierDays, "every earlier day should come from the cache")

        // Each edit: the report with the cache equals the report without it; `reused` says how
        // many earlier days the edit left as they were.
        var previous = fresh.json
        func afterEdit(_ name: String, changesCharts: Bool = false, reused expected: (Int) -> Bool) throws {
            let fresh = try report(workspace, reusingDays: false)
            let cached = try report(workspace, reusingDays: true)
            let same = cached.json == fresh.json
            #expect(same, "after \(name): the cached report differs")
            #expect(expected(cached.reused), "after \(name): \(cached.reused) of \(earlierDays) earlier days reused")
            // An edit that changes what the charts show proves that stale days would be seen.
            let changed = fresh.json != previous
            if changesCharts { #expect(changed, "after \(name): the report did not change") }
            previous = fresh.json
        }

        // An event moved by months: the days between its old and new date change, earlier ones not.
        try editRow(of: "state/events.csv", in: workspace, random: &random, where: { $0["planned"] != "ja" }) { row in
            let date = Day(iso: row["date"]!)!
            row["date"] = date.adding(days: date < Day(iso: "2025-06-01")! ? 120 : -120).description
        }
        try afterEdit("an event moved") { $0 > 0 && $0 < earlierDays }
        // A school's annual return says the opposite about LOB and its practical programme, which
        // the charts of two targets count.
        try editRow(of: "state/school-years.csv", in: workspace, random: &random, where: { ($0["reported_on"] ?? "9") < "2026-06-01" }) { row in
            for field in ["lob_voorlichting", "praktijkgericht"] { row[field] = row[field] == "ja" ? "nee" : "ja" }
        }
        try afterEdit("a return changed", changesCharts: true) { $0 > 0 && $0 < earlierDays }
        // An event taken out.
        try removeRow(of: "state/events.csv", in: workspace, random: &random, where: { $0["planned"] != "ja" })
        try afterEdit("an event removed") { $0 < earlierDays }

        if editsOfScripts {
            // Whatever the scripts or the covenant say may change every day's judgement.
            try append("\n-- edited\n", to: "rules/decanen.lua", in: workspace)
            try afterEdit("a rule edited") { $0 == 0 }
            try append("\n-- edited\n", to: "plugins/route_law.lua", in: workspace)
            try afterEdit("a plugin edited") { $0 == 0 }
            try append("\n# edited\n", to: "covenant.yaml", in: workspace)
            try afterEdit("covenant.yaml edited") { $0 == 0 }
        }

        // Entries that are damaged (a disk full, a crash mid-write by another tool) are judged again.
        try original.restore(in: workspace)
        for name in try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path) {
            let file = cacheFolder.appendingPathComponent(name)
            let bytes = try Data(contentsOf: file)
            try bytes.prefix(bytes.count / 2).write(to: file)
        }
        try afterEdit("every entry damaged") { $0 == 0 }
        // Back to where it started: every earlier day is known again.
        try afterEdit("back to the original") { $0 == earlierDays }
        // Another language writes other sentences: its days are its own.
        let english = try report(workspace, reusingDays: true, language: .en)
        let englishIsSame = english.json == (try report(workspace, reusingDays: false, language: .en)).json
        #expect(englishIsSame)
        #expect(english.reused == 0)
    }

    /// The JSON report (with what changed since the previous monitoring moment), the number of
    /// days judged and how many earlier days came from the cache.
    static func report(_ workspace: URL, reusingDays: Bool, language: Language = .nl) throws -> (json: [UInt8], days: Int, reused: Int) {
        let day = try DateText.day(from: asOf)
        var pipeline = ReportPipeline(workspace: workspace, asOf: day, language: language)
        pipeline.reusesDays = reusingDays
        let loading = pipeline.load()
        let loaded = try #require(loading.workspace, "\(loading.result.errors)")
        let comparison = try ComparisonDay.choose(given: nil, asOf: day, events: loaded.events)
        let made = pipeline.make(from: loaded, history: true, comparisonDay: comparison)
        #expect(made.failures.isEmpty, "\(made.failures)")
        let json = try #require(try JSONReporter().render(made.report).first { $0.path == "report.json" })
        return (json.contents, TrajectorySampling.days(from: loaded.covenant.baselineDate, to: day).count, made.reusedDays)
    }

    static func copy(of repository: URL) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-trajectory-\(UUID().uuidString)")
        let workspace = folder.appendingPathComponent("workspace")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        for part in ["covenant.yaml", "state", "rules", "plugins"] {
            try FileManager.default.copyItem(at: repository.appendingPathComponent(part), to: workspace.appendingPathComponent(part))
        }
        return workspace
    }

    /// Changes one row, chosen at random among those `filter` accepts (of the rows without
    /// quotes, which split on `;` alone); every other line stays as it was.
    static func editRow(of table: String, in workspace: URL, random: inout SeededRandom,
                        where filter: ([String: String]) -> Bool, _ change: (inout [String: String]) -> Void) throws {
        var lines = try readLines(table, in: workspace)
        let header = lines[0].components(separatedBy: ";")
        let chosen = try choose(in: lines, header: header, random: &random, where: filter)
        var row = fields(of: lines[chosen], header: header)
        change(&row)
        lines[chosen] = header.map { row[$0] ?? "" }.joined(separator: ";")
        try write(lines, to: table, in: workspace)
    }

    static func removeRow(of table: String, in workspace: URL, random: inout SeededRandom,
                          where filter: ([String: String]) -> Bool) throws {
        var lines = try readLines(table, in: workspace)
        let header = lines[0].components(separatedBy: ";")
        lines.remove(at: try choose(in: lines, header: header, random: &random, where: filter))
        try write(lines, to: table, in: workspace)
    }

    private static func choose(in lines: [String], header: [String], random: inout SeededRandom,
                               where filter: ([String: String]) -> Bool) throws -> Int {
        let candidates = lines.indices.dropFirst().filter { !lines[$0].contains("\"") && filter(fields(of: lines[$0], header: header)) }
        try #require(!candidates.isEmpty)
        return random.pick(candidates)
    }

    private static func fields(of line: String, header: [String]) -> [String: String] {
        Dictionary(zip(header, line.components(separatedBy: ";")).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
    }

    /// The lines of a table, whether they end in CRLF (as Excel and `koers generate` write) or LF.
    private static func readLines(_ table: String, in workspace: URL) throws -> [String] {
        try String(contentsOf: workspace.appendingPathComponent(table), encoding: .utf8)
            .replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
    }

    private static func write(_ lines: [String], to table: String, in workspace: URL) throws {
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: workspace.appendingPathComponent(table))
    }

    static func append(_ text: String, to file: String, in workspace: URL) throws {
        let url = workspace.appendingPathComponent(file)
        try (try Data(contentsOf: url) + Data(text.utf8)).write(to: url)
    }

    /// The workspace's files, to put back after the edits.
    struct Snapshot {
        let files: [String: Data]

        init(of workspace: URL) throws {
            var files: [String: Data] = ["covenant.yaml": try Data(contentsOf: workspace.appendingPathComponent("covenant.yaml"))]
            for folder in ["state", "rules", "plugins"] {
                for name in WorkspaceFingerprint.files(under: folder, in: workspace, suffix: nil) {
                    files[name] = try Data(contentsOf: workspace.appendingPathComponent(name))
                }
            }
            self.files = files
        }

        func restore(in workspace: URL) throws {
            for (name, data) in files { try data.write(to: workspace.appendingPathComponent(name)) }
        }
    }
}
