import ArgumentParser
import CovenantModel
import Dispatch
import Foundation
import LuaHost
import ReportModel
import ReportRenderers
import RuleEngine
import TargetJudgement
import WorkspaceLoader

extension Language: ExpressibleByArgument {}

/// `--lang`, for every command that writes report text.
struct LanguageOption: ParsableArguments {
    @Option(help: ArgumentHelp("The report language: nl (Dutch, the default) or en (English).", valueName: "nl|en"))
    var lang: Language = .nl
}

/// The path from files to a report model, shared by `report`, `gaps` and `school`: the validated
/// workspace, the rules run on the evaluation date (and, for charts, on earlier days), the model.
struct ReportMaking {
    let workspace: WorkspaceOptions
    let asOf: Day
    let limits: LuaLimits
    let language: Language

    /// The report; a failing rule is written to standard error and shown in the report. With `history`, every target's trajectory is judged
    /// on the days of ``TrajectorySampling``, in parallel: each day's rules run in sandboxes of
    /// their own.
    func make(for what: String, history: Bool) throws -> Report {
        let loaded = try workspace.loadValidated(for: what)
        let state = loaded.state(asOf: asOf)
        let runner = RuleRunner(workspace: workspace.url, limits: limits)
        let days = history ? TrajectorySampling.days(from: loaded.covenant.baselineDate, to: asOf) : [asOf]
        let judged = Self.judge(days: days, workspace: loaded, runner: runner)
        let judgements = judged.last!
        let provenance = ReportMaking.provenance(workspace: workspace.url, asOf: asOf)
        let report = ReportBuilder(state: state, language: language)
            .report(judgements: judgements, history: history ? zip(days, judged).map { ($0, $1) } : [], provenance: provenance)
        for judgement in judgements {
            if let failure = judgement.failure { StandardError.write("koers: error: \(judgement.targetID): \(failure)\n") }
        }
        return report
    }

    static func provenance(workspace: URL, asOf: Day) -> Provenance {
        let fingerprint = WorkspaceFingerprint(workspace: workspace)
        return Provenance(asOf: asOf, dataHash: fingerprint.data, rulesHash: fingerprint.rules, pluginsHash: fingerprint.plugins,
                          koersVersion: KoersVersion.number)
    }

    /// The judgements on each day, in the order of `days`.
    private static func judge(days: [Day], workspace: Workspace, runner: RuleRunner) -> [[TargetJudgement]] {
        let results = JudgementsByDay(count: days.count)
        DispatchQueue.concurrentPerform(iterations: days.count) { index in
            results.set(index, runner.judge(workspace.state(asOf: days[index])))
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
private final class JudgementsByDay: @unchecked Sendable {
    private var slots: [[TargetJudgement]]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: [], count: count) }
    func set(_ index: Int, _ judgements: [TargetJudgement]) { lock.withLock { slots[index] = judgements } }
    var all: [[TargetJudgement]] { lock.withLock { slots } }
}
