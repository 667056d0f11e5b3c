import CovenantModel
import Foundation
import LuaHost
import PluginEngine
import ReportModel
import RuleEngine
import Testing
import WorkspaceLoader

/// A copy of the minimal test workspace with the plugins a test writes.
final class PluginWorkspace {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let url: URL

    init(plugins: [String: String], disabled: [String] = []) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("koers-plugins-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Tests/WorkspaceTests/Workspaces/minimal"), to: url)
        try FileManager.default.createDirectory(at: url.appendingPathComponent("plugins"), withIntermediateDirectories: true)
        for (name, source) in plugins { try Data(source.utf8).write(to: url.appendingPathComponent("plugins/\(name).lua")) }
        if !disabled.isEmpty {
            let covenant = url.appendingPathComponent("covenant.yaml")
            let text = try String(contentsOf: covenant, encoding: .utf8) + "\nplugins:\n  disabled: [\(disabled.joined(separator: ", "))]\n"
            try Data(text.utf8).write(to: covenant)
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func load() throws -> (Workspace, Evaluation) {
        let loaded = WorkspaceLoader.load(from: url)
        let workspace = try #require(loaded.workspace, "\(loaded.errors)")
        return (workspace, Evaluation(workspace: url, covenant: workspace.covenant, limits: .default))
    }

    static func plugin(_ name: String, api: Int = 1, _ body: String = "") -> String {
        "return { name = \"\(name)\", version = \"1.0.0\", api = \(api),\n\(body)\n}\n"
    }
}

@Suite("plugin catalog and hooks")
struct PluginCatalogTests {
    @Test func pluginsLoadInNameOrderAndSeeWhatEarlierOnesDerived() throws {
        let workspace = try PluginWorkspace(plugins: [
            "b_second": PluginWorkspace.plugin("b_second", "derive = function(state) return { seen = state.derived.a_first.schools } end,"),
            "a_first": PluginWorkspace.plugin("a_first", "derive = function(state) return { schools = #state.schools } end,"),
        ])
        let (data, evaluation) = try workspace.load()
        #expect(evaluation.plugins.catalog.plugins.map(\.name) == ["a_first", "b_second"])
        let day = evaluation.judge(data.state(asOf: Day(iso: "2025-03-01")!))
        #expect(day.problems.isEmpty)
        #expect(day.derived["b_second"] == .record(["seen": .integer(Int64(data.schools.count))]))
    }

    @Test func aPluginThatChangesTheStateFailsAloneAndTheRulesSeeTheOriginal() throws {
        let workspace = try PluginWorkspace(plugins: [
            "a_vandal": PluginWorkspace.plugin("a_vandal", "derive = function(state)\n  state.schools[1].name = 'x'\nend,"),
            "b_reader": PluginWorkspace.plugin("b_reader", "derive = function(state) return { name = state.schools[1].name, derived = state.derived.a_vandal } end,"),
        ])
        let (data, evaluation) = try workspace.load()
        let day = evaluation.judge(data.state(asOf: Day(iso: "2025-03-01")!))
        let problem = try #require(day.problems.first)
        #expect(day.problems.count == 1 && problem.plugin == "a_vandal")
        #expect(problem.message.contains("plugins/a_vandal.lua:3") && problem.message.contains("cannot change field 'name'"), "\(problem.message)")
        #expect(day.derived["b_reader"] == .record(["name": .string(data.schools[0].name)]))
    }

    @Test func aPluginForAnotherAPIVersionIsReportedAndNotRun() throws {
        let workspace = try PluginWorkspace(plugins: ["future": PluginWorkspace.plugin("future", api: 2)])
        let (_, evaluation) = try workspace.load()
        #expect(evaluation.plugins.catalog.plugins.isEmpty)
        let problem = try #require(evaluation.plugins.catalog.problems.first)
        #expect(problem.message == "plugins/future.lua: the plugin needs plugin API 2, but this Koers provides API 1")
    }

    @Test func declarationMistakesAreExplained() throws {
        let workspace = try PluginWorkspace(plugins: [
            "typo": PluginWorkspace.plugin("typo", "section = function() end,"),
            "misnamed": PluginWorkspace.plugin("other"),
            "nothing": "return 42",
            "broken": "return {",
        ])
        let (_, evaluation) = try workspace.load()
        let messages = evaluation.plugins.catalog.problems.map(\.message)
        #expect(messages.contains("plugins/typo.lua: 'section' is not a field of a plugin — did you mean 'sections'?"))
        #expect(messages.contains("plugins/misnamed.lua: the plugin calls itself 'other', but its file is misnamed.lua"))
        #expect(messages.contains { $0.contains("plugins/nothing.lua must end with `return {") })
        #expect(messages.contains { $0.hasPrefix("plugins/broken.lua:1:") })
    }

    @Test func aFailingHookIsReportedWithItsLineAndTheOthersStillRun() throws {
        let workspace = try PluginWorkspace(plugins: [
            "failing": PluginWorkspace.plugin("failing", "derive = function(state)\n  return state.nothing.here\nend,"),
            "working": PluginWorkspace.plugin("working", "derive = function(state) return 1 end,"),
            "looping": PluginWorkspace.plugin("looping", "checks = function(state) while true do end end,"),
        ])
        let (data, evaluation) = try workspace.load()
        let state = data.state(asOf: Day(iso: "2025-03-01")!)
        let day = evaluation.judge(state)
        #expect(day.derived["working"] == .integer(1))
        let problem = try #require(day.problems.first)
        #expect(problem.plugin == "failing" && problem.stage == "derive")
        #expect(problem.message.hasPrefix("plugins/failing.lua:3:"))
        let checks = evaluation.plugins.checks(state, derived: day.derived, language: .nl)
        #expect(checks.problems.map(\.plugin) == ["looping"])
        // Which budget stops the loop first depends on the machine's speed and load
        // (CI runs the suites in parallel): either one must stop it, with a hint.
        let loopMessage = checks.problems.first?.message ?? ""
        #expect(loopMessage.contains("instruction budget exhausted") || loopMessage.contains("time limit exceeded"), "\(loopMessage)")
        #expect(day.judgements.count == data.covenant.targets.count)
    }

    @Test func sectionsAreReadWithTheirPathsWhenMalformed() throws {
        let workspace = try PluginWorkspace(plugins: [
            "good": PluginWorkspace.plugin("good", """
                sections = function(state, results) return { { title = "T", blocks = {
                  { type = "heading", text = "H" }, { type = "paragraph", text = "P" },
                  { type = "table", columns = { "a", "b" }, rows = { { "x", 2.5 } } },
                  { type = "bars", unit = "%", items = { { label = "Noord", value = 40 } } },
                } } } end,
                """),
            "bad": PluginWorkspace.plugin("bad", """
                sections = function() return { { title = "T", blocks = { { type = "table", columns = { "a", "b" }, rows = { { "x" } } } } } } end,
                """),
        ])
        let (data, evaluation) = try workspace.load()
        let state = data.state(asOf: Day(iso: "2025-03-01")!)
        let day = evaluation.judge(state)
        let sections = evaluation.plugins.sections(state, derived: day.derived, judgements: day.judgements, language: .nl)
        #expect(sections.sections == [ReportSection(id: "good-1", title: "T", plugin: "good", blocks: [
            .heading("H"), .paragraph("P"), .table(columns: ["a", "b"], rows: [[.text("x"), .number(2.5)]]),
            .bars(title: nil, unit: "%", items: [.init(label: "Noord", value: 40)]),
        ])])
        #expect(sections.problems.map(\.message) == [
            "plugins/bad.lua: sections returned a malformed value: sections[1].blocks[1].rows[1] has 1 cells, but the table has 2 columns",
        ])
    }

    @Test func aSwitchedOffPluginIsNotRunAndRulesCannotRequireIt() throws {
        let workspace = try PluginWorkspace(plugins: ["off": PluginWorkspace.plugin("off", "derive = function() return 1 end, helpers = {}")],
                                            disabled: ["off"])
        let (data, evaluation) = try workspace.load()
        #expect(evaluation.plugins.catalog.plugins.isEmpty && evaluation.plugins.catalog.disabled == ["off"])
        let folders = RuleRunner.moduleFolders(workspace: workspace.url, disabledPlugins: data.covenant.disabledPlugins)
        guard case .failure(let failure) = folders.source(of: "off") else { Issue.record("require should refuse"); return }
        #expect(failure.description == "require: module 'off' is a plugin switched off in covenant.yaml (plugins: disabled:)")
    }

    @Test func disablingAnUnknownPluginIsADataError() throws {
        let workspace = try PluginWorkspace(plugins: ["route_law": PluginWorkspace.plugin("route_law")], disabled: ["route_lwa"])
        let loaded = WorkspaceLoader.load(from: workspace.url)
        #expect(loaded.workspace == nil)
        #expect(loaded.errors.map(\.message).contains { $0.contains("'route_lwa' is not a plugin in plugins/ — did you mean 'route_law'?") })
    }

    @Test func formatsRenderTheReportModel() throws {
        let workspace = try PluginWorkspace(plugins: ["export": PluginWorkspace.plugin("export", """
            formats = { ids = { file = "ids.txt", render = function(report) local out = {} for _, t in ipairs(report.targets) do out[#out + 1] = t.id .. "=" .. t.status end return table.concat(out, ",") end } },
            """)])
        let (data, evaluation) = try workspace.load()
        let state = data.state(asOf: Day(iso: "2025-03-01")!)
        let day = evaluation.judge(state)
        let report = ReportBuilder(state: state, language: .nl).report(judgements: day.judgements, history: [],
            provenance: Provenance(asOf: state.asOf, dataHash: "d", rulesHash: "r", pluginsHash: "p", koersVersion: "t"))
        let format = try #require(evaluation.plugins.catalog.formats.first)
        #expect(format.plugin == "export" && format.name == "ids" && format.file == "ids.txt")
        let text = String(decoding: try evaluation.plugins.render(format, report: report).get(), as: UTF8.self)
        #expect(text == day.judgements.map { "\($0.targetID)=\($0.status.rawValue)" }.joined(separator: ","))
    }
}
