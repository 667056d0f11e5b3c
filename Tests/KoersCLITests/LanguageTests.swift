import CovenantModel
import Foundation
import ReportModel
import TargetJudgement
import Testing

/// One language at a time: the English report holds no Dutch word of Koers' own, and the Dutch
/// report no English one. The words come from the vocabularies themselves — the report's labels,
/// statuses, kinds and months, and every `nl = …`/`en = …` text of the rules' library, the default
/// rules and the plugins — so that a sentence added in one language only is caught. What the data
/// says (names of schools, routes, meetings; notes) is the data's and is taken out first.
@Suite("one language at a time")
struct LanguageTests {
    static let repository = ReportCommandTests.repository
    static let asOf = "2026-11-23"

    /// Words both languages use, and the domain words users keep in Dutch (covenant.md).
    static let shared: Set<String> = [
        "mbo", "vo", "vso", "pro", "havo", "vmbo", "vmbo-b", "vmbo-k", "vmbo-t", "vmbo-gt", "roc", "duo", "nco", "lob", "glr", "dlr",
        "pta", "oer", "pta/oer", "decaan", "decanen", "decanenoverleg", "stuurgroep", "stadsdeel", "stadsdelen", "koers", "plugin",
        "plugins", "status", "route", "routes", "school", "moment", "momenten", "workshop", "workshops", "stage", "stages", "deadline",
        "gemeente", "convenant", "doorlopend", "leren", "amsterdam", "sha256", "csv", "json", "pdf", "html", "ical", "ics", "vo-mbo",
        "niveau", "level", "cohort", "zelfcheck", "self-check", "per", "aanloop", "run-in", "mbo-agenda", "opgave", "opgaven",
        "diploma", "college", "colleges", "focus", "sector", "sectoren", "focusgebied", "profiel",
    ]

    /// Words that mean nothing in any language and must never reach a reader.
    static let neverShown: Set<String> = ["nil", "null", "undefined", "nan", "optional"]

    @Test func theEnglishReportHasNoDutchWordAndTheDutchReportNoEnglishOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-language-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (dutch, english) = try Self.vocabularies()
        let dutchOnly = dutch.subtracting(english).subtracting(Self.shared)
        let englishOnly = english.subtracting(dutch).subtracting(Self.shared)
        // Enough words on both sides for the test to mean something.
        #expect(dutchOnly.count > 250 && englishOnly.count > 250, "\(dutchOnly.count) Dutch, \(englishOnly.count) English words")
        let data = try Self.dataTexts()

        for (language, foreign, otherName) in [("en", dutchOnly, "Dutch"), ("nl", englishOnly, "English")] {
            var texts = try Self.report(language, in: folder)
            for command in [["status"], ["gaps"], ["school", "mundus"], ["school", "rocva"], ["board", "zaam"], ["validate"]] {
                let run = try KoersProcess.run(command + ["--as-of", Self.asOf, "--lang", language], in: Self.repository)
                #expect(run.status == 0, "\(command): \(run.stderr)")
                texts["koers \(command.joined(separator: " "))"] = run.stdout
            }
            for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
                let found = Self.words(in: Self.readable(text, without: data)).filter { foreign.contains($0) || Self.neverShown.contains($0) }
                #expect(found.isEmpty, "\(otherName) words in the \(language) \(name): \(Array(Set(found)).sorted())")
            }
        }
    }

    /// The report and its pages in one language, as text by file.
    static func report(_ language: String, in folder: URL) throws -> [String: String] {
        let out = folder.appendingPathComponent("report-\(language)")
        let run = try KoersProcess.run(["report", "--workspace", repository.path, "--as-of", asOf, "--out", out.path,
                                        "--format", "html,markdown,csv,monitoring", "--lang", language], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        var texts: [String: String] = [:]
        let files = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)!
        for case let url as URL in files where ["html", "md", "csv"].contains(url.pathExtension) {
            texts[String(url.path.dropFirst(out.path.count + 1))] = try String(contentsOf: url, encoding: .utf8)
        }
        #expect(texts.count > 100)
        return texts
    }

    /// What a reader reads: tags, code (file names, ids, rule paths) and the data's own texts out,
    /// entities decoded.
    static func readable(_ text: String, without data: [String]) -> String {
        var out = text.replacing(/<code>[^<]*<\/code>/, with: " ").replacing(/`[^`]*`/, with: " ")
        // Identifiers (route_law, at_risk) are codes for programs, not words.
        out = out.replacing(/[A-Za-z0-9]+(?:\\?_[A-Za-z0-9]+)+/, with: " ")
        out = out.replacing(/<style>[\s\S]*?<\/style>/, with: " ").replacing(/<svg[\s\S]*?<\/svg>/, with: " ")
        out = out.replacing(/<[^>]*>/, with: " ").replacing(/\]\([^)]*\)/, with: " ")
        for (entity, character) in [("&amp;", "&"), ("&#39;", "'"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        for text in data { out = out.replacingOccurrences(of: text, with: " ") }
        // What the JSON and CSV give as codes beside the words (`status_code`: achieved, behind).
        for status in ["achieved", "behind"] { out = out.replacingOccurrences(of: ";\(status);", with: "; ;") }
        return out
    }

    /// Lowercased words of letters (with inner hyphens), three letters or more.
    static func words(in text: String) -> [String] {
        text.lowercased().matches(of: /[\p{L}]+(?:-[\p{L}]+)*/).map { String($0.output) }.filter { $0.count >= 3 }
    }

    /// The words of both vocabularies: the report's own, and the texts of the Lua library, the
    /// default rules and plugins.
    static func vocabularies() throws -> (dutch: Set<String>, english: Set<String>) {
        func vocabulary(_ language: Language) -> [String] {
            let words = language.words
            var texts = Array(words.labels.values)
            texts += [TargetStatus.achieved, .onTrack, .atRisk, .behind, .noData, .error].map(words.status)
            texts += Contribution.Kind.allCases.map(words.contribution)
            texts += (1...12).map { words.date(Day(year: 2026, month: $0, day: 1)!) }
            return texts
        }
        var dutch = Set(vocabulary(.nl).flatMap(words)), english = Set(vocabulary(.en).flatMap(words))
        let lua = ["Sources/RuleEngine/Lua/koers.lua", "plugins/route_law.lua", "plugins/focus_districts.lua"]
        let rules = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("rules").path)
            .filter { $0.hasSuffix(".lua") && !$0.hasSuffix(".meta.lua") }.map { "rules/" + $0 }
        for file in lua + rules {
            let source = try String(contentsOf: repository.appendingPathComponent(file), encoding: .utf8)
            // `nl = "…"` and `en = "…"` (also with `{ one = …, other = … }`), and the plugins' word tables.
            for match in source.matches(of: /\b(nl|en)\s*=\s*\{?\s*(?:one\s*=\s*)?"([^"]*)"(?:\s*,\s*other\s*=\s*"([^"]*)")?/) {
                let found = words(in: String(match.2) + " " + String(match.3 ?? ""))
                if match.1 == "nl" { dutch.formUnion(found) } else { english.formUnion(found) }
            }
        }
        for file in ["plugins/route_law.lua", "plugins/focus_districts.lua"] {
            let source = try String(contentsOf: repository.appendingPathComponent(file), encoding: .utf8)
            guard let nl = source.range(of: "  nl = {"), let en = source.range(of: "  en = {"), let end = source.range(of: "\n}\n") else { continue }
            for match in source[nl.upperBound..<en.lowerBound].matches(of: /"([^"]*)"/) { dutch.formUnion(words(in: String(match.1))) }
            for match in source[en.upperBound..<end.lowerBound].matches(of: /"([^"]*)"/) { english.formUnion(words(in: String(match.1))) }
        }
        return (dutch, english)
    }

    /// The cells of a `;` file, quotes and all (a note may hold a `;`).
    static func cells(of text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        for character in text.replacingOccurrences(of: "\u{FEFF}", with: "") {
            switch (character, quoted) {
            case ("\"", _): quoted.toggle()
            case (";", false): row.append(cell); cell = ""
            case ("\n", false), ("\r\n", false): row.append(cell); rows.append(row); row = []; cell = ""
            case ("\r", false): break
            default: cell.append(character)
            }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }

    /// The texts that come from the data rather than from Koers: names, titles, notes, reasons.
    static func dataTexts() throws -> [String] {
        var out: [String] = []
        let state = repository.appendingPathComponent("state")
        for file in try FileManager.default.contentsOfDirectory(atPath: state.path) where file.hasSuffix(".csv") {
            let rows = cells(of: try String(contentsOf: state.appendingPathComponent(file), encoding: .utf8))
            guard let header = rows.first else { continue }
            let columns = header.enumerated().filter { ["name", "title", "reason", "decided_by", "evidence", "note", "sector", "stadsdeel", "qualifications"].contains($0.element) }.map(\.offset)
            for row in rows.dropFirst() {
                out += columns.compactMap { $0 < row.count && !row[$0].isEmpty ? row[$0] : nil }
            }
        }
        // The parties' names in covenant.yaml.
        let covenant = try String(contentsOf: repository.appendingPathComponent("covenant.yaml"), encoding: .utf8)
        out += covenant.matches(of: /\{name: ([^,]+), role/).map { String($0.1) }
        // Target ids (`praktijkgericht`) stand in tables and file names as codes.
        out += covenant.matches(of: /\n  - id: ([a-z-]+)/).map { String($0.1) }
        // Longest first, so that a name is taken out whole before a shorter name inside it.
        return Array(Set(out)).sorted { $0.count > $1.count }
    }
}
