import CovenantModel
import Foundation
import LuaHost
import PluginEngine
import ReportModel
import RuleEngine
import TargetJudgement
import WorkspaceLoader

/// The outcome of one test case: passed when `failures` is empty.
public struct RuleTestResult: Sendable {
    public var testCase: RuleTestCase
    /// One line per difference: `routes-vmbo-b.status: expected on_track, got at_risk`.
    public var failures: [String]
    public var seconds: Double
    public var passed: Bool { failures.isEmpty }
}

/// Runs test cases: loads the fixture like any workspace, runs the plugins and the rules the
/// case names, and compares what they give with what the case expects.
public struct RuleTestRunner: Sendable {
    public let workspace: URL
    public let limits: LuaLimits

    public init(workspace: URL, limits: LuaLimits = .default) {
        self.workspace = workspace
        self.limits = limits
    }

    public func run(_ testCase: RuleTestCase) -> RuleTestResult {
        let started = Date()
        let failures = check(testCase)
        return RuleTestResult(testCase: testCase, failures: failures, seconds: Date().timeIntervalSince(started))
    }

    private func check(_ testCase: RuleTestCase) -> [String] {
        let loaded = WorkspaceLoader.load(from: workspace, fixture: testCase.fixture)
        guard let data = loaded.workspace else {
            return ["the fixture has errors:"] + loaded.errors.map { "  " + "\($0)".replacingOccurrences(of: "\n", with: "\n       ") }
        }
        let state = data.state(asOf: testCase.asOf)
        let known = Set(data.covenant.targets.map(\.id))
        var failures: [String] = []
        for id in testCase.targets.keys.sorted() where !known.contains(id) {
            failures.append("expect[\"\(id)\"]: no target has this id" + Suggestion.didYouMean(id, in: known.sorted()))
        }
        let evaluation = Evaluation(workspace: workspace, covenant: data.covenant, limits: limits)
        // Plugin sections read every target's result; rule tests need only their own.
        let (judgements, derived, problems) = evaluation.judge(state, only: testCase.plugins.isEmpty ? Set(testCase.targets.keys) : nil)
        for judgement in judgements {
            guard let expected = testCase.targets[judgement.targetID] else { continue }
            failures += compare(judgement, with: expected)
        }
        if !testCase.plugins.isEmpty {
            failures += comparePlugins(testCase, state: state, judgements: judgements, derived: derived, problems: problems, evaluation: evaluation)
        }
        return failures
    }

    private func compare(_ judgement: TargetJudgement, with expected: TargetExpectation) -> [String] {
        let id = judgement.targetID
        var failures: [String] = []
        if let error = expected.error {
            guard let failure = judgement.failure else { return ["\(id): expected the rule to fail with '\(error)', but it gave \(judgement.status.rawValue)"] }
            if !failure.description.contains(error) { failures.append("\(id).error: expected a message containing '\(error)', got: \(failure)") }
            return failures
        }
        if let failure = judgement.failure { return ["\(id): the rule failed: \(failure)"] }
        if let status = expected.status, status != judgement.status {
            failures.append("\(id).status: expected \(status.rawValue), got \(judgement.status.rawValue)")
        }
        let actual: [String: Double?] = [
            "value": judgement.value, "expected": judgement.expected, "target": judgement.target, "needed": judgement.needed,
            "needed_per_school_year": judgement.neededPerSchoolYear, "projection": judgement.projection,
        ]
        for field in TargetExpectation.numberFields {
            guard let want = expected.numbers[field] else { continue }
            let got = actual[field] ?? nil
            // A number matches exactly, or as the report shows it (one decimal, half up): an author
            // writes the 1.3 meetings the report shows, not 1.3260274.
            if got.map({ abs($0 - want) > 1e-9 && abs(($0 * 10 + 0.5).rounded(.down) / 10 - want) > 1e-9 }) ?? true {
                failures.append("\(id).\(field): expected \(Self.format(want)), got \(got.map(Self.format) ?? "nil")")
            }
        }
        if let reason = expected.reason, !(judgement.reason ?? "").contains(reason) {
            failures.append("\(id).reason: expected a reason containing '\(reason)', got: \(judgement.reason ?? "none")")
        }
        for (kind, wanted) in [(Contribution.Kind.contributes, expected.contributes), (.missing, expected.missing),
                               (.candidate, expected.candidate), (.unreported, expected.unreported)] {
            guard let wanted else { continue }
            let got = judgement.contributions.filter { $0.kind == kind }.map(\.contributor.id).sorted()
            if got != wanted.sorted() {
                failures.append("\(id).\(kind.rawValue): expected \(Self.list(wanted.sorted())), got \(Self.list(got))")
            }
        }
        return failures
    }

    private func comparePlugins(_ testCase: RuleTestCase, state: CovenantState, judgements: [TargetJudgement], derived: [String: LuaValue],
                                problems: [PluginProblem], evaluation: Evaluation) -> [String] {
        var failures: [String] = []
        let plugins = evaluation.plugins
        let loaded = Set(plugins.catalog.plugins.map(\.name))
        var allProblems = plugins.catalog.problems + problems
        let checks = plugins.checks(state, derived: derived, language: .nl)
        let sections = plugins.sections(state, derived: derived, judgements: judgements, language: .nl)
        allProblems += checks.problems + sections.problems
        for name in testCase.plugins.keys.sorted() {
            let expected = testCase.plugins[name]!
            if let problem = allProblems.first(where: { $0.plugin == name }) {
                failures.append("plugins.\(name): the plugin failed: \(problem)")
                continue
            }
            guard loaded.contains(name) else {
                failures.append("plugins.\(name): no plugin of this name is loaded" + Suggestion.didYouMean(name, in: loaded.sorted()))
                continue
            }
            if let want = expected.derived {
                let got = derived[name] ?? .nil
                if let difference = Self.difference(want, got, path: "plugins.\(name).derived") { failures.append(difference) }
            }
            if let want = expected.findings {
                let got = checks.findings.filter { $0.plugin == name }
                if got.count != want {
                    failures.append("plugins.\(name).findings: expected \(want), got \(got.count)" + (got.isEmpty ? "" : ": " + got.map(\.message).joined(separator: "; ")))
                }
            }
            if let want = expected.sections {
                let got = sections.sections.filter { $0.plugin == name }.count
                if got != want { failures.append("plugins.\(name).sections: expected \(want), got \(got)") }
            }
            if !expected.formatContains.isEmpty {
                let report = ReportBuilder(state: state, language: .nl).report(
                    judgements: judgements, history: [],
                    provenance: Provenance(asOf: state.asOf, dataHash: "test", rulesHash: "test", pluginsHash: "test", koersVersion: "test"))
                for format in expected.formatContains.keys.sorted() {
                    guard let pluginFormat = plugins.catalog.formats.first(where: { $0.name == format && $0.plugin == name }) else {
                        failures.append("plugins.\(name).formats.\(format): the plugin has no such format")
                        continue
                    }
                    switch plugins.render(pluginFormat, report: report) {
                    case .failure(let problem): failures.append("plugins.\(name).formats.\(format): \(problem)")
                    case .success(let bytes):
                        let text = String(decoding: bytes, as: UTF8.self)
                        for wanted in expected.formatContains[format]! where !text.contains(wanted) {
                            failures.append("plugins.\(name).formats.\(format): expected the file to contain '\(wanted)'")
                        }
                    }
                }
            }
        }
        return failures
    }

    /// Where `got` differs from `want`: every field of a table in `want` must be in `got` with
    /// the same value; lists must have the same length; 3 and 3.0 are the same number.
    static func difference(_ want: LuaValue, _ got: LuaValue, path: String) -> String? {
        switch (want, got) {
        case (.record(let wanted), .record(let actual)):
            for key in wanted.keys.sorted() {
                if let difference = difference(wanted[key]!, actual[key] ?? .nil, path: "\(path).\(key)") { return difference }
            }
            return nil
        case (.array(let wanted), .array(let actual)):
            guard wanted.count == actual.count else { return "\(path): expected \(wanted.count) items, got \(actual.count)" }
            for (index, pair) in zip(wanted, actual).enumerated() {
                if let difference = difference(pair.0, pair.1, path: "\(path)[\(index + 1)]") { return difference }
            }
            return nil
        case (.integer, _), (.number, _):
            let a = (try? LuaShape.number(want, path)) ?? nil, b = (try? LuaShape.number(got, path)) ?? nil
            return a == b ? nil : "\(path): expected \(show(want)), got \(show(got))"
        default:
            return want == got ? nil : "\(path): expected \(show(want)), got \(show(got))"
        }
    }

    static func show(_ value: LuaValue) -> String {
        (try? value.jsonText(pretty: false)) ?? LuaShape.describe(value)
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    static func list(_ ids: [String]) -> String { ids.isEmpty ? "none" : ids.joined(separator: ", ") }
}
