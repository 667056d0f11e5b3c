import CovenantModel
import Foundation
import LuaHost
import PluginEngine
import ReportModel
import RuleEngine
import TargetJudgement

/// Plugins and rules on one day, as every command runs them: the plugins' `derive` first (in
/// load order), then every rule with `state.derived` filled in.
struct Evaluation: Sendable {
    let rules: RuleRunner
    let plugins: PluginRunner

    /// What one day's evaluation gave.
    typealias Day = (judgements: [TargetJudgement], derived: [String: LuaValue], problems: [PluginProblem])

    init(workspace: URL, covenant: Covenant, limits: LuaLimits) {
        rules = RuleRunner(workspace: workspace, limits: limits, disabledPlugins: covenant.disabledPlugins)
        plugins = PluginRunner(catalog: PluginCatalog(workspace: workspace, disabled: covenant.disabledPlugins, limits: limits))
    }

    func judge(_ state: CovenantState, only targetIDs: Set<String>? = nil) -> Day {
        let (derived, problems) = plugins.derive(state)
        return (rules.judge(state, derived: derived, only: targetIDs), derived, problems)
    }

    /// Failing rules and plugins on standard error, so that a script or CI log shows them.
    static func reportFailures(judgements: [TargetJudgement], problems: [PluginProblem]) {
        for judgement in judgements {
            if let failure = judgement.failure { StandardError.write("koers: error: \(judgement.targetID): \(failure)\n") }
        }
        for problem in problems { StandardError.write("koers: error: \(problem)\n") }
    }
}
