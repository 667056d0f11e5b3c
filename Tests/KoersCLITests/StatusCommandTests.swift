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

            doel              status    waarde  verwacht  doelwaarde  nog nodig  reden
            routes-vmbo-b     op koers  1       1         3           2
            decanen           fout      –       –         –           –          rules/decanen.lua:1: no meetings table
            lob-voorlichting  behaald   100     –         100         0

            """)
        #expect(result.stderr == "koers: error: decanen: rules/decanen.lua:1: no meetings table\n")
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
        let message = "state/boards.csv:4:17: error: sector: unknown board sector 'mbbo' — did you mean 'mbo'?\n"
        #expect(validate.stdout.hasPrefix(message) && status.stderr.hasPrefix(message))
    }

    /// The default workspace on the covenant's baseline day: the baselines covenant.md gives.
    @Test func theDefaultWorkspaceOnTheBaselineDay() throws {
        let repository = ValidateCommandTests.repository
        let result = try KoersProcess.run(["status", "--workspace", repository.path, "--as-of", "2024-01-01"], in: repository)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("routes-vmbo-b     op koers   4       4         12          8          4 van de 12 scholen; verwacht 4."))
        #expect(lines.contains("routes-vmbo-t     op koers   0       0         4           4          0 van de 4 scholen; verwacht 0."))
        #expect(lines.contains { $0.hasPrefix("routes-vmbo-k     op koers   0       0         3           3          Jaarafspraak: vanaf 2024-25 elk schooljaar minstens één; een route die eerder begint, telt voor 2024-25 (nu 0).") })
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
