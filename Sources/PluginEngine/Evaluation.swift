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
        judge(state, only: targetIDs, in: nil)
    }

    /// The same in `sandboxes` (from ``makeSandboxes()``), which a thread judging many days reuses.
    public func judge(_ state: CovenantState, only targetIDs: Set<String>? = nil, in sandboxes: Sandboxes?) -> Day {
        let encoded = EncodedState(state)
        let (derived, problems) = plugins.derive(state, encoded: encoded, in: sandboxes?.plugins)
        return (rules.judge(state, encoded: encoded, derived: derived, only: targetIDs, in: sandboxes?.rules), derived, problems)
    }

    /// One sandbox for the plugins and one for the rules, for one thread.
    public struct Sandboxes {
        let plugins: LuaSandbox?
        let rules: LuaSandbox?
    }

    /// Sandboxes to reuse for every day one thread judges. When one cannot be made, each script
    /// gets a new one, which then reports the reason as its error.
    public func makeSandboxes() -> Sandboxes {
        Sandboxes(plugins: try? plugins.makeSandbox(), rules: try? rules.makeSandbox())
    }
}
