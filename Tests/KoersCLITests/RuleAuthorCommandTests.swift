import Foundation
import Testing

/// `koers check`, `koers test` and `--explain`: the rule author's workflow, on copies of the
/// default workspace.
@Suite("rule author commands")
final class RuleAuthorCommandTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-author-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for item in ["covenant.yaml", "state", "rules", "plugins"] {
            try FileManager.default.copyItem(at: ReportCommandTests.repository.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func edit(_ file: String, _ change: (String) -> String) throws {
        let url = folder.appendingPathComponent(file)
        try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
    }

    @Test func checkPassesOnTheDefaultWorkspace() throws {
        let result = try KoersProcess.run(["check", "--as-of", "2026-11-23", "--lang", "en"], in: folder)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("plugin route_law 1.0.0: derive, checks, sections, helpers"))
        #expect(result.stdout.contains("checked 12 rule scripts, 3 plugins, 11 test files in "))
        #expect(result.stdout.hasSuffix(": 0 errors, 0 warnings\n"))
    }

    @Test func checkFindsWhatARuleAuthorGetsWrong() throws {
        try edit("rules/routes-vmbo-b.lua") { $0.replacingOccurrences(of: "and route.stage ~= \"gestopt\"", with: "and route.stge ~= \"gestopt\"") }
        try Data("local x = = 1\n".utf8).write(to: folder.appendingPathComponent("rules/unused.lua"))
        try edit("plugins/focus_districts.lua") { $0.replacingOccurrences(of: "api = 1,", with: "api = 2,") }
        try edit("rules/tests/decanen.test.lua") { $0.replacingOccurrences(of: "decanen = { status", with: "decaan = { status") }
        let result = try KoersProcess.run(["check", "--as-of", "2026-11-23"], in: folder)
        #expect(result.status == 2)
        #expect(result.stdout.contains("rules/routes-vmbo-b.lua:12: error: reads 'stge' from a record of `state.routes`, which has no such field — did you mean 'stage'?"), "\(result.stdout)")
        #expect(result.stdout.contains("rules/unused.lua:1: error: unexpected symbol near '='"))
        #expect(result.stdout.contains("rules/unused.lua: warning: no target has this rule"))
        #expect(result.stdout.contains("plugins/focus_districts.lua: the plugin needs plugin API 2, but this Koers provides API 1"))
        #expect(result.stdout.contains("error: test 'two meetings by March is on the line' expects target 'decaan', which is not in covenant.yaml — did you mean 'decanen'?"))
    }

    @Test func theShippedTestsPassAndAFailureSaysWhatDiffers() throws {
        let passing = try KoersProcess.run(["test", "--lang", "en"], in: folder)
        #expect(passing.status == 0, "\(passing.stdout)")
        #expect(passing.stdout.contains("\n24 passed, 0 failed\n"))
        #expect(!passing.stdout.contains("rules without a test"))

        try edit("rules/tests/havo-routes.test.lua") { $0.replacingOccurrences(of: "status = \"achieved\", value = 3", with: "status = \"on_track\", value = 2") }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("rules/tests/evaluatie.test.lua"))
        let junit = folder.appendingPathComponent("junit.xml")
        let failing = try KoersProcess.run(["test", "--junit", junit.path, "--lang", "en"], in: folder)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("FAIL all three steps: achieved (rules/tests/havo-routes.test.lua:16)\n     havo-routes.status: expected on_track, got achieved\n     havo-routes.value: expected 2, got 3\n"), "\(failing.stdout)")
        #expect(failing.stdout.contains("\n20 passed, 1 failed\n"))
        #expect(failing.stdout.contains("rules without a test: evaluatie (rules/evaluatie.lua)"))
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains("<testsuites name=\"koers test\" tests=\"21\" failures=\"1\" errors=\"0\">"))
        #expect(xml.contains("<failure message=\"havo-routes.status: expected on_track, got achieved\">"))
    }

    @Test func aBrokenTestFileIsAnErrorWithItsPlace() throws {
        try Data("return { { name = \"x\", as_of = \"2025-03-01\", expct = {} } }\n".utf8)
            .write(to: folder.appendingPathComponent("rules/tests/broken.test.lua"))
        let result = try KoersProcess.run(["test"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.contains("\n24 geslaagd, 0 mislukt, 1 testbestand onleesbaar\n"), "\(result.stdout)")
        #expect(result.stdout.contains("FOUT rules/tests/broken.test.lua: case 1.expct is not a known field — did you mean 'expect'?"), "\(result.stdout)")
    }

    @Test func explainShowsTheArithmeticAndTheThreshold() throws {
        let result = try KoersProcess.run(["status", "--as-of", "2026-11-23", "--explain", "routes-vmbo-b"], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Van de 1307 dagen zijn er 1057 voorbij: 4 + (12 − 4) × 1057/1307 = 10,47, getoond als 10,5 scholen; de status vergelijkt met het exacte getal."), "\(result.stdout)")
        #expect(result.stdout.contains("Prognose: in 1057 dagen ging het van 4 naar 10; in dat tempo is het bij de deadline 4 + (10 − 4) × 1307/1057 = 11,42, getoond als 11,4 scholen."))
        #expect(result.stdout.contains("Status 'risico': 10 van de 12 scholen, 0,5 onder de lijn (verwacht 10,5); in dit tempo 11,4 op 31 juli 2027."))
        let english = try KoersProcess.run(["status", "--as-of", "2026-11-23", "--explain", "routes-vmbo-b", "--lang", "en"], in: folder)
        #expect(english.stdout.contains("Of its 1307 days, 1057 have passed: 4 + (12 − 4) × 1057/1307 = 10.47, shown as 10.5 schools; the status compares the exact number."))
        // A yearly target is explained by its own arithmetic: the running year's share and its plan,
        // never a straight line or a pace it did not use.
        let decanen = try KoersProcess.run(["status", "--as-of", "2026-11-23", "--explain", "decanen"], in: folder)
        #expect(decanen.stdout.contains("naar rato van de dagen van schooljaar 2026-27 (vanaf 1 augustus 2026): 4 × 115/365 = 1,26, getoond als 1,3 bijeenkomsten."), "\(decanen.stdout)")
        #expect(decanen.stdout.contains("Prognose voor schooljaar 2026-27: gehouden 1 + gepland 1 = 2 bijeenkomsten."))
        #expect(!decanen.stdout.contains("rechte lijn") && !decanen.stdout.contains("in dat tempo"))
        let unknown = try KoersProcess.run(["status", "--explain", "decaan"], in: folder)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--explain: geen doel 'decaan' — bedoelt u 'decanen'?"))
    }

    @Test func aPluginFormatCanBeChosenAlone() throws {
        let out = folder.appendingPathComponent("out")
        let result = try KoersProcess.run(["report", "--out", out.path, "--as-of", "2026-11-23", "--format", "monitoring"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["koers-manifest.json", "monitoring-gemeente.csv"])
        // A plugin's CSV gets the byte order mark Excel needs; the status is in words, its key beside it.
        let bytes = try Data(contentsOf: out.appendingPathComponent("monitoring-gemeente.csv"))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(csv.hasPrefix("peildatum;convenant;doel;titel;status;status_code;waarde;verwacht;doelwaarde;nog_nodig;nog_nodig_per_schooljaar;prognose;eenheid;deadline\r\n2026-11-23;Doorlopend leren vo-mbo;routes-vmbo-b;"))
        #expect(csv.contains(";risico;at_risk;"))
        let unknown = try KoersProcess.run(["report", "--out", out.path, "--format", "monitorng"], in: folder)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("onbekend formaat 'monitorng' — bedoelt u 'monitoring'?"))
    }

    @Test func aPluginFormatCannotReplaceAFileKoersWrites() throws {
        try edit("plugins/monitoring_csv.lua") { $0.replacingOccurrences(of: "file = \"monitoring-gemeente.csv\"", with: "file = \"report.json\"") }
        let out = folder.appendingPathComponent("out")
        let result = try KoersProcess.run(["report", "--out", out.path, "--as-of", "2026-11-23", "--format", "json,monitoring"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("plugins/monitoring_csv.lua: formats.monitoring.file 'report.json' is a file Koers writes itself"), "\(result.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8).hasPrefix("{"))
    }

    @Test func aFailingPluginIsShownAndTheReportIsStillWritten() throws {
        try edit("plugins/focus_districts.lua") { $0.replacingOccurrences(of: "return { districts = coverage(state) }", with: "return { districts = coverage(state) } .. nil") }
        let out = folder.appendingPathComponent("out")
        let result = try KoersProcess.run(["report", "--out", out.path, "--as-of", "2026-11-23", "--format", "markdown"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("koers: fout: plugin focus_districts (derive): plugins/focus_districts.lua:"))
        let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("## Fouten in plugins"))
        #expect(markdown.contains("## Wettelijke eisen per route"))
    }
}
