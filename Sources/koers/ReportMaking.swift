import ArgumentParser
import CovenantModel
import Dispatch
import Foundation
import LuaHost
import PluginEngine
import ReportModel
import ReportRenderers
import RuleEngine
import TargetJudgement
import WorkspaceLoader

extension Language: ExpressibleByArgument {}

/// `--lang`, on every command: the language of what it writes, reports and messages alike.
/// `KOERS_LANG` sets the default, so a user who reads English says so once.
struct LanguageOption: ParsableArguments {
    @Option(help: ArgumentHelp("The language of output and messages: nl (Dutch) or en (English). Default: KOERS_LANG, else nl.",
                               valueName: "nl|en"))
    var lang: Language = Language.fromEnvironment()
}

/// `--compare-to`: the earlier day a report says what changed since.
struct CompareOption: ParsableArguments {
    @Option(name: .customLong("compare-to"),
            help: ArgumentHelp("Say what changed since this day (default: the previous monitoring moment in state/events.csv, else six months earlier).",
                               valueName: "date"),
            transform: CompareOption.parse)
    var given: Day? = nil

    static func parse(_ text: String) throws -> Day {
        do { return try DateText.day(from: text) } catch { throw ValidationError("--compare-to: \(error)") }
    }

    /// The day to compare with on `asOf`, and why; a given day must lie before `asOf`.
    func day(asOf: Day, events: [Event]) throws -> (day: Day, basis: Comparison.Basis) {
        if let given {
            guard given < asOf else {
                throw ValidationError("--compare-to: \(given) is not before the evaluation date \(asOf); give an earlier day")
            }
            return (given, .given)
        }
        if let previous = events.filter({ $0.kind == .monitoring && !$0.planned && $0.date < asOf }).max(by: { $0.date < $1.date }) {
            return (previous.date, .monitoring(title: previous.title))
        }
        return (Freshness(amount: 6, unit: .months).oldestFreshDay(on: asOf), .sixMonths)
    }
}

/// The path from files to a report model, shared by `report`, `gaps` and `school`: the validated
/// workspace, the rules run on the evaluation date (and, for charts, on earlier days), the model.
struct ReportMaking {
    let workspace: WorkspaceOptions
    let asOf: Day
    let limits: LuaLimits
    let language: Language
    var timings = StageTimings(isOn: false)

    /// The report, and the plugins that made part of it (their formats are rendered from the
    /// report). A failing rule or plugin is written to standard error and shown in the report.
    /// With `history`, every target's trajectory is judged on the days of ``TrajectorySampling``,
    /// in parallel: each day's plugins and rules run in sandboxes of their own.
    /// `check` sees the covenant before any rule runs, to refuse options that name something it lacks.
    func make(for what: Bilingual, history: Bool, compare: CompareOption? = nil,
              check: (Covenant) throws -> Void = { _ in }) throws -> (report: Report, plugins: PluginRunner) {
        let loaded = try workspace.loadValidated(for: what, language: language)
        timings.mark("load")
        try check(loaded.covenant)
        AsOfOption.noteIfBefore(asOf, loaded.covenant, language: language)
        Self.noteUntranslated(loaded.covenant, language: language)
        let state = loaded.state(asOf: asOf)
        let evaluation = Evaluation(workspace: workspace.url, covenant: loaded.covenant, limits: limits, language: language)
        let days = history ? TrajectorySampling.days(from: loaded.covenant.baselineDate, to: asOf) : [asOf]
        let judged = Self.judge(days: days, workspace: loaded, evaluation: evaluation)
        timings.mark(history ? "rules (\(days.count) days)" : "rules")
        let (judgements, derived, deriveProblems) = judged.last!
        let input = evaluation.plugins.sharedState(state)
        let checks = evaluation.plugins.checks(state, derived: derived, language: language, input: input)
        let sections = evaluation.plugins.sections(state, derived: derived, judgements: judgements, language: language, input: input)
        let contributions = PluginContributions(
            sections: sections.sections, findings: checks.findings,
            problems: evaluation.plugins.catalog.problems + deriveProblems + checks.problems + sections.problems)
        let provenance = ReportMaking.provenance(workspace: workspace.url, asOf: asOf)
        // What changed: the same rules on the earlier day, in full (its counted records are compared).
        var comparison: ReportBuilder.ComparisonInput?
        if let compare {
            let (day, basis) = try compare.day(asOf: asOf, events: loaded.events)
            comparison = ReportBuilder.ComparisonInput(day: day, basis: basis, judgements: evaluation.judge(loaded.state(asOf: day)).judgements)
            timings.mark("rules on \(day)")
        }
        let report = ReportBuilder(workspace: loaded, asOf: asOf, language: language)
            .report(judgements: judgements, history: history ? zip(days, judged).map { ($0, $1.judgements) } : [],
                    plugins: contributions, provenance: provenance,
                    openRequirements: Self.openRequirements(derived["route_law"]), comparison: comparison)
        Evaluation.reportFailures(judgements: judgements, problems: contributions.problems, language: language)
        timings.mark("report model")
        return (report, evaluation.plugins)
    }

    /// An English report shows a text covenant.yaml gives in Dutch only as it is: says which,
    /// so that a translation is added rather than missed.
    static func noteUntranslated(_ covenant: Covenant, language: Language) {
        let missing = covenant.textsWithoutEnglish
        guard language == .en, !missing.isEmpty else { return }
        let shown = missing.prefix(3).joined(separator: "; ") + (missing.count > 3 ? "; and \(missing.count - 3) more" : "")
        StandardError.write("koers: note: covenant.yaml gives \(count(missing.count, "text")) in one language only, shown as written: \(shown)\n"
                            + "  hint: write them as {nl: …, en: …} (docs/workspace.md, \"Texts in two languages\")\n")
    }

    /// The route_law plugin's `derive` result, `{ [route id] = { open = { "R5", ... } } }`, as
    /// the legal requirements still open per route; empty when the plugin is absent or off.
    static func openRequirements(_ derived: LuaValue?) -> [String: [String]] {
        guard case .record(let routes)? = derived else { return [:] }
        return routes.compactMapValues { entry -> [String]? in
            guard case .record(let fields) = entry else { return nil }
            switch fields["open"] {
            case .array(let codes)?: return codes.compactMap { if case .string(let code) = $0 { code } else { nil } }
            default: return []
            }
        }
    }

    static func provenance(workspace: URL, asOf: Day) -> Provenance {
        let fingerprint = WorkspaceFingerprint(workspace: workspace)
        return Provenance(asOf: asOf, dataHash: fingerprint.data, rulesHash: fingerprint.rules, pluginsHash: fingerprint.plugins,
                          koersVersion: KoersVersion.number)
    }

    /// The judgements (and what plugins derived) on each day, in the order of `days`: the
    /// evaluation date first, then the earlier days by one worker per processor, each judging every
    /// n-th day in sandboxes it reuses.
    ///
    /// A rule that fails on the evaluation date is not run on the earlier days: its chart has
    /// nothing to draw, and a rule that hits a budget (a memory bomb, an endless loop) would hit it
    /// again on every day, turning one error into minutes.
    private static func judge(days: [Day], workspace: Workspace, evaluation: Evaluation) -> [Evaluation.Day] {
        let results = ResultsByDay(count: days.count)
        let last = days.count - 1
        // Events read the same on every day they exist: each worker builds them once.
        let records = days.count > 1 ? EncodedRecords(workspace) : nil
        let first = evaluation.makeSandbox()
        let evaluationDay = evaluation.judge(workspace.state(asOf: days[last]), in: first,
                                             records: records.flatMap { records in first.map { SharedRecords(records, in: $0) } })
        results.set(last, evaluationDay)
        guard last > 0 else { return results.all }
        let failed = Set(evaluationDay.judgements.filter { $0.status == .error }.map(\.targetID))
        let judged: Set<String>? = failed.isEmpty ? nil : Set(workspace.covenant.targets.map(\.id)).subtracting(failed)
        let workers = max(1, min(last, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let sandbox = evaluation.makeSandbox()
            var shared: SharedRecords?
            if let records, let sandbox { shared = SharedRecords(records, in: sandbox) }
            for index in stride(from: worker, to: last, by: workers) {
                // Earlier days only draw a point of each chart: their value is all that is read.
                results.set(index, evaluation.judge(workspace.state(asOf: days[index]), only: judged, in: sandbox, records: shared,
                                                    detail: .statusAndValue))
            }
        }
        return results.all
    }

    /// The templates: the workspace's `templates/` where it has them, Koers' own otherwise.
    func templates() throws -> TemplateSet {
        do {
            return try TemplateSet(overrides: workspace.url.appendingPathComponent("templates", isDirectory: true))
        } catch {
            StandardError.write("\(error)\n  hint: fix the template, or delete it to use Koers' own (docs/reports.md lists the keys)\n")
            throw KoersExit.dataError
        }
    }
}

/// Results filled in from several threads, each index once.
private final class ResultsByDay: @unchecked Sendable {
    private var slots: [Evaluation.Day?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Evaluation.Day) { lock.withLock { slots[index] = result } }
    var all: [Evaluation.Day] { lock.withLock { slots.map { $0! } } }
}

extension Language {
    /// The Dutch or the English of a message, as a reader of this language reads it.
    func pick(_ nl: String, _ en: String) -> String { self == .nl ? nl : en }
}

extension Suggestion {
    /// ` — bedoelt u 'x'?` or ` — did you mean 'x'?`, as `language` reads it, or nothing.
    static func didYouMean<S: Sequence>(_ text: String, in candidates: S, language: Language) -> String where S.Element == String {
        didYouMeanInBoth(text, in: candidates).text(in: language)
    }
}
