import ArgumentParser
import CovenantModel
import Foundation
import LuaHost
import PluginEngine
import RuleTesting
import WorkspaceLoader

/// `koers test`: runs the programme team's tests of rules and plugins.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the tests of the rules and plugins (rules/tests/*.test.lua, plugins/tests/*.test.lua).",
        discussion: """
            Each test case gives a small state — the workspace's own, a fixture folder, or tables written \
            inline in the test file — a day, and the statuses and values the rules (and what the plugins) \
            should give on that day. Prints PASS or FAIL per case with its file and line, what was expected \
            and what came out, a closing line 'N passed, N failed', and the rules and plugins without a test. \
            rules/README.md describes the test files.

            Exit codes: 0 every test passed; 1 a test failed or a test file cannot be read; 65 the \
            workspace's data has errors; 64 usage error.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var language: LanguageOption

    @Option(help: ArgumentHelp("Also write the results as JUnit XML to this file, for CI.", valueName: "file"))
    var junit: String?

    @Option(help: ArgumentHelp("Run only the cases whose name or file contains this text.", valueName: "text"))
    var filter: String?

    func run() throws {
        // The rules run as the test files expect them to (in Dutch); --lang is the language of this command's own lines.
        let lang = language.lang
        let loaded = try workspace.loadValidated(for: Bilingual(nl: "testrun", en: "test run"), language: lang)
        let files = RuleTestLoader.files(in: workspace.url).map { RuleTestLoader.load($0, workspace: workspace.url, limits: limitOptions.limits) }
        let runner = RuleTestRunner(workspace: workspace.url, limits: limitOptions.limits)
        var results: [RuleTestResult] = []
        for file in files {
            if let problem = file.problem {
                print(lang.pick("FOUT ", "ERROR ") + "\(problem)")
                continue
            }
            for testCase in file.cases where filter.map({ testCase.name.contains($0) || testCase.file.contains($0) }) ?? true {
                let result = runner.run(testCase)
                results.append(result)
                print("\(result.passed ? lang.pick("GOED", "PASS") : lang.pick("FOUT", "FAIL")) \(testCase.name) (\(testCase.location))")
                for failure in result.failures { print("     \(failure)") }
            }
        }
        let failed = results.filter { !$0.passed }.count
        let unreadable = files.filter { $0.problem != nil }.count
        print(lang.pick("\n\(results.count - failed) geslaagd, \(failed) mislukt" + (unreadable > 0 ? ", \(count(unreadable, "testbestand", "testbestanden")) onleesbaar" : ""),
                        "\n\(results.count - failed) passed, \(failed) failed" + (unreadable > 0 ? ", \(unreadable) test file\(unreadable == 1 ? "" : "s") unreadable" : "")))
        if files.isEmpty { print(lang.pick("geen testbestanden: voeg rules/tests/<regel>.test.lua toe (rules/README.md, Tests)",
                                           "no test files: add rules/tests/<rule>.test.lua (rules/README.md, Tests)")) }

        let cases = files.flatMap(\.cases)
        let testedTargets = Set(cases.flatMap { $0.targets.keys })
        let untestedRules = loaded.covenant.targets.filter { !testedTargets.contains($0.id) }.map { "\($0.id) (\($0.rule))" }
        if !untestedRules.isEmpty { print(lang.pick("regels zonder test: ", "rules without a test: ") + untestedRules.joined(separator: ", ")) }
        let testedPlugins = Set(cases.flatMap { $0.plugins.keys })
        let untestedPlugins = PluginCatalog.names(in: workspace.url).filter { !testedPlugins.contains($0) && !loaded.covenant.disabledPlugins.contains($0) }
        if !untestedPlugins.isEmpty { print(lang.pick("plugins zonder test: ", "plugins without a test: ") + untestedPlugins.joined(separator: ", ")) }

        if let junit {
            let url = URL(fileURLWithPath: junit)
            do {
                try Data(JUnitXML.document(files: files, results: results).utf8).write(to: url, options: .atomic)
            } catch {
                StandardError.write(lang.pick("koers: fout: kan \(junit) niet schrijven: \(error.localizedDescription)\n  tip: controleer of de map bestaat en beschrijfbaar is\n",
                                              "koers: error: cannot write \(junit): \(error.localizedDescription)\n  hint: check that its folder exists and may be written\n"))
                throw KoersExit.cannotWrite
            }
        }
        if failed > 0 || unreadable > 0 { throw KoersExit.testsFailed }
    }
}
