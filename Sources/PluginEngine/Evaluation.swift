import CovenantModel
import Foundation
import LuaHost
import ReportModel
import RuleEngine
import TargetJudgement

/// Plugins and rules on one day, as every command runs them: the plugins' `derive` first (in
/// load order), then every rule with `state.derived` filled in.
public struct Evaluation: Sendable {
    public var rules: RuleRunner
    public var plugins: PluginRunner

    /// What one day's evaluation gave.
    public typealias Day = (judgements: [TargetJudgement], derived: [String: LuaValue], problems: [PluginProblem])

    public init(workspace: URL, covenant: Covenant, limits: LuaLimits) {
        rules = RuleRunner(workspace: workspace, limits: limits, disabledPlugins: covenant.disabledPlugins)
        plugins = PluginRunner(catalog: PluginCatalog(workspace: workspace, disabled: covenant.disabledPlugins, limits: limits))
    }

    public func judge(_ state: CovenantState, only targetIDs: Set<String>? = nil) -> Day {
        let (derived, problems) = plugins.derive(state)
        return (rules.judge(state, derived: derived, only: targetIDs), derived, problems)
    }
}
