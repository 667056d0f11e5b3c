import CovenantModel
import Dispatch
import Foundation
import LuaHost
import PluginEngine
import ReportModel
import RuleEngine
import TargetJudgement
import WorkspaceLoader

/// The one path from a workspace's files to a report model, which every front end calls: the
/// command line (`koers report`, `status`, `gaps`, `school`, `board`) and the portal
/// (`koers serve`). Files → validated model → the plugins and rules in the Lua sandbox → rule
/// results → report model. Rendering is the front end's: it picks the formats and templates.
///
/// It prints nothing and exits nothing: what goes wrong comes back as values (the validation
/// diagnostics, failing rules and plugins) for the front end to show in its own way, so that a
/// school sees in the portal exactly what the report says about it.
public struct ReportPipeline: Sendable {
    /// The workspace folder: covenant.yaml, state/, rules/, plugins/.
    public var workspace: URL
    /// The evaluation date.
    public var asOf: Day
    /// The sandbox budgets of every plugin and rule call.
    public var limits: LuaLimits
    /// The language of the report, of the covenant's texts and of what rules and plugins write.
    public var language: Language
    /// Keep what each earlier day of a trajectory gave in the workspace (`.koers/trajectory/`)
    /// and judge again only the days whose state, rules, plugins or Koers changed
    /// (``TrajectoryCache``). Off: every day is judged anew, and nothing is written.
    public var reusesDays = true

    public init(workspace: URL, asOf: Day, limits: LuaLimits = .default, language: Language = .nl) {
        self.workspace = workspace
        self.asOf = asOf
        self.limits = limits
        self.language = language
    }

    /// What ``load()`` found.
    public struct Loading: Sendable {
        /// Every problem the loader found, errors and warnings, ordered by file and line.
        public var result: WorkspaceLoadResult
        /// The validated workspace, its covenant's texts in the pipeline's language; `nil` when
        /// the data has errors: Koers does not report on data it cannot trust.
        public var workspace: Workspace?
    }

    /// Files → validated model.
    public func load() -> Loading { Self.load(workspace: workspace, language: language) }

    /// Files → validated model, for a front end that has no evaluation date yet.
    public static func load(workspace: URL, language: Language) -> Loading {
        load(workspace: workspace, language: language, overlay: [:])
    }

    /// Files → validated model, with the state tables of `overlay` (table name → CSV text, such
    /// as `school-years`) in place of the workspace's own: the workspace as if a submission in the
    /// portal were approved, for its checks and its preview.
    public static func load(workspace: URL, language: Language, overlay: [String: String]) -> Loading {
        let fixture = overlay.isEmpty ? nil : StateFixture(folder: workspace, folderName: nil, tables: overlay, label: "opgave")
        let result = WorkspaceLoader.load(from: workspace, fixture: fixture)
        guard var loaded = result.workspace else { return Loading(result: result, workspace: nil) }
        loaded.covenant = loaded.covenant.localized(to: language)
        return Loading(result: result, workspace: loaded)
    }

    /// One day's judgements: the plugins' `derive`, then every rule, on the evaluation date.
    public func judge(_ loaded: Workspace) -> (state: CovenantState, judgements: [TargetJudgement], problems: [PluginProblem]) {
        let state = loaded.state(asOf: asOf)
        let evaluation = Evaluation(workspace: workspace, covenant: loaded.covenant, limits: limits, language: language)
        let (judgements, _, problems) = evaluation.judge(state)
        return (state, judgements, problems)
    }

    /// What ``make(from:history:comparisonDay:stage:)`` made.
    public struct Made {
        /// The report model every renderer draws from.
        public var report: Report
        /// The plugins of this run: their formats are rendered from the report.
        public var plugins: PluginRunner
        /// Rules that failed and plugin problems, as one line each (English: Lua's own words).
        public var failures: [String]
        /// How many earlier days of the trajectory came from `.koers/trajectory/` (``reusesDays``)
        /// instead of running the scripts.
        public var reusedDays = 0
    }

    /// The report model for `loaded` (from ``load()``). With `history`, every target's trajectory
    /// is judged on the days of ``TrajectorySampling``, in parallel: each worker runs the plugins
    /// and rules of its days in sandboxes of its own. With a `comparisonDay`, the report says what
    /// changed since then. `stage` is told when each stage ends, for `--timings`.
    public func make(from loaded: Workspace, history: Bool, comparisonDay: ComparisonDay? = nil,
                     stage: (String) -> Void = { _ in }) -> Made {
        let state = loaded.state(asOf: asOf)
        let evaluation = Evaluation(workspace: workspace, covenant: loaded.covenant, limits: limits, language: language)
        let days = history ? TrajectorySampling.days(from: loaded.covenant.baselineDate, to: asOf) : [asOf]
        let cache = history && reusesDays
            ? TrajectoryCache(workspace: workspace, covenant: loaded.covenant, language: language, limits: limits) : nil
        let (judged, comparisonJudgements, evaluationInput, reused) = Self.judge(days: days, comparisonDay: comparisonDay?.day,
                                                                                workspace: loaded, evaluation: evaluation, cache: cache)
        cache?.withdrawIfInputsChanged()
        let daysJudged = history ? "rules (\(days.count) days" + (cache == nil ? ")" : ", \(reused) from .koers/trajectory)") : "rules"
        stage(daysJudged + (comparisonDay.map { " and on \($0.day)" } ?? ""))
        let (judgements, derived, deriveProblems) = judged.last!
        // The evaluation date's state as the rules had it: checks and sections read the same.
        let input = evaluationInput ?? evaluation.plugins.sharedState(state)
        let checks = evaluation.plugins.checks(state, derived: derived, language: language, input: input)
        let sections = evaluation.plugins.sections(state, derived: derived, judgements: judgements, language: language, input: input)
        let contributions = PluginContributions(
            sections: sections.sections, findings: checks.findings,
            problems: evaluation.plugins.catalog.problems + deriveProblems + checks.problems + sections.problems)
        // What changed: the same rules on the earlier day, in full (its counted records are compared).
        let comparison = comparisonDay.map { day in
            ReportBuilder.ComparisonInput(day: day.day, basis: day.basis, judgements: comparisonJudgements ?? [])
        }
        let report = ReportBuilder(workspace: loaded, asOf: asOf, language: language)
            .report(judgements: judgements, history: history ? zip(days, judged).map { ($0, $1.judgements) } : [],
                    plugins: contributions, provenance: provenance(),
                    openRequirements: Self.openRequirements(derived["route_law"]), comparison: comparison)
        stage("report model")
        return Made(report: report, plugins: evaluation.plugins,
                    failures: Self.failures(judgements: judgements, problems: contributions.problems), reusedDays: reused)
    }

    /// Where the report comes from: the fingerprints of the data, rules and plugins, and Koers.
    public func provenance() -> Provenance {
        let fingerprint = WorkspaceFingerprint(workspace: workspace)
        return Provenance(asOf: asOf, dataHash: fingerprint.data, rulesHash: fingerprint.rules, pluginsHash: fingerprint.plugins,
                          koersVersion: KoersVersion.number)
    }

    /// Failing rules and plugin problems, one line each, as a front end lists them.
    public static func failures(judgements: [TargetJudgement], problems: [PluginProblem]) -> [String] {
        judgements.compactMap { judgement in judgement.failure.map { "\(judgement.targetID): \($0)" } } + problems.map { "\($0)" }
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

    /// The judgements (and what plugins derived) on each day, in the order of `days`, and the
    /// judgements on `comparisonDay`. The evaluation date (the last day) and the comparison day are
    /// judged in full and first, side by side; then the earlier days by one worker per processor,
    /// each judging every n-th day in sandboxes it reuses.
    ///
    /// A rule that fails on the evaluation date is not run on the earlier days: its chart has
    /// nothing to draw, and a rule that hits a budget (a memory bomb, an endless loop) would hit it
    /// again on every day, turning one error into minutes. (A worker that reaches an earlier day
    /// before the evaluation date is judged runs every rule there; the failed ones are left out
    /// afterwards, so the result is the same.)
    ///
    /// With a `cache`, an earlier day whose state and inputs are unchanged since a previous run
    /// takes its judgements from there instead of running the scripts.
    static func judge(days: [Day], comparisonDay: Day? = nil, workspace: Workspace, evaluation: Evaluation,
                      cache: TrajectoryCache? = nil)
        -> (days: [Evaluation.Day], comparison: [TargetJudgement]?, evaluationInput: ScriptState?, reused: Int) {
        let results = ResultsByDay(count: days.count + 1)  // the last slot: the comparison day
        let last = days.count - 1
        // Events read the same on every day they exist: each worker builds them once.
        let records = days.count > 1 || comparisonDay != nil ? EncodedRecords(workspace, fingerprints: cache != nil) : nil
        let failures = FailedTargets()
        let evaluationInput = KeptState()
        let reused = Counter()
        let allTargets = workspace.covenant.targets.map(\.id)
        let tasks = last + (comparisonDay == nil ? 1 : 2)
        let workers = max(1, min(tasks, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // Made when the first day that is not in the cache needs them.
            var sandbox: LuaSandbox??
            var shared: SharedRecords?
            func judge(_ state: CovenantState, encoded: EncodedState? = nil, only: Set<String>? = nil,
                       detail: RuleRunner.ResultDetail = .full) -> (day: Evaluation.Day, input: ScriptState) {
                if sandbox == nil {
                    sandbox = .some(evaluation.makeSandbox())
                    if let records, let made = sandbox! { shared = SharedRecords(records, in: made) }
                }
                return evaluation.judgeKeepingState(state, encoded: encoded, only: only, in: sandbox!, records: shared, detail: detail)
            }
            if worker == 0 {
                let (evaluationDay, input) = judge(workspace.state(asOf: days[last]))
                evaluationInput.state = input
                results.set(last, evaluationDay)
                failures.set(Set(evaluationDay.judgements.filter { $0.status == .error }.map(\.targetID)))
            }
            if let comparisonDay, worker == min(1, workers - 1) {
                results.set(days.count, judge(workspace.state(asOf: comparisonDay)).day)
            }
            let fingerprinter = cache == nil ? nil : records.flatMap(StateFingerprinter.init(records:))
            for index in stride(from: worker, to: last, by: workers) {
                let failed = failures.known
                let targets = failed.map { failed in allTargets.filter { !failed.contains($0) } } ?? allTargets
                let state = workspace.state(asOf: days[index])
                let encoded = EncodedState(state, records: records)
                let key = fingerprinter.map { cache!.key(for: $0.fingerprint(encoded)) }
                if let key, let kept = cache!.read(key, targets: targets) {
                    results.set(index, (kept, [:], []))
                    reused.add()
                    continue
                }
                // Earlier days only draw a point of each chart: their value is all that is read.
                let day = judge(state, encoded: encoded, only: failed?.isEmpty == false ? Set(targets) : nil, detail: .statusAndValue).day
                results.set(index, day)
                // A plugin that failed (its time limit, say) may not fail next time: keep only
                // days on which every plugin and rule ran.
                if let key, day.problems.isEmpty { cache!.write(key, day.judgements) }
            }
        }
        cache?.prune()
        var all = results.all
        let failed = failures.known ?? []
        if !failed.isEmpty {
            for index in 0..<last { all[index]!.judgements.removeAll { failed.contains($0.targetID) } }
        }
        return (all[0...last].map { $0! }, comparisonDay == nil ? nil : all[days.count]!.judgements, evaluationInput.state, reused.count)
    }
}

/// A count added to from several threads.
private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}

/// The evaluation date's state as built in worker 0's sandbox, handed out once the workers are
/// done (nothing else uses that sandbox then).
private final class KeptState: @unchecked Sendable {
    var state: ScriptState?
}

/// The targets whose rule failed on the evaluation date, once that day is judged.
private final class FailedTargets: @unchecked Sendable {
    private var failed: Set<String>?
    private let lock = NSLock()
    func set(_ targets: Set<String>) { lock.withLock { failed = targets } }
    /// `nil` while the evaluation date is still being judged.
    var known: Set<String>? { lock.withLock { failed } }
}

/// Results filled in from several threads, each index once.
private final class ResultsByDay: @unchecked Sendable {
    private var slots: [Evaluation.Day?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Evaluation.Day) { lock.withLock { slots[index] = result } }
    /// Every slot; `nil` where nothing was set.
    var all: [Evaluation.Day?] { lock.withLock { slots } }
}
