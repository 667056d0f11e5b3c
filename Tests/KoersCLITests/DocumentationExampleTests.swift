import Foundation
import Testing

/// Every Lua example in rules/README.md and plugins/README.md runs here, as a rule author would
/// use it: in a copy of the default workspace, through the `koers` command. A block says how it
/// runs in the comment above it — `<!-- example: rule TARGET -->`, `<!-- example: plugin NAME
/// expect="text" -->` or `<!-- example: test NAME -->` — and a Lua block without one is a failure,
/// so no example goes untried.
@Suite("documentation examples")
struct DocumentationExampleTests {
    struct Example {
        var kind: String
        var name: String
        var expect: String?
        var source: String
        var file: String
    }

    static let readmes = ["rules/README.md", "plugins/README.md"]

    static func examples() throws -> [Example] {
        var out: [Example] = []
        for readme in readmes {
            let text = try String(contentsOf: ReportCommandTests.repository.appendingPathComponent(readme), encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where line == "```lua" {
                let marker = index > 0 ? lines[index - 1] : ""
                guard let match = marker.firstMatch(of: /<!-- example: (rule|plugin|test) ([A-Za-z0-9_.-]+)(?: expect="([^"]*)")? -->/) else {
                    Issue.record("\(readme):\(index + 1): a Lua example without an `<!-- example: … -->` line above it")
                    continue
                }
                let body = lines[(index + 1)...].prefix { $0 != "```" }.joined(separator: "\n")
                out.append(Example(kind: String(match.1), name: String(match.2), expect: match.3.map(String.init), source: body,
                                   file: "\(readme):\(index + 1)"))
            }
        }
        return out
    }

    /// A copy of the default workspace with every plugin example installed.
    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for item in ["covenant.yaml", "state", "rules", "plugins"] {
            try FileManager.default.copyItem(at: ReportCommandTests.repository.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        for example in try examples() where example.kind == "plugin" {
            try Data(example.source.utf8).write(to: folder.appendingPathComponent("plugins/\(example.name).lua"))
        }
        return folder
    }

    @Test func bothReadmesHaveRunnableExamples() throws {
        let kinds = Set(try Self.examples().map { "\($0.file.prefix { $0 != ":" }) \($0.kind)" })
        #expect(kinds.isSuperset(of: ["rules/README.md rule", "rules/README.md test", "plugins/README.md plugin",
                                      "plugins/README.md rule", "plugins/README.md test"]))
    }

    @Test func ruleExamplesJudgeWithoutError() throws {
        for example in try Self.examples() where example.kind == "rule" {
            let folder = try Self.workspace()
            defer { try? FileManager.default.removeItem(at: folder) }
            try Data(example.source.utf8).write(to: folder.appendingPathComponent("rules/\(example.name).lua"))
            let result = try KoersProcess.run(["status", "--json", "--as-of", "2026-11-23"], in: folder)
            #expect(result.status == 0, "\(example.file): \(result.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let targets = json?["targets"] as? [[String: Any]] ?? []
            let target = try #require(targets.first { $0["id"] as? String == example.name }, "\(example.file)")
            #expect(target["status"] as? String != "error", "\(example.file): \(target)")
        }
    }

    @Test func testExamplesPass() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tests = try Self.examples().filter { $0.kind == "test" }
        for example in tests {
            try Data(example.source.utf8).write(to: folder.appendingPathComponent("rules/tests/\(example.name).test.lua"))
        }
        for example in tests {
            let result = try KoersProcess.run(["test", "--filter", "\(example.name).test.lua", "--lang", "en"], in: folder)
            #expect(result.status == 0, "\(example.file): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains(" passed, 0 failed") && !result.stdout.contains("\n0 passed"), "\(example.file): \(result.stdout)")
        }
    }

    /// A plugin written from plugins/README.md alone: checked, its section in the report, its format written.
    @Test func pluginExamplesWork() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        for example in try Self.examples() where example.kind == "plugin" {
            let check = try KoersProcess.run(["check", "--as-of", "2026-11-23"], in: folder)
            #expect(check.status == 0, "\(example.file): \(check.stdout)")
            #expect(check.stdout.contains("plugin \(example.name) 1.0.0"), "\(example.file): \(check.stdout)")
            let out = folder.appendingPathComponent("out-\(example.name)")
            let report = try KoersProcess.run(["report", "--out", out.path, "--as-of", "2026-11-23"], in: folder)
            #expect(report.status == 0, "\(example.file): \(report.stderr)")
            let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
            #expect(markdown.contains("## \(try #require(example.expect))"), "\(example.file): the section is not in report.md")
            let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(html.contains("id=\"\(example.name)-1\""))
            let json = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
            #expect(json.contains("\"plugin\" : \"\(example.name)\"") || json.contains("\"plugin\": \"\(example.name)\""))
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("sections/\(example.name)-1-1.csv").path))
        }
    }
}
