import CovenantModel
import Foundation
import LuaHost
import RuleEngine
import Testing
import WorkspaceLoader

/// The sentences of the rules' library at 0, 1 and 2, in both languages: "1 school", never
/// "1 scholen"; "0 van de 1 nieuwe route"; the numbers and dates as each language writes them.
@Suite("grammar of the rules' sentences")
struct LuaGrammarTests {
    /// The values `expression` gives for n = 0, 1 and 2 in `language`.
    func render(_ expression: String, _ language: Language) throws -> [String] {
        let sandbox = try LuaSandbox(modules: RuleRunner.moduleFolders(workspace: RuleFixture.repository))
        let script = LuaScript(chunkName: "grammar", source: """
            local koers = require("koers")
            local out = {}
            for n = 0, 2 do out[#out + 1] = \(expression) end
            return out
            """)
        guard case .array(let values)? = try sandbox.run(script, globals: ["lang": .string(language.rawValue)]).first else { return [] }
        return values.map { if case .string(let text) = $0 { text } else { "\($0)" } }
    }

    @Test func unitsTakeTheirFormForOne() throws {
        let schools = #"{ one = "school", other = "scholen" }"#
        #expect(try render("koers.quantity(n, \(schools))", .nl) == ["0 scholen", "1 school", "2 scholen"])
        let forms = #"koers.text{ nl = { one = "nieuwe route", other = "nieuwe routes" }, en = { one = "new route", other = "new routes" } }"#
        #expect(try render("koers.quantity(n, \(forms))", .nl) == ["0 nieuwe routes", "1 nieuwe route", "2 nieuwe routes"])
        #expect(try render("koers.quantity(n, \(forms))", .en) == ["0 new routes", "1 new route", "2 new routes"])
        // The expectation beside a value takes the form of its own number.
        #expect(try render("select(2, koers.pair(n, n, \(schools)))", .nl) == ["0 scholen", "1 school", "2 scholen"])
        #expect(try render("koers.number(n * 1000.5)", .nl) == ["0", "1.000,5", "2.001"])
        #expect(try render("koers.number(n * 1000.5)", .en) == ["0", "1,000.5", "2,001"])
        #expect(try render(#"koers.long_date("2027-0" .. (n + 1) .. "-01")"#, .en) == ["1 January 2027", "1 February 2027", "1 March 2027"])
    }

    /// Every sentence the default rules write, on days from the covenant's start to its end, in
    /// both languages: no "1 scholen", no "(en)" or "(s)", no stage code, no ISO date.
    @Test func theDefaultRulesSayOneAndTwoRightly() throws {
        let loaded = WorkspaceLoader.load(from: RuleFixture.repository)
        let workspace = try #require(loaded.workspace)
        let days = ["2024-01-01", "2024-03-01", "2024-09-01", "2025-03-01", "2025-08-01", "2026-01-15", "2026-11-23", "2027-07-31"]
        var sentences = 0
        for language in Language.allCases {
            var runner = RuleRunner(workspace: RuleFixture.repository)
            runner.language = language
            for day in days {
                var covenant = workspace
                covenant.covenant = workspace.covenant.localized(to: language)
                for judgement in runner.judge(covenant.state(asOf: Day(iso: day)!)) {
                    let texts = [judgement.reason].compactMap { $0 } + judgement.notes + judgement.counted.map(\.label)
                        + judgement.contributions.compactMap(\.detail) + judgement.findings.map(\.message)
                    for text in texts {
                        sentences += 1
                        let place = "\(language) \(day) \(judgement.targetID): \(text)"
                        #expect(text.firstMatch(of: /(?:^|[^\d,.])1 (scholen|bijeenkomsten|routes|nieuwe routes|stappen|richtingen|momenten|leerlingen|vo-scholen|mbo-instellingen|schools|meetings|steps|directions|moments|pupils)\b/) == nil, "\(place)")
                        #expect(!text.contains("(en)") && !text.contains("(s)"), "\(place)")
                        #expect(text.firstMatch(of: /\b(in-ontwikkeling|eerste-cohort-gestart|duo-registratie|overeenkomst-getekend|verkenning-gestart|nco-rapportage)\b/) == nil, "\(place)")
                        #expect(text.firstMatch(of: /\b20\d\d-\d\d-\d\d\b/) == nil, "an ISO date where people read: \(place)")
                    }
                }
            }
        }
        #expect(sentences > 1000)
    }
}
