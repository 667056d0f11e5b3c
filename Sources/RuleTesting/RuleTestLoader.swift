import CovenantModel
import Foundation
import LuaHost
import RuleEngine
import TargetJudgement
import WorkspaceLoader

/// Finds and reads the test files of a workspace: every `*.test.lua` in `rules/tests/` and
/// `plugins/tests/`. A test file is a Lua chunk that returns its cases — plain data, run in the
/// sandbox — either as a list, or as `{ fixture = …, as_of = …, cases = { … } }` whose
/// `fixture` and `as_of` every case takes unless it gives its own.
public enum RuleTestLoader {
    static let fileFields = ["fixture", "as_of", "cases"]
    static let caseFields = ["name", "as_of", "fixture", "tables", "expect", "plugins"]

    /// The test files, relative to the workspace, in name order.
    public static func files(in workspace: URL) -> [String] {
        ["rules/tests", "plugins/tests"].flatMap { folder -> [String] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent(folder).path)) ?? []
            return names.filter { $0.hasSuffix(".test.lua") }.sorted().map { "\(folder)/\($0)" }
        }
    }

    public static func load(_ file: String, workspace: URL, limits: LuaLimits) -> RuleTestFile {
        let url = workspace.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path), let source = String(data: data, encoding: .utf8) else {
            return RuleTestFile(file: file, cases: [], problem: "\(file): cannot be read as UTF-8 text")
        }
        let returned: LuaValue
        do throws(LuaError) {
            let sandbox = try LuaSandbox(limits: limits, modules: RuleRunner.moduleFolders(workspace: workspace))
            returned = try sandbox.run(LuaScript(chunkName: file, source: source)).first ?? .nil
        } catch {
            return RuleTestFile(file: file, cases: [], problem: error.description)
        }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        do throws(LuaShape.Mismatch) {
            return RuleTestFile(file: file, cases: try cases(returned, file: file, lines: lines, workspace: workspace), problem: nil)
        } catch {
            return RuleTestFile(file: file, cases: [], problem: "\(file): \(error.message)" + (error.hint.map { "\n  hint: \($0)" } ?? ""))
        }
    }

    private static func cases(_ value: LuaValue, file: String, lines: [Substring], workspace: URL) throws(LuaShape.Mismatch) -> [RuleTestCase] {
        var defaults: [String: LuaValue] = [:]
        var list = value
        if case .record(let record) = value {
            try rejectUnknown(record, "the file's table", allowed: fileFields)
            defaults = record
            list = record["cases"] ?? .nil
        }
        guard case .array(let items) = list, !items.isEmpty else {
            throw LuaShape.Mismatch(message: "the file must return its test cases",
                                    hint: "end it with `return { { name = \"…\", as_of = \"2025-03-01\", expect = { … } } }` (rules/README.md, Tests)")
        }
        var names: Set<String> = []
        var out: [RuleTestCase] = []
        // Koers' own tables, and those the workspace's covenant.yaml declares (by file name).
        let declared = WorkspaceLoader.covenant(in: workspace)?.tables.map { String($0.file.split(separator: "/").last!.dropLast(4)) } ?? []
        let tableNames = StateFixture.tableNames + declared
        for (index, item) in items.enumerated() {
            let path = "case \(index + 1)"
            var fields = try LuaShape.record(item, path)
            try rejectUnknown(fields, path, allowed: caseFields)
            for key in ["fixture", "as_of"] where fields[key] == nil { fields[key] = defaults[key] }
            let name = try LuaShape.text(fields["name"], "\(path).name", required: true)!
            guard names.insert(name).inserted else { throw LuaShape.Mismatch(message: "two cases are named '\(name)'", hint: "give each case its own name") }
            let line = (lines.firstIndex { $0.contains("\"\(name)\"") || $0.contains("'\(name)'") } ?? 0) + 1
            let dayText = try LuaShape.text(fields["as_of"], "\(path).as_of", required: true)!
            guard let day = Day(iso: dayText) else {
                throw LuaShape.Mismatch(message: "\(path).as_of '\(dayText)' is not a date like 2025-03-14")
            }
            var tables: [String: String] = [:]
            for (table, text) in try LuaShape.record(fields["tables"] ?? .record([:]), "\(path).tables") {
                guard tableNames.contains(table) else {
                    throw LuaShape.Mismatch(message: "\(path).tables[\"\(table)\"] is not a state table" + Suggestion.didYouMean(table, in: tableNames),
                                            hint: "the tables are: " + tableNames.joined(separator: ", "))
                }
                tables[table] = try LuaShape.text(text, "\(path).tables[\"\(table)\"]", required: true)!
            }
            let fixtureName = try LuaShape.text(fields["fixture"], "\(path).fixture")
            var fixtureFolder: URL?
            if let fixtureName {
                let folder = workspace.appendingPathComponent(fixtureName, isDirectory: true)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw LuaShape.Mismatch(message: "\(path).fixture '\(fixtureName)' is not a folder in the workspace",
                                            hint: "give the folder with the fixture's state/*.csv, relative to the workspace")
                }
                fixtureFolder = folder
            }
            let fixture = StateFixture(folder: fixtureFolder, folderName: fixtureName, tables: tables,
                                       label: "\(file):\(line) (\(name))")
            out.append(RuleTestCase(name: name, file: file, line: line, asOf: day,
                                    fixture: fixtureName == nil && tables.isEmpty ? nil : fixture,
                                    targets: try targetExpectations(fields["expect"], "\(path).expect"),
                                    plugins: try pluginExpectations(fields["plugins"], "\(path).plugins")))
        }
        return out
    }

    private static func targetExpectations(_ value: LuaValue?, _ path: String) throws(LuaShape.Mismatch) -> [String: TargetExpectation] {
        var out: [String: TargetExpectation] = [:]
        for (target, expectation) in try LuaShape.record(value ?? .record([:]), path) {
            let itemPath = "\(path)[\"\(target)\"]"
            let fields = try LuaShape.record(expectation, itemPath)
            try rejectUnknown(fields, itemPath, allowed: TargetExpectation.fields)
            var status: TargetStatus?
            if let text = try LuaShape.text(fields["status"], "\(itemPath).status") {
                guard let parsed = TargetStatus(rawValue: text) else {
                    let names = TargetStatus.allCases.map(\.rawValue)
                    throw LuaShape.Mismatch(message: "\(itemPath).status '\(text)' is not a status" + Suggestion.didYouMean(text, in: names),
                                            hint: "use one of: " + names.joined(separator: ", "))
                }
                status = parsed
            }
            var numbers: [String: Double] = [:]
            for field in TargetExpectation.numberFields {
                if let number = try LuaShape.number(fields[field], "\(itemPath).\(field)") { numbers[field] = number }
            }
            func ids(_ key: String) throws(LuaShape.Mismatch) -> [String]? {
                guard fields[key] != nil else { return nil }
                return try LuaShape.list(fields[key], "\(itemPath).\(key)") { item, itemPath throws(LuaShape.Mismatch) in
                    try LuaShape.text(item, itemPath, required: true)!
                }
            }
            var expectation = TargetExpectation(status: status, numbers: numbers, error: try LuaShape.text(fields["error"], "\(itemPath).error"),
                                                contributes: try ids("contributes"), missing: try ids("missing"),
                                                unreported: try ids("unreported"), reason: try LuaShape.text(fields["reason"], "\(itemPath).reason"))
            expectation.candidate = try ids("candidate")
            out[target] = expectation
        }
        return out
    }

    private static func pluginExpectations(_ value: LuaValue?, _ path: String) throws(LuaShape.Mismatch) -> [String: PluginExpectation] {
        var out: [String: PluginExpectation] = [:]
        for (plugin, expectation) in try LuaShape.record(value ?? .record([:]), path) {
            let itemPath = "\(path).\(plugin)"
            let fields = try LuaShape.record(expectation, itemPath)
            try rejectUnknown(fields, itemPath, allowed: PluginExpectation.fields)
            var formats: [String: [String]] = [:]
            for (format, texts) in try LuaShape.record(fields["formats"] ?? .record([:]), "\(itemPath).formats") {
                formats[format] = try LuaShape.list(texts, "\(itemPath).formats.\(format)") { item, p throws(LuaShape.Mismatch) in
                    try LuaShape.text(item, p, required: true)!
                }
            }
            out[plugin] = PluginExpectation(
                derived: fields["derived"], findings: try LuaShape.number(fields["findings"], "\(itemPath).findings").map { Int($0) },
                sections: try LuaShape.number(fields["sections"], "\(itemPath).sections").map { Int($0) }, formatContains: formats)
        }
        return out
    }

    private static func rejectUnknown(_ fields: [String: LuaValue], _ path: String, allowed: [String]) throws(LuaShape.Mismatch) {
        for key in fields.keys.sorted() where !allowed.contains(key) {
            throw LuaShape.Mismatch(message: "\(path).\(key) is not a known field" + Suggestion.didYouMean(key, in: allowed),
                                    hint: "the fields here are: " + allowed.joined(separator: ", "))
        }
    }
}
