#if canImport(Glibc)
import Glibc
#endif
import CovenantModel
import Foundation
import LuaHost
import RuleEngine
import TargetJudgement
import Testing
import WorkspaceLoader

/// A copy of the minimal test workspace with rule scripts written into it.
final class RuleWorkspace {
    let url: URL
    static let minimal = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("WorkspaceTests/Workspaces/minimal")

    init(rules: [String: String], files: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("koers-rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.minimal, to: url)
        try FileManager.default.createDirectory(at: url.appendingPathComponent("rules"), withIntermediateDirectories: true)
        for (name, source) in rules { try Data(source.utf8).write(to: url.appendingPathComponent("rules/\(name).lua")) }
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func judge(asOf text: String, detail: RuleRunner.ResultDetail = .full) throws -> [String: TargetJudgement] {
        let result = WorkspaceLoader.load(from: url)
        let workspace = try #require(result.workspace, "\(result.diagnostics)")
        let state = workspace.state(asOf: Day(iso: text)!)
        let limits = LuaLimits(instructions: 5_000_000, memoryBytes: 32 << 20, milliseconds: 2000)
        let runner = RuleRunner(workspace: url, limits: limits)
        let judgements = runner.judge(ScriptState(state, in: try runner.makeSandbox()), derived: [:], detail: detail)
        return Dictionary(uniqueKeysWithValues: judgements.map { ($0.targetID, $0) })
    }
}

@Suite("rule runner")
struct RuleRunnerTests {
    static let countRule = """
        local koers = require("koers")
        local routes = koers.filter(state.routes, function(r) return r.from_level == "vmbo-b" and r.stage ~= "gestopt" end)
        return koers.judge_count { state = state, target = target, value = #routes,
          counted = koers.map(routes, function(r) return { label = r.name, source = r.source } end) }
        """

    @Test func aFailingRuleFailsAloneWithItsFileAndLine() throws {
        let workspace = try RuleWorkspace(rules: [
            "routes-vmbo-b": Self.countRule,
            "decanen": "local x = nil\nreturn x.field",
            "lob-voorlichting": "while true do end",
        ])
        let judgements = try workspace.judge(asOf: "2025-01-01")
        #expect(judgements["routes-vmbo-b"]?.status == .atRisk)  // 1 school against 1,6 on the line
        let decanen = try #require(judgements["decanen"]?.failure)
        #expect(judgements["decanen"]?.status == .error)
        #expect(decanen.script == "rules/decanen.lua" && decanen.line == 2)
        #expect(decanen.message.contains("attempt to index a nil value"))
        #expect(judgements["lob-voorlichting"]?.status == .error)
        // Either budget may stop the loop first, depending on the machine's speed and load.
        let loopMessage = judgements["lob-voorlichting"]?.failure?.message ?? ""
        #expect(loopMessage.contains("instruction budget exhausted") || loopMessage.contains("time limit exceeded"), "\(loopMessage)")
    }

    @Test func aMissingRuleNamesTheScriptToCreate() throws {
        let judgements = try RuleWorkspace(rules: ["routes-vmbo-b": Self.countRule]).judge(asOf: "2025-01-01")
        let failure = try #require(judgements["decanen"]?.failure)
        #expect(failure.script == "rules/decanen.lua")
        #expect(failure.hint == "create rules/decanen.lua in the workspace, or set 'rule:' for target 'decanen' in covenant.yaml")
    }

    @Test(arguments: [
        ("return 42", "malformed result: the rule must return one table, but returned a number"),
        ("return", "malformed result: the rule returned nothing"),
        ("return { status = 'ontrack' }", "malformed result: result.status 'ontrack' is not a status — did you mean 'on_track'?"),
        ("return { value = 3 }", "malformed result: result.status is missing"),
        ("return { status = 'behind', value = 'drie' }", "malformed result: result.value must be a number, not text"),
        ("return { status = 'behind', counted = { { label = 3 } } }", "malformed result: result.counted[1].label must be text, not a number"),
        ("return { status = 'behind', colour = 'red' }", "malformed result: result.colour is not a field of a result"),
        ("return { status = 'behind', value = 0/0 }", "malformed result: result.value is not a finite number (NaN or infinity)"),
        ("return { status = 'behind', contributions = { { kind = 'missing' } } }",
         "malformed result: result.contributions[1] names neither a school nor an institution"),
        ("return { status = 'behind', contributions = { { school = 'nowhere', kind = 'missing' } } }",
         "malformed result: result.contributions[1].school 'nowhere' is not a school in state/schools.csv"),
        ("return { status = 'behind', contributions = { { institution = 'nowhere', kind = 'missing' } } }",
         "malformed result: result.contributions[1].institution 'nowhere' is not an institution in state/institutions.csv"),
    ])
    func aMalformedResultSaysWhatIsWrong(_ source: String, _ message: String) throws {
        let judgements = try RuleWorkspace(rules: ["decanen": source]).judge(asOf: "2025-01-01")
        #expect(judgements["decanen"]?.status == .error)
        #expect(judgements["decanen"]?.failure?.message == message)
    }

    /// A trajectory's earlier days read only `status` and `value`: the same status and value as
    /// the full reading, nothing else, and a bad status or value is still an error.
    @Test func aTrajectoryDayReadsOnlyStatusAndValue() throws {
        let rules = try RuleWorkspace(rules: [
            "decanen": "return { status = 'behind', value = 2, target = 3, notes = { 'n' }, colour = 'red' }",
            "routes-vmbo-b": Self.countRule,
            "lob-voorlichting": "return { status = 'behind', value = 'drie' }",
        ])
        let full = try rules.judge(asOf: "2025-01-01")
        let point = try rules.judge(asOf: "2025-01-01", detail: .statusAndValue)
        let counted = try #require(point["routes-vmbo-b"])
        #expect(counted.status == full["routes-vmbo-b"]?.status && counted.value == full["routes-vmbo-b"]?.value)
        #expect(full["routes-vmbo-b"]?.counted.isEmpty == false && counted.counted.isEmpty && counted.target == nil)
        // Fields a full reading refuses are not read at all.
        #expect(full["decanen"]?.status == .error)
        #expect(point["decanen"]?.status == .behind && point["decanen"]?.value == 2 && point["decanen"]?.notes == [])
        #expect(point["lob-voorlichting"]?.failure?.message == "malformed result: result.value must be a number, not text")
    }

    @Test func staleDataGivesNoDataWithTheReason() throws {
        // routes-vmbo-b has a freshness of 12 months in the minimal workspace.
        let rule = "return { status = 'on_track', value = 2, data_as_of = '2024-03-01' }"
        let judgements = try RuleWorkspace(rules: ["routes-vmbo-b": rule]).judge(asOf: "2025-03-02")
        #expect(judgements["routes-vmbo-b"]?.status == .noData)
        #expect(judgements["routes-vmbo-b"]?.findings.first?.message
                == "Geen actuele gegevens: de nieuwste zijn van 1 maart 2024, ouder dan de grens van 12 maanden.")
        let fresh = try RuleWorkspace(rules: ["routes-vmbo-b": rule]).judge(asOf: "2025-03-01")
        #expect(fresh["routes-vmbo-b"]?.status == .onTrack)
    }

    @Test func waiversAreReportedOnTheirTarget() throws {
        let judgements = try RuleWorkspace(rules: ["lob-voorlichting": "return { status = 'on_track' }"]).judge(asOf: "2024-03-01")
        let waivers = try #require(judgements["lob-voorlichting"]?.waivers)
        #expect(waivers.map(\.school) == ["zuidschool"])
        #expect(waivers.map(\.reason) == ["Verbouwing"])
        #expect(waivers.map(\.source.description) == ["state/waivers.csv:2"])
        let later = try RuleWorkspace(rules: ["lob-voorlichting": "return { status = 'on_track' }"]).judge(asOf: "2024-08-01")
        #expect(later["lob-voorlichting"]?.waivers.isEmpty == true)
    }

    @Test func rulesCannotChangeWhatOtherRulesSee() throws {
        let judgements = try RuleWorkspace(rules: [
            "routes-vmbo-b": "target.target.value = 0\nstate.routes = {}\nreturn { status = 'behind', value = #state.routes }",
            "decanen": "return { status = 'behind', value = #state.routes, target = target.target.value }",
        ]).judge(asOf: "2026-01-01")
        // The state is read-only: the write fails with its line; `target` is each rule's own.
        let failure = try #require(judgements["routes-vmbo-b"]?.failure)
        #expect(failure.script == "rules/routes-vmbo-b.lua" && failure.line == 2)
        #expect(failure.message.contains("cannot change field 'routes'"), "\(failure.message)")
        #expect(judgements["decanen"]?.value == 2 && judgements["decanen"]?.target == 4)
    }

    /// A rule file that is a FIFO or a link to a device is refused with its reason before it is
    /// opened: no hang, no endless read, and not "permission denied".
    @Test func aRuleThatIsNotAFileFailsWithItsReason() throws {
        let workspace = try RuleWorkspace(rules: ["routes-vmbo-b": Self.countRule])
        let rules = workspace.url.appendingPathComponent("rules")
        #expect(mkfifo(rules.appendingPathComponent("decanen.lua").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: rules.appendingPathComponent("lob-voorlichting.lua").path, withDestinationPath: "/dev/zero")
        let judgements = try workspace.judge(asOf: "2025-01-01")
        for id in ["decanen", "lob-voorlichting"] {
            let failure = try #require(judgements[id]?.failure, "\(id)")
            #expect(failure.message == "cannot read the script: this is not a file but a device, pipe or socket", "\(id)")
            #expect(failure.hint == "put a regular file here, saved by Excel or an editor")
        }
        #expect(judgements["routes-vmbo-b"]?.failure == nil)
    }

    @Test func theCountHelperFollowsTheLineFromBaselineToTarget() throws {
        // Minimal workspace: baseline 1 school on 2024-01-01, target 3 on 2027-07-31.
        let workspace = try RuleWorkspace(rules: ["routes-vmbo-b": Self.countRule])
        let onBaseline = try #require(try workspace.judge(asOf: "2024-01-01")["routes-vmbo-b"])
        #expect(onBaseline.value == 1 && onBaseline.expected == 1 && onBaseline.projection == nil)
        #expect(onBaseline.status == .onTrack && onBaseline.needed == 2 && onBaseline.neededPerSchoolYear == 1)
        // 2025-08-01: zuid-ict (vmbo-gt) does not count; one school, expected exactly 1 + 2·578/1307
        // (1,88): the value is on the baseline, so the pace projects 1; less than one below, a risk.
        let later = try #require(try workspace.judge(asOf: "2025-08-01")["routes-vmbo-b"])
        #expect(later.value == 1 && later.expected == 1 + 2.0 * 578 / 1307 && later.projection == 1 && later.status == .atRisk)
        #expect(later.expectedPath == [[PathPoint(day: Day(iso: "2024-01-01")!, value: 1), PathPoint(day: Day(iso: "2027-07-31")!, value: 3)]])
        #expect(later.method == .count && later.projectionBasis == .pace)
        // 2026-06-01: expected 1 + 2·882/1307 = 2,35: more than one below, so behind.
        let behind = try #require(try workspace.judge(asOf: "2026-06-01")["routes-vmbo-b"])
        #expect(behind.expected == 1 + 2.0 * 882 / 1307 && behind.status == .behind)
        #expect(behind.reason == "1 van de 3 scholen, 1,3 onder de lijn (verwacht 2,3); in dit tempo 1 op 31 juli 2027.")
        // The deadline day: expected 3, two short.
        let deadline = try #require(try workspace.judge(asOf: "2027-07-31")["routes-vmbo-b"])
        #expect(deadline.expected == 3 && deadline.status == .behind && deadline.neededPerSchoolYear == 2)
        #expect(later.counted == [CountedRecord(label: "Route zorg Noordschool", source: "state/routes.csv:2")])
        let afterDeadline = try #require(try workspace.judge(asOf: "2027-08-01")["routes-vmbo-b"])
        #expect(afterDeadline.status == .behind && afterDeadline.expected == 3)
    }
}

@Suite("koers library errors")
struct KoersLibraryErrorTests {
    @Test(arguments: [
        ("local koers = require('koers')\n\nlocal days = koers.days_between('2024-01-01', '2025/03/14')\nreturn days",
         3, "koers.days_between: '2025/03/14' is not a date like 2025-03-14"),
        ("local koers = require('koers')\nlocal years = koers.judged_school_years({ baseline = { date = 'gisteren' }, target = { deadline = '2027-07-31' } })",
         2, "koers.judged_school_years: 'gisteren' is not a date like 2025-03-14"),
        ("local koers = require('koers')\nlocal r = state.routes[1]\nlocal since = koers.reached(state, r, 'ontwikkeling')",
         3, "koers.reached: 'ontwikkeling' is not a route stage; use one of: verkenning, in-ontwikkeling, overeenkomst-getekend, duo-registratie, eerste-cohort-gestart, gestopt"),
        ("local koers = require('koers')\nreturn koers.filter(state.routes, function(r)\n  error('my own mistake')\nend)",
         3, "my own mistake"),
    ])
    func aHelperErrorPointsAtTheRulesLine(_ source: String, _ line: Int, _ message: String) throws {
        let judgements = try RuleWorkspace(rules: ["decanen": source]).judge(asOf: "2025-01-01")
        let failure = try #require(judgements["decanen"]?.failure)
        #expect(failure.script == "rules/decanen.lua")
        #expect(failure.line == line)
        #expect(failure.message == message)
    }

    /// `return koers.x(…)` is a tail call: Lua keeps no line for the rule's frame, so the message
    /// names the helper and the script, without a line.
    @Test func aHelperErrorInATailCallNamesTheHelper() throws {
        let source = "local koers = require('koers')\nreturn koers.school_year('2025/03/14')"
        let failure = try #require(try RuleWorkspace(rules: ["decanen": source]).judge(asOf: "2025-01-01")["decanen"]?.failure)
        #expect(failure.description == "rules/decanen.lua: koers.school_year: '2025/03/14' is not a date like 2025-03-14")
    }
}
