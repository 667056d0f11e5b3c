import Foundation
import Testing

/// rules/README.md and rules/koers.meta.lua describe what rule authors get; these tests keep them
/// in step with koers.lua and with the state Koers actually passes.
@Suite("rule author documentation")
struct RuleAuthorDocumentationTests {
    static let library = RuleFixture.repository.appendingPathComponent("Sources/RuleEngine/Lua/koers.lua")
    static let meta = RuleFixture.repository.appendingPathComponent("rules/koers.meta.lua")
    static let readme = RuleFixture.repository.appendingPathComponent("rules/README.md")

    static func helperNames(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("function koers.") else { return nil }
            return String(line.dropFirst("function koers.".count).prefix { $0 != "(" })
        }
    }

    @Test func everyHelperIsTypedAndDocumented() throws {
        let helpers = Self.helperNames(in: try String(contentsOf: Self.library, encoding: .utf8))
        #expect(helpers.count > 30)
        #expect(Self.helperNames(in: try String(contentsOf: Self.meta, encoding: .utf8)).sorted() == helpers.sorted())
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        for helper in helpers {
            #expect(readme.contains("`koers.\(helper)(") || readme.contains("`koers.\(helper){"), "koers.\(helper) is not in rules/README.md")
        }
    }

    /// `---@class Koers.X` with its `---@field` lines: field name → optional.
    static func metaClasses() throws -> [String: [String: Bool]] {
        var classes: [String: [String: Bool]] = [:]
        var current: String?
        for line in try String(contentsOf: meta, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("---@class Koers.") {
                current = String(line.dropFirst("---@class Koers.".count).prefix { $0 != ":" && $0 != " " })
                classes[current!] = [:]
            } else if line.hasPrefix("---@field "), let name = current {
                let parts = line.dropFirst("---@field ".count).split(separator: " ", maxSplits: 1)
                let rest = parts.count > 1 ? String(parts[1]) : ""
                classes[name]![String(parts[0])] = rest.range(of: #"\?(\s|$)"#, options: .regularExpression) != nil
            } else if !line.hasPrefix("---") {
                current = nil
            }
        }
        return classes
    }

    @Test func theTypesDescribeTheStateKoersPasses() throws {
        // Lists every key of one record of each kind, as "Class.key".
        let rule = """
            local out = {}
            local function keys(class, t)
              for key in pairs(t) do out[#out + 1] = class .. "." .. key end
            end
            local route = state.routes[2]
            keys("State", state); keys("Covenant", state.covenant); keys("Board", state.boards[1])
            keys("School", state.schools[1]); keys("Institution", state.institutions[1]); keys("College", state.colleges[1])
            keys("Route", route); keys("RouteStageRecord", route.stages[1]); keys("RequirementRecord", route.requirements[1])
            keys("CohortRecord", route.cohorts[1]); keys("Event", state.events[2]); keys("SchoolReport", state.school_reports[1])
            keys("DataSharing", state.data_sharing[1]); keys("HavoMilestone", state.havo_milestones[1])
            keys("Waiver", state.waivers[1]); keys("Target", target)
            table.sort(out)
            return { status = "on_track", notes = out }
            """
        let workspace = try RuleWorkspace(rules: ["routes-vmbo-b": rule], files: [
            "state/waivers.csv": "target;school;from;until;reason;decided_by\nroutes-vmbo-b;zuidschool;2024-01-01;;Verbouwing;stuurgroep\n",
            "state/colleges.csv": "id;institution;name;stadsdeel\nroc-test-noord;roc-test;College Noord;Noord\n",
        ])
        let judgement = try #require(try workspace.judge(asOf: "2025-08-01")["routes-vmbo-b"])
        #expect(judgement.failure == nil, "\(judgement.failure?.description ?? "")")
        let passed = Set(judgement.notes)
        let classes = try Self.metaClasses()
        var described = Set<String>()
        for (name, fields) in classes where passed.contains(where: { $0.hasPrefix("\(name).") }) {
            for (field, optional) in fields {
                described.insert("\(name).\(field)")
                if !optional { #expect(passed.contains("\(name).\(field)"), "\(name).\(field) is typed but not passed") }
            }
        }
        #expect(passed.subtracting(described).sorted() == [], "passed to rules but not typed in rules/koers.meta.lua")
        #expect(passed.count > 100)
    }
}
