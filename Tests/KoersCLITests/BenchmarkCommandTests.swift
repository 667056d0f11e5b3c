import Foundation
import Testing

/// What the benchmark (scripts/benchmark) stands on: `koers generate`, `koers state` and `--timings`.
@Suite("benchmark commands")
final class BenchmarkCommandTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    private func generate(_ name: String, _ extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
        try KoersProcess.run(["generate", "--scale", "amsterdam", "--out", folder.appendingPathComponent(name).path,
                              "--workspace", ReportCommandTests.repository.path] + extra, in: folder)
    }

    private func files(_ name: String) throws -> [String: Data] {
        let root = folder.appendingPathComponent(name)
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator where !url.hasDirectoryPath {
            out[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
        }
        return out
    }

    @Test func aGeneratedWorkspaceIsValidAndTheSameForTheSameSeed() throws {
        let first = try generate("a")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("35 scholen, 5 instellingen, 30 routes, 600 activiteiten (seed 1)"))
        #expect(try generate("b").status == 0)
        #expect(try generate("c", ["--seed", "2"]).status == 0)
        let a = try files("a"), b = try files("b"), c = try files("c")
        #expect(a == b)
        #expect(a["/state/events.csv"] != c["/state/events.csv"])
        #expect(a.keys.contains("/rules/decanen.lua") && a.keys.contains("/plugins/route_law.lua"))
        // Every record is marked as invented, and the workspace passes validation with the default rules.
        let schools = String(decoding: a["/state/schools.csv"]!, as: UTF8.self).split(separator: "\r\n").dropFirst()
        #expect(schools.count == 35 && schools.allSatisfy { $0.contains(";voorbeeld;") })
        let validation = try KoersProcess.run(["validate", "--as-of", "2026-11-23"], in: folder.appendingPathComponent("a"))
        #expect(validation.status == 0, "\(validation.stdout)")
        #expect(validation.stdout.contains("35 vo-scholen (35 als voorbeeld), 5 mbo-instellingen"))
        let status = try KoersProcess.run(["status", "--as-of", "2026-11-23"], in: folder.appendingPathComponent("a"))
        #expect(status.status == 0, "\(status.stderr)")
    }

    @Test func aTenthOfNationalScaleHasATenthOfItsRecords() throws {
        let result = try KoersProcess.run(["generate", "--scale", "national", "--factor", "0.1", "--out", folder.appendingPathComponent("n").path,
                                           "--workspace", ReportCommandTests.repository.path], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("150 scholen, 7 instellingen, 1200 routes, 25000 activiteiten"))
        let events = try String(contentsOf: folder.appendingPathComponent("n/state/events.csv"), encoding: .utf8)
        #expect(events.split(separator: "\r\n").count == 25_001)
    }

    @Test func generateRefusesToOverwriteAndBadFactors() throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("full"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: folder.appendingPathComponent("full/notes.txt"))
        let occupied = try generate("full")
        #expect(occupied.status == 73)
        #expect(occupied.stderr.contains("is not empty; choose a new folder for --out, or delete it first"))
        #expect(try String(contentsOf: folder.appendingPathComponent("full/notes.txt"), encoding: .utf8) == "keep")
        let factor = try generate("x", ["--factor", "0"])
        #expect(factor.status == 64 && factor.stderr.contains("--factor moet groter zijn dan 0"))
        let scale = try KoersProcess.run(["generate", "--scale", "planet", "--out", "y"], in: folder)
        #expect(scale.status == 64)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path))
    }

    @Test func theStateChunkIsWhatRulesSee() throws {
        let result = try KoersProcess.run(["state", "--as-of", "2024-01-01", "--out", folder.appendingPathComponent("view.lua").path],
                                          in: ReportCommandTests.repository)
        #expect(result.status == 0, "\(result.stderr)")
        let chunk = try String(contentsOf: folder.appendingPathComponent("view.lua"), encoding: .utf8)
        #expect(chunk.hasPrefix("-- The state on 2024-01-01 as Koers gives it to rules (koers state).\nreturn {\n"))
        // The chunk is Lua that Koers' own sandbox reads back: the same counts as the state.
        let probe = "local view = (function()\n" + chunk + "\nend)()\n"
            + "return { schools = #view.state.schools, as_of = view.state.as_of, rule = view.rules.decanen, "
            + "baseline = view.targets['routes-vmbo-b'].baseline.value }\n"
        try Data(probe.utf8).write(to: folder.appendingPathComponent("probe.lua"))
        let read = try KoersProcess.run(["lua", "probe.lua"], in: folder)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("\"schools\": 34") && read.stdout.contains("\"as_of\": \"2024-01-01\""), "\(read.stdout)")
        #expect(read.stdout.contains("\"rule\": \"rules/decanen.lua\"") && read.stdout.contains("\"baseline\": 4"))
    }

    @Test func timingsNameEveryStage() throws {
        let status = try KoersProcess.run(["status", "--as-of", "2026-11-23", "--timings"], in: ReportCommandTests.repository)
        #expect(status.status == 0)
        let line = try #require(status.stderr.split(separator: "\n").first { $0.hasPrefix("koers: timings: ") })
        #expect(line.contains("load ") && line.contains(", rules ") && line.contains(", total "))
        let report = try KoersProcess.run(["report", "--as-of", "2026-11-23", "--format", "json", "--timings",
                                           "--out", folder.appendingPathComponent("r").path], in: ReportCommandTests.repository)
        #expect(report.status == 0, "\(report.stderr)")
        // How many of the earlier days came from .koers/trajectory is part of the stage's name;
        // the comparison day (the previous monitoring moment) is judged beside the evaluation date.
        #expect(report.stderr.contains(" from .koers/trajectory) and on 2026-11-10 ") && report.stderr.contains("rules (36 days, "))
        #expect(report.stderr.contains(", report model ") && report.stderr.contains(", render ") && report.stderr.contains(", write "))
        let fresh = try KoersProcess.run(["report", "--as-of", "2026-11-23", "--format", "json", "--timings", "--no-cache",
                                          "--out", folder.appendingPathComponent("r").path], in: ReportCommandTests.repository)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stderr.contains("rules (36 days) and on 2026-11-10 "), "\(fresh.stderr)")
        let quiet = try KoersProcess.run(["status", "--as-of", "2026-11-23"], in: ReportCommandTests.repository)
        #expect(!quiet.stderr.contains("timings"))
    }
}
