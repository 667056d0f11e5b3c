import CovenantModel
import Foundation
import LuaHost
import ReportModel
import RuleEngine
import TargetJudgement

/// Calls the plugins' hooks, each in a sandbox of its own with the rules' budgets. A hook that
/// fails, or returns something malformed, becomes a ``PluginProblem`` naming the plugin, the file
/// and the line; the other plugins, and the report, go on.
public struct PluginRunner: Sendable {
    public let catalog: PluginCatalog
    /// Set by `koers check` to find reads of fields the state does not have.
    public var fieldWatch: FieldReadWatch?
    /// The language `derive` sees as `lang` (checks, sections and formats are given theirs).
    public var language: Language = .nl

    public init(catalog: PluginCatalog) {
        self.catalog = catalog
    }

    /// Runs every `derive` in load order; each sees what the plugins before it derived.
    public func derive(_ state: CovenantState) -> (derived: [String: LuaValue], problems: [PluginProblem]) {
        derive(ScriptState(state, in: nil))
    }

    /// The same with the state prepared for the sandbox the plugins run in (``ScriptState``),
    /// which a caller that also runs the rules reuses.
    public func derive(_ input: ScriptState) -> (derived: [String: LuaValue], problems: [PluginProblem]) {
        var derived: [String: LuaValue] = [:]
        var problems: [PluginProblem] = []
        for plugin in catalog.plugins(with: .derive) {
            do throws(PluginProblem) {
                let results = try call(plugin, stage: "derive", "return plugin.derive(state)",
                                       state: (input, derived), globals: ["lang": .string(language.rawValue)])
                guard results.count <= 1 else {
                    throw PluginProblem(plugin: plugin.name, stage: "derive", message: "\(plugin.file): derive must return one value, not \(results.count)")
                }
                if let value = results.first, value != .nil { derived[plugin.name] = value }
            } catch {
                problems.append(error)
            }
        }
        return (derived, problems)
    }

    /// Every plugin's data-quality findings, in load order.
    /// `input`: the state already built in a sandbox (``sharedState(_:)``), for a caller that
    /// also asks for the sections.
    public func checks(_ state: CovenantState, derived: [String: LuaValue], language: Language,
                       input: ScriptState? = nil) -> (findings: [DataCheckFinding], problems: [PluginProblem]) {
        var findings: [DataCheckFinding] = []
        var problems: [PluginProblem] = []
        let input = input ?? sharedState(state)
        for plugin in catalog.plugins(with: .checks) {
            do throws(PluginProblem) {
                let results = try call(plugin, stage: "checks", "return plugin.checks(state)",
                                       state: (input, derived), globals: ["lang": .string(language.rawValue)])
                findings += try read(plugin, stage: "checks", results) { value throws(LuaShape.Mismatch) in
                    try ContentReader.findings(value, plugin: plugin.name)
                }
            } catch {
                problems.append(error)
            }
        }
        return (findings, problems)
    }

    /// Every plugin's report sections, in load order. `judgements` are the rules' results on the
    /// state's day; plugins read them as `results[target id]`.
    public func sections(_ state: CovenantState, derived: [String: LuaValue], judgements: [TargetJudgement],
                         language: Language, input: ScriptState? = nil) -> (sections: [ReportSection], problems: [PluginProblem]) {
        var sections: [ReportSection] = []
        var problems: [PluginProblem] = []
        let results = ResultsView.results(judgements, covenant: state.covenant)
        let input = input ?? sharedState(state)
        for plugin in catalog.plugins(with: .sections) {
            do throws(PluginProblem) {
                let returned = try call(plugin, stage: "sections", "return plugin.sections(state, results)",
                                        state: (input, derived), globals: ["results": results, "lang": .string(language.rawValue)])
                sections += try read(plugin, stage: "sections", returned) { value throws(LuaShape.Mismatch) in
                    try ContentReader.sections(value, plugin: plugin.name)
                }
            } catch {
                problems.append(error)
            }
        }
        return (sections, problems)
    }

    /// The file a plugin format makes from the report.
    public func render(_ format: PluginFormat, report: Report) -> Result<[UInt8], PluginProblem> {
        guard let plugin = catalog.plugins.first(where: { $0.name == format.plugin }) else {
            return .failure(PluginProblem(plugin: format.plugin, stage: format.name, message: "the plugin is not loaded"))
        }
        do throws(PluginProblem) {
            let results = try call(plugin, stage: format.name, "return plugin.formats[\"\(format.name)\"].render(report)",
                                   globals: ["report": ReportView.report(report), "lang": .string(report.language.rawValue)])
            guard results.count == 1, case .string(let text) = results[0] else {
                throw PluginProblem(plugin: plugin.name, stage: format.name,
                                    message: "\(plugin.file): formats.\(format.name).render must return the file's text, not \(results.first.map(LuaShape.describe) ?? "nothing")")
            }
            // Excel reads a CSV as UTF-8 only with a byte order mark ("één" would be garbled):
            // a plugin's CSV gets one when its text lacks it.
            let bytes = Array(text.utf8)
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            if format.file.lowercased().hasSuffix(".csv"), !bytes.starts(with: bom) { return .success(bom + bytes) }
            return .success(bytes)
        } catch {
            return .failure(error)
        }
    }

    /// The state built once, read-only, in a new sandbox, for the plugins' `checks` and `sections`.
    public func sharedState(_ state: CovenantState) -> ScriptState {
        ScriptState(state, in: try? makeSandbox(), privateCopies: fieldWatch != nil)
    }

    /// A sandbox for the plugins' scripts, to reuse for many calls on one thread.
    public func makeSandbox() throws(LuaError) -> LuaSandbox {
        try LuaSandbox(limits: catalog.limits, modules: RuleRunner.moduleFolders(workspace: catalog.workspace, disabledPlugins: catalog.disabled))
    }

    /// Runs `call` (Lua, with the plugin table as `plugin`) with `state` (and what plugins
    /// derived) and `globals` as globals: in the sandbox the state was built in, or a new one.
    private func call(_ plugin: Plugin, stage: String, _ call: String,
                      state: (input: ScriptState, derived: [String: LuaValue])? = nil,
                      globals: [String: LuaValue] = [:]) throws(PluginProblem) -> [LuaValue] {
        do throws(LuaError) {
            let sandbox: LuaSandbox
            if let own = state?.input.sandbox { sandbox = own } else { sandbox = try makeSandbox() }
            let script = LuaScript(chunkName: "koers plugin host", source: "local plugin = require(\"\(plugin.name)\")\n\(call)")
            var prelude: LuaScript?
            if let fieldWatch {
                var watched = globals
                if let state { watched["state"] = StateView.state(state.input.model, derived: state.derived) }
                prelude = try fieldWatch.prepare(sandbox, globals: watched)
            }
            let tapes = state.map { $0.input.globals(derived: $0.derived, others: globals) } ?? [LuaTape.globals(globals)]
            return try sandbox.run(script, encodedGlobals: tapes, prelude: prelude)
        } catch {
            throw PluginProblem(plugin: plugin.name, stage: stage, message: error.description, hint: error.hint)
        }
    }

    private func read<T>(_ plugin: Plugin, stage: String, _ results: [LuaValue],
                         _ reader: (LuaValue) throws(LuaShape.Mismatch) -> T) throws(PluginProblem) -> T {
        do throws(LuaShape.Mismatch) {
            return try reader(results.first ?? .nil)
        } catch {
            throw PluginProblem(plugin: plugin.name, stage: stage, message: "\(plugin.file): \(stage) returned a malformed value: \(error.message)", hint: error.hint)
        }
    }
}
