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

    /// `language`: the language the rules and plugins write their sentences in (`lang`).
    public init(workspace: URL, covenant: Covenant, limits: LuaLimits, language: Language = .nl) {
        rules = RuleRunner(workspace: workspace, limits: limits, disabledPlugins: covenant.disabledPlugins)
        rules.language = language
        plugins = PluginRunner(catalog: PluginCatalog(workspace: workspace, disabled: covenant.disabledPlugins, limits: limits))
        plugins.language = language
    }

    public func judge(_ state: CovenantState, only targetIDs: Set<String>? = nil) -> Day {
        judge(state, only: targetIDs, in: makeSandbox())
    }

    /// The same in `sandbox` (from ``makeSandbox()``), which a thread judging many days reuses
    /// with the `records` built in it once. The day's state is built in it once, read-only, for
    /// the plugins and then the rules. `detail` says how much of each rule's result to read.
    /// `encoded`: the day's state already encoded (against `records`' ``EncodedRecords``).
    public func judge(_ state: CovenantState, encoded: EncodedState? = nil, only targetIDs: Set<String>? = nil,
                      in sandbox: LuaSandbox?, records: SharedRecords? = nil, detail: RuleRunner.ResultDetail = .full) -> Day {
        judgeKeepingState(state, encoded: encoded, only: targetIDs, in: sandbox, records: records, detail: detail).day
    }

    /// The same, and the day's state as built in `sandbox`: for the plugins' `checks` and
    /// `sections` of the same day, which then need not build it again.
    public func judgeKeepingState(_ state: CovenantState, encoded: EncodedState? = nil, only targetIDs: Set<String>? = nil,
                                  in sandbox: LuaSandbox?, records: SharedRecords? = nil,
                                  detail: RuleRunner.ResultDetail = .full) -> (day: Day, input: ScriptState) {
        let watching = rules.fieldWatch != nil || plugins.fieldWatch != nil
        let input = ScriptState(state, encoded: encoded, in: sandbox, records: records, privateCopies: watching)
        let (derived, problems) = plugins.derive(input)
        return ((rules.judge(input, derived: derived, only: targetIDs, detail: detail), derived, problems), input)
    }

    /// A sandbox for the plugins and rules of one thread: both run with the same limits and
    /// module folders. When it cannot be made, each script gets a new one, which then reports
    /// the reason as its error.
    public func makeSandbox() -> LuaSandbox? {
        try? rules.makeSandbox()
    }
}
