import Foundation
import Testing

/// A covenant that is not Amsterdam's: `koers init` starts one that works at once, and the
/// example in examples/voorbeeldregio (indicators, declared tables, its own rules and tests)
/// validates, passes its tests and makes its report.
@Suite("new covenants")
struct NewCovenantTests {
    static let example = ReportCommandTests.repository.appendingPathComponent("examples/voorbeeldregio")

    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("koers-new-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    @Test func initWritesAWorkspaceThatValidatesTestsAndReports() throws {
        let scratch = try Scratch()
        let made = try KoersProcess.run(["init", "convenant", "--name", "Convenant \"Kansrijk\" Noord", "--region", "Noord"], in: scratch.url)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("koers validate --workspace convenant"))
        let folder = scratch.url.appendingPathComponent("convenant")
        for file in ["covenant.yaml", "README.md", ".gitignore", "state/boards.csv", "state/schools.csv", "state/institutions.csv",
                     "state/routes.csv", "state/route-stages.csv", "state/measurements.csv", "rules/voorbeeld-doel.lua",
                     "rules/tests/voorbeeld-doel.test.lua"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        let covenant = try String(contentsOf: folder.appendingPathComponent("covenant.yaml"), encoding: .utf8)
        #expect(covenant.contains("# Het convenant dat Koers volgt."), "commented in Dutch")

        let validated = try KoersProcess.run(["validate"], in: folder)
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        #expect(validated.stdout.contains("De werkmap is in orde: Convenant \"Kansrijk\" Noord (Noord)"))
        // It says what to fill in first.
        #expect(validated.stdout.contains("Vul eerst in:\n  1. covenant.yaml: vervang het voorbeelddoel"), "\(validated.stdout)")
        #expect(validated.stdout.contains("state/measurements.csv: de metingen van voorbeeld-indicator"))

        let tested = try KoersProcess.run(["test"], in: folder)
        #expect(tested.status == 0 && tested.stdout.contains("3 geslaagd, 0 mislukt"), "\(tested.stdout)\(tested.stderr)")
        let status = try KoersProcess.run(["status"], in: folder)
        #expect(status.status == 0 && status.stdout.contains("voorbeeld-doel  geen data"), "\(status.stdout)\(status.stderr)")
        let report = try KoersProcess.run(["report", "--out", "rapport", "--format", "html,json"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let json = try String(contentsOf: folder.appendingPathComponent("rapport/report.json"), encoding: .utf8)
        #expect(json.contains("\"voorbeeld-doel\"") && json.contains("\"no_data\""))

        // Once the team enters a measurement, the target is judged on it.
        let measurements = folder.appendingPathComponent("state/measurements.csv")
        let year = String(covenant.split(separator: "\n").first { $0.contains("baseline: ") && $0.contains("-08-01") }!.split(separator: " ")
            .first { $0.hasSuffix("-08-01") }!.prefix(4))
        let schoolYear = "\(year)-\(String((Int(year)! + 1) % 100).leftPadded())"
        try Data("indicator;party;period;value;unit;published;source;note\nvoorbeeld-indicator;regio;\(schoolYear);65;%;;voorbeeld;\n".utf8).write(to: measurements)
        let later = try KoersProcess.run(["status", "--as-of", "\(Int(year)! + 1)-09-01"], in: folder)
        #expect(later.status == 0 && later.stdout.contains("voorbeeld-doel  behaald"), "\(later.stdout)\(later.stderr)")
    }

    /// The README's three commands that start a covenant, run as written (in a scratch folder).
    @Test func theReadmesThreeCommandsStartACovenant() throws {
        let readme = try String(contentsOf: ReportCommandTests.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### A covenant of your own").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        let commands = block.split(separator: "\n").map { line in
            String(line.prefix { $0 != "#" }).trimmingCharacters(in: .whitespaces)
        }
        #expect(commands.count == 3)
        let scratch = try Scratch()
        let working = scratch.url.appendingPathComponent("koers")
        try FileManager.default.createDirectory(at: working, withIntermediateDirectories: true)
        for command in commands {
            // Words, with "…" kept together; the program is this build's koers.
            var words: [String] = [], word = "", quoted = false
            for character in command {
                if character == "\"" { quoted.toggle() } else if character == " " && !quoted {
                    if !word.isEmpty { words.append(word) }
                    word = ""
                } else { word.append(character) }
            }
            if !word.isEmpty { words.append(word) }
            #expect(words.first == ".build/release/koers")
            let run = try KoersProcess.run(Array(words.dropFirst()), in: working)
            #expect(run.status == 0, "\(command): \(run.stdout)\(run.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("mijn-convenant/rapport/index.html").path))
    }

    @Test func initRefusesAFolderThatHoldsSomething() throws {
        let scratch = try Scratch()
        try Data("x".utf8).write(to: scratch.url.appendingPathComponent("iets.txt"))
        let refused = try KoersProcess.run(["init", "."], in: scratch.url)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("is not empty"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["iets.txt"], "nothing written")
        let empty = try KoersProcess.run(["init", "leeg", "--name", " "], in: scratch.url)
        #expect(empty.status == 64 && empty.stderr.contains("--name"), "\(empty.stderr)")
    }

    @Test func theSecondExampleValidatesPassesItsTestsAndReports() throws {
        let validated = try KoersProcess.run(["validate", "--workspace", Self.example.path, "--as-of", "2026-12-01"], in: ReportCommandTests.repository)
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        #expect(validated.stdout.contains("indicatoren") && !validated.stdout.contains("Vul eerst in"), "\(validated.stdout)")
        let tested = try KoersProcess.run(["test", "--workspace", Self.example.path], in: ReportCommandTests.repository)
        #expect(tested.status == 0 && tested.stdout.contains(" 0 mislukt"), "\(tested.stdout)\(tested.stderr)")
        let scratch = try Scratch()
        let out = scratch.url.appendingPathComponent("rapport")
        let report = try KoersProcess.run(["report", "--workspace", Self.example.path, "--as-of", "2026-12-01", "--out", out.path,
                                           "--format", "html,markdown,json,csv"], in: ReportCommandTests.repository)
        #expect(report.status == 0, "\(report.stderr)")
        let json = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        // Every target of the example is judged: none failed, none without a status.
        #expect(!json.contains("\"status\" : \"error\"") && !json.contains("\"status\": \"error\""))
        let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("Per periode:"), "the every-period target lists its periods")
        #expect(markdown.contains("voorbeeld"), "invented records are marked as examples")
        // An indicator's line starts on its baseline period's last day, months after the first day
        // judged: the chart still draws every value inside its plot (x from 44, SVGChart's left margin).
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        let article = try #require(html.components(separatedBy: "<article class=\"target\" id=\"doorstroom\">").dropFirst().first)
        let svg = try #require(article.components(separatedBy: "<svg").dropFirst().first?.components(separatedBy: "</svg>").first)
        let xs = svg.matches(of: /<polyline points="([^"]*)"/).flatMap { line in
            line.1.split(separator: " ").compactMap { $0.split(separator: ",").first.flatMap { Double($0) } }
        }
        #expect(!xs.isEmpty && xs.allSatisfy { $0 >= 44 - 1e-9 }, "\(xs.filter { $0 < 44 })")
        // A region's covenant compares each school with the region, not with "de stad".
        let selfCheck = try String(contentsOf: out.appendingPathComponent("schools/instelling-roc-voorbeeld.md"), encoding: .utf8)
        #expect(selfCheck.contains("vergeleken met de regio als geheel") && !selfCheck.lowercased().contains("stad"), "\(selfCheck.prefix(600))")
        // Every record is marked as an example.
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.example.appendingPathComponent("state").path) where file.hasSuffix(".csv") {
            let lines = try String(contentsOf: Self.example.appendingPathComponent("state/\(file)"), encoding: .utf8)
                .split(whereSeparator: \.isNewline)
            guard let header = lines.first?.split(separator: ";", omittingEmptySubsequences: false),
                  let column = header.firstIndex(of: "source") else { continue }
            for line in lines.dropFirst() {
                let fields = line.split(separator: ";", omittingEmptySubsequences: false)
                #expect(fields.count > column && fields[column] == "voorbeeld", "state/\(file): \(line)")
            }
        }
    }
}

private extension String {
    /// `"5"` as `"05"`: the second half of a school year.
    func leftPadded() -> String { count == 1 ? "0" + self : self }
}
