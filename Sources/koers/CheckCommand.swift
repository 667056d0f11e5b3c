import ArgumentParser
import CovenantModel
import Foundation
import LuaHost
import PluginEngine
import RuleEngine
import RuleTesting
import WorkspaceLoader

/// `koers check`: everything that can be wrong before a report is made, fast enough to run on
/// every save.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the data, every rule, plugin and test file, without making a report.",
        discussion: """
            Validates the data (as koers validate does), compiles every Lua file in rules/ and plugins/, \
            loads every plugin (name, version, plugin API) and test file, and runs the plugins and rules \
            once on --as-of (default today) while watching which fields they read. Reports syntax errors, \
            targets without a rule, rule scripts for no target, plugins needing another API version, \
            tests naming unknown targets or plugins, failing rules and plugins, and reads of fields the \
            state does not have (`route.stge`, with "did you mean 'stage'?"). Fields are seen only on the \
            paths a script takes on that day.

            Exit codes: 0 no errors (warnings allowed); 2 a rule, plugin or test file has errors; 65 the \
            data has errors; 64 usage error.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var language: LanguageOption

    func run() throws {
        let lang = language.lang
        let started = Date()
        var report = CheckReport()
        let root = workspace.url
        let limits = limitOptions.limits

        let loaded = WorkspaceLoader.load(from: root)
        for diagnostic in loaded.diagnostics { report.add(diagnostic.text(in: lang), isError: diagnostic.severity == .error, isData: true) }

        let scripts = Self.luaFiles(in: root, folders: ["rules", "plugins"])
        for file in scripts { report.compile(file, workspace: root, limits: limits) }

        let covenant = loaded.workspace?.covenant
        if let covenant {
            let ruleFiles = Set(covenant.targets.map(\.rule))
            let required = Self.requiredModules(scripts.map { root.appendingPathComponent($0) })
            for file in scripts where file.hasPrefix("rules/") && !file.dropFirst(6).contains("/") && !ruleFiles.contains(file) {
                let module = String(file.dropFirst(6).dropLast(4))
                guard !required.contains(module) else { continue }
                report.add("\(file): warning: no target has this rule, and no script requires it as a module\n  hint: set 'rule: \(file)' on a target in covenant.yaml, or delete the file",
                           isError: false)
            }
        }

        let catalog = PluginCatalog(workspace: root, disabled: covenant?.disabledPlugins ?? [], limits: limits)
        for plugin in catalog.plugins {
            let hooks = Plugin.Hook.allCases.filter(plugin.hooks.contains).map(\.rawValue)
            let formats = plugin.formats.map { "\($0.name) → \($0.file)" }
            report.info("plugin \(plugin.name) \(plugin.version): \(hooks.joined(separator: ", "))" + (formats.isEmpty ? "" : " (formats: \(formats.joined(separator: ", ")))"))
        }
        for name in catalog.disabled { report.info("plugin \(name): switched off in covenant.yaml") }
        for problem in catalog.problems { report.add("error: \(problem)", isError: true) }

        let testFiles = RuleTestLoader.files(in: root).map { RuleTestLoader.load($0, workspace: root, limits: limits) }
        for file in testFiles {
            if let problem = file.problem { report.add(problem, isError: true) }
            guard let covenant else { continue }
            let targets = covenant.targets.map(\.id)
            let plugins = catalog.plugins.map(\.name)
            for testCase in file.cases {
                for id in testCase.targets.keys.sorted() where !targets.contains(id) {
                    report.add("\(testCase.location): error: test '\(testCase.name)' expects target '\(id)', which is not in covenant.yaml" + Suggestion.didYouMean(id, in: targets),
                               isError: true)
                }
                for name in testCase.plugins.keys.sorted() where !plugins.contains(name) {
                    report.add("\(testCase.location): error: test '\(testCase.name)' expects plugin '\(name)', which is not loaded" + Suggestion.didYouMean(name, in: plugins),
                               isError: true)
                }
            }
        }

        if let data = loaded.workspace {
            let state = data.state(asOf: asOf.day)
            let watch = FieldReadWatch()
            var evaluation = Evaluation(workspace: root, covenant: data.covenant.localized(to: lang), limits: limits, language: lang)
            evaluation.rules.fieldWatch = watch
            evaluation.plugins.fieldWatch = watch
            let (judgements, derived, problems) = evaluation.judge(state)
            let checks = evaluation.plugins.checks(state, derived: derived, language: lang)
            let sections = evaluation.plugins.sections(state, derived: derived, judgements: judgements, language: lang)
            for judgement in judgements {
                if let failure = judgement.failure { report.add("error: \(judgement.targetID): \(failure)", isError: true) }
            }
            for problem in problems + checks.problems + sections.problems { report.add("error: \(problem)", isError: true) }
            for read in watch.unknownReads { report.add("\(read.location): error: \(read.message)", isError: true) }
        }

        let seconds = Date().timeIntervalSince(started)
        let ruleCount = scripts.filter { $0.hasPrefix("rules/") && !$0.hasPrefix("rules/tests/") }.count
        let pluginCount = catalog.plugins.count + catalog.problems.filter { $0.stage == "load" }.count
        print(report.lines.joined(separator: "\n"))
        print(lang.pick(
            "gecontroleerd: \(count(ruleCount, "regelscript", "regelscripts")), \(count(pluginCount, "plugin", "plugins")), \(count(testFiles.count, "testbestand", "testbestanden")) in \(String(format: "%.2f", seconds).replacingOccurrences(of: ".", with: ",")) s: \(count(report.errors, "fout", "fouten")), \(count(report.warnings, "waarschuwing", "waarschuwingen"))",
            "checked \(count(ruleCount, "rule script")), \(count(pluginCount, "plugin")), \(count(testFiles.count, "test file")) in \(String(format: "%.2f", seconds)) s: \(count(report.errors, "error")), \(count(report.warnings, "warning"))"))
        if report.dataErrors > 0 { throw KoersExit.dataError }
        if report.errors > 0 { throw KoersExit.scriptFailed }
    }

    /// Every `.lua` file under `folders`, relative to the workspace, sorted; `*.meta.lua` (type
    /// descriptions for editors) left out.
    static func luaFiles(in workspace: URL, folders: [String]) -> [String] {
        folders.flatMap { folder -> [String] in
            let base = workspace.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
            return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".lua") && !$0.hasSuffix(".meta.lua") }.map { "\(folder)/\($0)" }
        }.sorted()
    }

    /// The module names scripts load with `require("name")` or `require 'name'`.
    static func requiredModules(_ files: [URL]) -> Set<String> {
        var names: Set<String> = []
        let pattern = /require\s*\(?\s*["']([A-Za-z0-9_.]+)["']/
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for match in text.matches(of: pattern) { names.insert(String(match.1)) }
        }
        return names
    }
}

/// What `koers check` found, in the order found.
struct CheckReport {
    var lines: [String] = []
    var errors = 0
    var warnings = 0
    var dataErrors = 0

    mutating func add(_ line: String, isError: Bool, isData: Bool = false) {
        lines.append(line)
        if isError { errors += 1 } else { warnings += 1 }
        if isError && isData { dataErrors += 1 }
    }

    mutating func info(_ line: String) { lines.append(line) }

    /// A syntax error is the file's line and Lua's message.
    mutating func compile(_ file: String, workspace: URL, limits: LuaLimits) {
        guard let data = FileManager.default.contents(atPath: workspace.appendingPathComponent(file).path) else {
            add("\(file): error: cannot be read", isError: true)
            return
        }
        do throws(LuaError) {
            try LuaSandbox(limits: limits).compile(LuaScript(chunkName: file, bytes: Array(data)))
        } catch {
            let place = [error.chunk ?? file, error.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
            add("\(place): error: \(error.message)", isError: true)
        }
    }
}
