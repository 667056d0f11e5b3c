import CovenantModel
import Foundation
import LuaHost
import TargetJudgement

/// Judges every target of a covenant by running its Lua rule script against the state.
///
/// Each rule runs in a fresh environment and reads the state read-only, so a broken or hostile
/// rule fails alone: its target gets status `error` with the script, line and message, and every
/// other target is still judged. The waivers that apply are passed on with the judgement, and a result built on data
/// older than the target's freshness limit becomes `no_data`.
public struct RuleRunner: Sendable {
    public let workspace: URL
    public let limits: LuaLimits
    /// Plugins switched off in `covenant.yaml`: a rule that requires one fails with that reason.
    public let disabledPlugins: [String]
    /// The language rules write their sentences in: rules read it as the global `lang`, and
    /// `koers.text{nl = …, en = …}` picks by it.
    public var language: Language = .nl
    /// Set by `koers check` to find reads of fields the state does not have.
    public var fieldWatch: FieldReadWatch?
    /// Each rule script is read once per runner (and its copies): every day a report judges
    /// runs the same text, even when a file is saved while the report is being made.
    private let scripts = ScriptFiles()

    /// How much of a rule's result to read.
    public enum ResultDetail: Sendable {
        /// All of it, every field checked: the judgement a report or status shows.
        case full
        /// Only `status` and `value`, checked; the rest is not read out of Lua. For the days of a
        /// target's trajectory, whose chart draws the value; the evaluation day's full reading
        /// checks the rest of what the same script returns.
        case statusAndValue
    }

    public init(workspace: URL, limits: LuaLimits = .default, disabledPlugins: [String] = []) {
        self.workspace = workspace
        self.limits = limits
        self.disabledPlugins = disabledPlugins
    }

    /// The folder with Koers' own Lua library (`koers.lua`), which `require("koers")` finds.
    public static var libraryFolder: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Lua", isDirectory: true)
    }

    /// Where `require` looks, in this order: the workspace's `rules/` and `plugins/`, then Koers'
    /// own library (so `require("koers")` works in every script, and a workspace may replace it).
    public static func moduleFolders(workspace: URL, disabledPlugins: [String] = []) -> LuaModuleFolders {
        let refused = Dictionary(disabledPlugins.map { ($0, "is a plugin switched off in covenant.yaml (plugins: disabled:)") },
                                 uniquingKeysWith: { first, _ in first })
        return LuaModuleFolders([
            .init(url: workspace.appendingPathComponent("rules", isDirectory: true), displayName: "rules"),
            .init(url: workspace.appendingPathComponent("plugins", isDirectory: true), displayName: "plugins"),
            .init(url: libraryFolder, displayName: "koers"),
        ], refused: refused)
    }

    /// A sandbox for this runner's scripts. One sandbox can run every rule on every day in turn
    /// (each run gets a fresh environment; the state is read-only); give each thread its own.
    public func makeSandbox() throws(LuaError) -> LuaSandbox {
        try LuaSandbox(limits: limits, modules: Self.moduleFolders(workspace: workspace, disabledPlugins: disabledPlugins)) { _ in }
    }

    /// One judgement per target, in the covenant's order. `derived` is what plugins derived from
    /// this state, by plugin name; rules read it as `state.derived`.
    public func judge(_ state: CovenantState, derived: [String: LuaValue] = [:], only targetIDs: Set<String>? = nil) -> [TargetJudgement] {
        let sandbox = try? makeSandbox()
        return judge(ScriptState(state, in: sandbox, privateCopies: fieldWatch != nil), derived: derived, only: targetIDs)
    }

    /// The same, with the state prepared for the scripts' sandbox (`nil` there: a new one).
    public func judge(_ input: ScriptState, derived: [String: LuaValue], only targetIDs: Set<String>? = nil,
                      detail: ResultDetail = .full) -> [TargetJudgement] {
        let state = input.model
        let targets = state.covenant.targets.filter { targetIDs?.contains($0.id) ?? true }
        let sandbox: Result<LuaSandbox, LuaError> = input.sandbox.map { .success($0) } ?? Result { () throws(LuaError) in try makeSandbox() }
        let watched = fieldWatch == nil ? nil : StateView.state(state, derived: derived)
        let input = input.sharing(derived: derived)
        let ids = (schools: Set(state.schools.map(\.id)), institutions: Set(state.institutions.map(\.id)))
        return targets.map { target in
            let reader = ResultReader(targetID: target.id, schools: ids.schools, institutions: ids.institutions)
            return judge(target, in: input, watched: watched, sandbox: sandbox, reader: reader, detail: detail)
        }
    }

    private func judge(_ target: Target, in input: ScriptState, watched: LuaValue?,
                       sandbox: Result<LuaSandbox, LuaError>, reader: ResultReader, detail: ResultDetail) -> TargetJudgement {
        let state = input.model
        let waivers = state.waivers.filter { $0.target == target.id }
        var judgement: TargetJudgement
        var dataAsOf: String?
        do throws(LuaError) {
            let script = try scripts.script(target.rule, in: workspace)
            let sandbox = try sandbox.get()
            let targetView = StateView.target(target, asOf: state.asOf, waivers: waivers)
            var prelude: LuaScript?
            if let fieldWatch, let watched {
                prelude = try fieldWatch.prepare(sandbox, globals: ["state": watched, "target": targetView, "lang": .string(language.rawValue)])
            }
            let results = try sandbox.run(script, encodedGlobals: input.globals(others: ["target": targetView, "lang": .string(language.rawValue)]),
                                          prelude: prelude, resultFields: detail == .full ? nil : ["status", "value"])
            (judgement, dataAsOf) = try readResult(results, target: target, reader: reader, detail: detail)
        } catch {
            judgement = TargetJudgement(targetID: target.id, status: .error,
                                        failure: RuleFailure(script: error.chunk ?? target.rule, line: error.line,
                                                             message: error.message, hint: hint(for: error, target: target)))
        }
        if judgement.status != .error {
            applyFreshness(to: &judgement, dataAsOf: dataAsOf, target: target, asOf: state.asOf)
        }
        judgement.waivers = waivers
        return judgement
    }

    private func readResult(_ results: [LuaValue], target: Target, reader: ResultReader,
                            detail: ResultDetail) throws(LuaError) -> (TargetJudgement, String?) {
        do {
            if detail == .statusAndValue { return (try reader.statusAndValue(results), nil) }
            let read = try reader.read(results)
            return (read.judgement, read.dataAsOf)
        } catch {
            throw LuaError(kind: .invalidValue, chunk: target.rule, message: "malformed result: \(error.message)", hint: error.hint)
        }
    }

    /// A missing script is a workspace matter: the path is the target's, not the current folder's.
    private func hint(for error: LuaError, target: Target) -> String? {
        // A script that is missing gets the workspace's fix; one that is there but cannot be read
        // (a FIFO, a link to nowhere) keeps the reader's own hint.
        guard error.kind == .unreadable, error.message.hasSuffix("it does not exist") else { return error.hint }
        return "create \(target.rule) in the workspace, or set 'rule:' for target '\(target.id)' in covenant.yaml"
    }

    /// `9 juli 2026` (`9 July 2026`): the sentences Koers adds to a rule's result are in the rule's language.
    static func date(_ day: Day, in language: Language) -> String {
        let months = language == .nl
            ? ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
            : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(day.day) \(months[day.month - 1]) \(day.year)"
    }

    /// `12 maanden`, `1 jaar`, `90 dagen` (`12 months`, `1 year`, `90 days`).
    static func period(_ freshness: Freshness, in language: Language) -> String {
        let one = freshness.amount == 1
        let unit = switch (freshness.unit, language) {
        case (.days, .nl): one ? "dag" : "dagen"
        case (.months, .nl): one ? "maand" : "maanden"
        case (.years, .nl): "jaar"
        case (.days, .en): one ? "day" : "days"
        case (.months, .en): one ? "month" : "months"
        case (.years, .en): one ? "year" : "years"
        }
        return "\(freshness.amount) \(unit)"
    }

    /// Data older than the freshness limit does not show how the target stands now.
    private func applyFreshness(to judgement: inout TargetJudgement, dataAsOf: String?, target: Target, asOf: Day) {
        guard let freshness = target.freshness else { return }
        let oldest = freshness.oldestFreshDay(on: asOf)
        guard let text = dataAsOf else { return }
        guard let date = Day(iso: text) else {
            judgement = TargetJudgement(targetID: target.id, status: .error, failure: RuleFailure(
                script: target.rule, line: nil, message: "malformed result: result.data_as_of '\(text)' is not a date like 2025-03-14", hint: nil))
            return
        }
        if date < oldest {
            let stale = language == .nl
                ? "Geen actuele gegevens: de nieuwste zijn van \(Self.date(date, in: .nl)), ouder dan de grens van \(Self.period(freshness, in: .nl))."
                : "No current data: the newest is from \(Self.date(date, in: .en)), older than the limit of \(Self.period(freshness, in: .en))."
            judgement.status = .noData
            judgement.findings.insert(Finding(severity: .warning, message: stale), at: 0)
            // The status is no longer the rule's, so neither is its reason; what the rule found on
            // the old data is still worth a sentence, quoted as the rule's.
            judgement.reason = stale + (judgement.reason.map { language == .nl ? " Op die gegevens gaf de regel: „\($0)”" : " On that data the rule said: “\($0)”" } ?? "")
        }
    }
}

/// Rule scripts read from the workspace, each once; a file that cannot be read stays an error.
private final class ScriptFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var read: [String: Result<LuaScript, LuaError>] = [:]

    func script(_ path: String, in workspace: URL) throws(LuaError) -> LuaScript {
        try lock.withLock {
            if let known = read[path] { return known }
            let script = Result { () throws(LuaError) in try LuaScript.file(at: workspace.appendingPathComponent(path), chunkName: path) }
            read[path] = script
            return script
        }.get()
    }
}
