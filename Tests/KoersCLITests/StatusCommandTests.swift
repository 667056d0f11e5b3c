import Foundation
import Testing

/// `koers status` as a user runs it.
@Suite("koers status")
final class StatusCommandTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-status-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: ValidateCommandTests.repository.appendingPathComponent("Tests/WorkspaceTests/Workspaces/minimal"), to: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("rules"), withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    @Test func aFailingRuleGivesExitTwoAndTheRestIsStillJudged() throws {
        try write("rules/routes-vmbo-b.lua", "return { status = 'on_track', value = 1, expected = 1, target = 3, needed = 2 }")
        try write("rules/decanen.lua", "error('no meetings table')")
        try write("rules/lob-voorlichting.lua", "return { status = 'achieved', value = 100, target = 100, needed = 0 }")
        let result = try KoersProcess.run(["status", "--workspace", folder.path, "--as-of", "2025-01-01"], in: folder)
        #expect(result.status == 2)
        #expect(result.stdout == """
            Stand van Testconvenant op 2025-01-01 (schooljaar 2024-25)

            id                status    waarde     verwacht   doel       nog nodig  reden
            routes-vmbo-b     op koers  1 scholen  1 scholen  3 scholen  2 scholen
            decanen           fout      –          –          –          –          rules/decanen.lua:1: no meetings table
            lob-voorlichting  behaald   100        –          100        0

            """)
        #expect(result.stderr == "koers: fout: decanen: rules/decanen.lua:1: no meetings table\n")
    }

    @Test func jsonHasEveryTarget() throws {
        try write("rules/routes-vmbo-b.lua", "return { status = 'on_track', value = 1, expected = 1, target = 3, needed = 2, projection = 2 }")
        try write("rules/decanen.lua", "return { status = 'no_data' }")
        try write("rules/lob-voorlichting.lua", "return { status = 'behind', value = 50, target = 100 }")
        let result = try KoersProcess.run(["status", "--json", "--workspace", folder.path, "--as-of", "2025-01-01"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let targets = try #require(document["targets"] as? [[String: Any]])
        #expect(document["as_of"] as? String == "2025-01-01")
        #expect(targets.map { $0["id"] as? String } == ["routes-vmbo-b", "decanen", "lob-voorlichting"])
        #expect(targets.map { $0["status"] as? String } == ["on_track", "no_data", "behind"])
        #expect(targets[0]["projection"] as? Double == 2 && targets[2]["value"] as? Double == 50)
    }

    @Test func invalidDataIsRefusedWithTheMessagesOfValidate() throws {
        try write("state/boards.csv", "id;name;sector\nbestuur-noord;Noord;vo\nbestuur-zuid;Zuid;vo\nbestuur-roc;ROC;mbbo\n")
        let status = try KoersProcess.run(["status", "--workspace", folder.path], in: folder)
        let validate = try KoersProcess.run(["validate", "--workspace", folder.path], in: folder)
        #expect(status.status == 65 && validate.status == 65)
        #expect(status.stdout.isEmpty)
        let message = "state/boards.csv:4:17: fout: sector: 'mbbo' is geen sector van een bestuur — bedoelt u 'mbo'?\n"
        #expect(validate.stdout.hasPrefix(message) && status.stderr.hasPrefix(message))
    }

    /// `--lang en` gives the table in English; `--explain` gives the explanation alone; a day
    /// before the covenant began says so, in the title and on standard error.
    @Test func languageExplainAndADayBeforeTheCovenant() throws {
        let repository = ValidateCommandTests.repository
        let english = try KoersProcess.run(["status", "--workspace", repository.path, "--as-of", "2026-11-23", "--lang", "en"], in: repository)
        #expect(english.stdout.hasPrefix("Status of Continuous learning vo-mbo as of 2026-11-23 (school year 2026-27)\n\nid "))
        #expect(english.stdout.contains("routes-vmbo-b     at risk   10 schools    10.5 schools    12 schools    2 schools     10 of 12 schools"))
        let explained = try KoersProcess.run(["status", "--workspace", repository.path, "--as-of", "2026-11-23", "--explain", "decanen"], in: repository)
        #expect(explained.status == 0)
        #expect(explained.stdout.hasPrefix("decanen: Vo- en mbo-decanen komen vier keer per jaar bijeen\n"), "the table is not printed first")
        let early = try KoersProcess.run(["status", "--workspace", repository.path, "--as-of", "1999-01-01"], in: repository)
        #expect(early.stdout.hasPrefix("Stand van Doorlopend leren vo-mbo op 1999-01-01 (schooljaar 1998-99, vóór de start van het convenant op 1 januari 2024)\n"))
        #expect(early.stderr.contains("koers: let op: --as-of 1999-01-01 ligt vóór de begindatum van het convenant, 2024-01-01 (covenant.yaml, period.baseline)"))
        let report = try KoersProcess.run(["gaps", "--workspace", repository.path, "--as-of", "1999-01-01", "--lang", "en"], in: repository)
        #expect(report.stderr.contains("koers: note: --as-of 1999-01-01 is before the covenant's baseline date"))
    }

    /// The default workspace on the covenant's baseline day: the baselines covenant.md gives.
    @Test func theDefaultWorkspaceOnTheBaselineDay() throws {
        let repository = ValidateCommandTests.repository
        let result = try KoersProcess.run(["status", "--workspace", repository.path, "--as-of", "2024-01-01"], in: repository)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // One column per meaning, every number with its unit.
        #expect(lines[1] == "id                status     waarde           verwacht         doel             nog nodig        reden")
        #expect(lines.contains("routes-vmbo-b     op koers   4 scholen        4 scholen        12 scholen       8 scholen        4 van de 12 scholen; verwacht 4."))
        #expect(lines.contains("routes-vmbo-t     op koers   0 scholen        0 scholen        4 scholen        4 scholen        0 van de 4 scholen; verwacht 0."))
        #expect(lines.contains { $0.hasPrefix("routes-vmbo-k     op koers   0 routes         0 routes         3 routes         3 routes         Jaarafspraak: vanaf 2024-25 elk schooljaar minstens één; een route die eerder begint, telt voor 2024-25 (nu 0).") })
        #expect(lines.count == 14)  // title, header, twelve targets
    }

    @Test func theSameInputsGiveTheSameBytes() throws {
        let repository = ValidateCommandTests.repository
        let arguments = ["status", "--json", "--workspace", repository.path, "--as-of", "2026-11-22"]
        let first = try KoersProcess.run(arguments, in: repository)
        let second = try KoersProcess.run(arguments, in: repository)
        #expect(first.status == 0 && !first.stdout.isEmpty)
        #expect(first.stdout == second.stdout)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let targets = try #require(document["targets"] as? [[String: Any]])
        for target in targets {
            for key in ["id", "status", "value", "target", "expected", "needed", "projection", "counted", "contributions", "findings", "notes"] {
                #expect(target[key] != nil, "\(target["id"] ?? "?") has no \(key)")
            }
        }
    }
}
