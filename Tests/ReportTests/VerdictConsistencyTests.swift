import CovenantModel
import Foundation
import ReportModel
import ReportRenderers
import RuleEngine
import TargetJudgement
import Testing
import WorkspaceGenerator
import WorkspaceLoader

/// The verdict is the product: every number a status rests on is computed once, by the rule, and
/// every place that shows it shows the same number. On 40 days across the covenant period of the
/// default workspace and of a synthetic Amsterdam, for every target: the JSON, the HTML cards, the
/// chart's expected line where it crosses the evaluation date, the Markdown table, the CSV and the
/// `--explain` text agree, and the chart's line is the one the status compared.
@Suite("one number everywhere")
struct VerdictConsistencyTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The default workspace, or a synthetic Amsterdam written next to the repository's rules.
    static func workspace(_ name: String) throws -> URL {
        guard name == "synthetic" else { return repository }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-consistency-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("state"), withIntermediateDirectories: true)
        let generator = SyntheticWorkspace(scale: .amsterdam, seed: 7)
        let covenant = try String(contentsOf: repository.appendingPathComponent("covenant.yaml"), encoding: .utf8)
        try Data(generator.covenant(from: covenant).utf8).write(to: folder.appendingPathComponent("covenant.yaml"))
        for (file, text) in generator.stateFiles() {
            try Data(text.utf8).write(to: folder.appendingPathComponent("state/\(file)"))
        }
        try FileManager.default.copyItem(at: repository.appendingPathComponent("rules"), to: folder.appendingPathComponent("rules"))
        return folder
    }

    /// 40 days from the baseline to a month after the deadline, with the deadline day and the day after.
    static func days(_ covenant: Covenant) -> [Day] {
        let span = covenant.baselineDate.days(to: covenant.deadline) + 31
        var days = (0..<38).map { covenant.baselineDate.adding(days: span * $0 / 37) }
        days += [covenant.deadline, covenant.deadline.adding(days: 1)]
        return Array(Set(days)).sorted()
    }

    @Test(arguments: ["default", "synthetic"])
    func everyNumberIsTheSameEverywhere(_ name: String) throws {
        let folder = try Self.workspace(name)
        defer { if name == "synthetic" { try? FileManager.default.removeItem(at: folder) } }
        let loaded = WorkspaceLoader.load(from: folder)
        let workspace = try #require(loaded.workspace, "\(loaded.diagnostics.map(\.description))")
        let runner = RuleRunner(workspace: folder)
        let templates = try TemplateSet(overrides: nil)
        // The covenant's singular units ("1 bijeenkomst") are part of every format's words.
        let words = Language.nl.words.with(singulars: workspace.covenant.unitSingulars)
        let days = Self.days(workspace.covenant)
        #expect(days.count >= 40)
        var statuses = Set<TargetStatus>()
        for day in days {
            let state = workspace.state(asOf: day)
            let judgements = runner.judge(state)
            for judgement in judgements {
                #expect(judgement.failure == nil, "\(name) \(day) \(judgement.targetID): \(judgement.failure?.description ?? "")")
                statuses.insert(judgement.status)
            }
            let report = ReportBuilder(state: state, language: .nl).report(
                judgements: judgements, history: [],
                provenance: Provenance(asOf: day, dataHash: "", rulesHash: "", pluginsHash: "", koersVersion: "test"))
            let json = try Self.jsonTargets(report)
            let html = try Self.text("index.html", HTMLReporter(templates: templates).render(report))
            let markdown = try Self.text("report.md", MarkdownReporter(templates: templates).render(report))
            let csv = try Self.text("targets.csv", CSVReporter().render(report)).components(separatedBy: "\r\n")
            for target in report.targets {
                let place = "\(name) \(day) \(target.id)"
                let entry = try #require(json[target.id], "\(place): not in report.json")
                // JSON holds the exact numbers the rule returned.
                #expect(Self.same(entry["value"], target.value), "\(place)")
                #expect(Self.same(entry["expected"], target.expected), "\(place)")
                #expect(Self.same(entry["projection"], target.projection), "\(place)")
                #expect(entry["reason"] as? String == target.reason, "\(place)")
                // Every status a reader can question says why.
                if target.status != .error { #expect(target.reason?.isEmpty == false, "\(place): no reason") }

                // The cards show those numbers, rounded as everywhere else.
                let cards = try Self.cards(of: target.id, in: html)
                // Shown so that they compare as the exact numbers do: a value below the line never
                // looks equal to it or above it.
                let shown = words.shown(value: target.value, expected: target.expected, unit: target.unit, method: target.statusMethod)
                #expect(cards["Waarde"] == shown.value, "\(place)")
                #expect(cards["Verwacht"] == shown.expected, "\(place)")
                if let value = target.value, let expected = target.expected, target.status != .noData, target.statusMethod != .yearly {
                    let v = Self.parse(shown.value), e = Self.parse(shown.expected)
                    #expect(value < expected ? v < e : v >= e, "\(place): shown \(shown.value) against \(shown.expected)")
                }
                let projectionLabel = words.labels[target.projectionBasis == .plan ? "projectionYear" : "projection"]!
                #expect(cards[projectionLabel] == words.pair(value: target.projection, expected: target.target, unit: target.unit).value, "\(place)")
                #expect(html.contains("<strong>\(words.status(target.status)):</strong> \(Self.escaped(target.reason ?? ""))")
                        || target.reason == nil, "\(place): the card has no reason")
                // Markdown: the same cells; CSV: the same number to two decimals.
                #expect(markdown.contains("| \(shown.value) | \(words.quantity(target.target, unit: target.unit)) | \(shown.expected) |"),
                        "\(place): the Markdown numbers differ")
                let row = try #require(csv.first { $0.hasPrefix(target.id + ";") }, "\(place)")
                if let value = target.value {
                    #expect(row.contains(";" + Self.csvNumber(value) + ";"), "\(place): CSV \(row)")
                }

                guard let expected = target.expected else { continue }
                // The chart draws the line the status compared: where it crosses the evaluation
                // date, it stands at the expected value.
                let comparedOn = target.trajectory.expectedOn
                #expect(comparedOn <= day, "\(place): compared on \(comparedOn), after the evaluation date")
                if target.statusMethod != nil, comparedOn <= (target.trajectory.expectedPath.last?.last?.day ?? comparedOn) {
                    let onLine = try #require(target.trajectory.expected(on: comparedOn), "\(place): no expected line on \(comparedOn)")
                    #expect(abs(onLine - expected) < 1e-9, "\(place): the line says \(onLine), the status compared \(expected)")
                    let drawn = try Self.chartValue(of: target.id, on: comparedOn, in: html, trajectory: target.trajectory)
                    #expect(abs(drawn - expected) <= max(0.02, target.trajectory.goal.value * 0.004),
                            "\(place): the chart draws \(drawn), the status compared \(expected)")
                }
                // --explain says the same numbers and the reason.
                let explanation = ExplanationBuilder(language: .nl, words: words).explain(target, asOf: day).text
                #expect(explanation.contains("Waarde op \(words.date(day)): \(shown.value)."), "\(place)")
                #expect(explanation.contains("getoond als \(shown.expected)")
                        || (target.statusMethod == .level && explanation.contains("het niveau \(shown.expected)")),
                        "\(place): --explain does not show the expected \(shown.expected)\n\(explanation)")
                if let reason = target.reason { #expect(explanation.contains(reason), "\(place)") }
                // After the deadline the rule does not extend the pace: neither does --explain.
                if day >= target.deadline, target.projectionBasis == .pace, target.statusMethod == .count || target.statusMethod == .milestones {
                    #expect(!explanation.contains("in dat tempo"), "\(place): --explain extends a pace the rule did not")
                }
            }
        }
        // The days cover more than one kind of verdict.
        #expect(statuses.count >= 4, "\(name): only \(statuses)")
    }

    /// One rendered file as text, without a byte order mark.
    static func text(_ path: String, _ files: [RenderedFile]) throws -> String {
        let file = try #require(files.first { $0.path == path })
        return String(decoding: file.contents.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(file.contents.dropFirst(3)) : file.contents, as: UTF8.self)
    }

    static func jsonTargets(_ report: Report) throws -> [String: [String: Any]] {
        let data = try #require(try JSONReporter().render(report).first { $0.path == "report.json" }).contents
        let document = try #require(try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any])
        let targets = try #require(document["targets"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: targets.map { ($0["id"] as! String, $0) })
    }

    /// The KPI cards of one target's article: label → shown value.
    static func cards(of id: String, in html: String) throws -> [String: String] {
        let article = try #require(html.components(separatedBy: "<article class=\"target\" id=\"\(id)\">").dropFirst().first)
        let numbers = try #require(article.components(separatedBy: "<div class=\"numbers\">").dropFirst().first?.components(separatedBy: "</div>\n</div>").first)
        var cards: [String: String] = [:]
        for match in numbers.matches(of: /<div><span>([^<]*)<\/span><strong>([^<]*)<\/strong>(?:<em class="window">[^<]*<\/em>)?<\/div>/) {
            cards[String(match.1)] = String(match.2)
        }
        return cards
    }

    /// The value the chart's expected line stands at on `day`, read back from the SVG: the polyline
    /// of the expected path that spans the day's x, interpolated there and mapped back through the
    /// value axis (0 at the bottom, the goal at its dashed line).
    static func chartValue(of id: String, on day: Day, in html: String, trajectory: Trajectory) throws -> Double {
        let article = try #require(html.components(separatedBy: "<article class=\"target\" id=\"\(id)\">").dropFirst().first)
        let svg = try #require(article.components(separatedBy: "<svg").dropFirst().first?.components(separatedBy: "</svg>").first)
        // The same plot area as SVGChart.full(): 640 × 230, margins 44/12/12/46.
        let left = 44.0, plotWidth = 640.0 - 44 - 12, bottom = 12.0 + (230 - 12 - 46)
        let span = Double(max(1, trajectory.start.days(to: trajectory.end)))
        let x = left + plotWidth * Double(trajectory.start.days(to: day)) / span
        let goalLine = try #require(svg.firstMatch(of: /<line x1="[0-9.]+" y1="([0-9.]+)" x2="[0-9.]+" y2="[0-9.]+" stroke="#1f2328" stroke-width="1" stroke-dasharray="6 4"\/>/))
        let goalY = Double(goalLine.1)!
        for line in svg.matches(of: /<polyline points="([^"]*)" fill="none" stroke="#8c959f" stroke-width="1.5"\/>/) {
            let points = line.1.split(separator: " ").map { pair in pair.split(separator: ",").map { Double($0)! } }
            for (a, b) in zip(points, points.dropFirst()) where a[0] - 0.051 <= x && x <= b[0] + 0.051 {
                let y = b[0] == a[0] ? b[1] : a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])
                return trajectory.goal.value * (bottom - y) / (bottom - goalY)
            }
        }
        Issue.record("\(id) \(day): no expected line in the chart spans the day")
        return .nan
    }

    /// The number a shown text stands for: `10,04 scholen` → 10.04, `1.500` → 1500, `67%` → 67.
    static func parse(_ text: String) -> Double {
        let number = text.prefix { $0.isNumber || $0 == "," || $0 == "." || $0 == "−" }
        return Double(number.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
            .replacingOccurrences(of: "−", with: "-")) ?? .nan
    }

    /// The same number after a trip through JSON text (which keeps 15 significant digits here).
    static func same(_ json: Any?, _ value: Double?) -> Bool {
        guard let value else { return json == nil || json is NSNull }
        guard let number = json as? Double else { return false }
        return abs(number - value) <= 1e-12 * max(1, abs(value))
    }

    static func csvNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String((value * 100).rounded() / 100).replacingOccurrences(of: ".", with: ",")
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
