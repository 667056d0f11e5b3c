import CovenantModel
import Foundation
import Testing
import WorkspaceLoader

/// docs/workspace.md documents every table, column and term Koers reads, and its covenant.yaml
/// example loads.
@Suite("docs/workspace.md")
struct ReferenceDocumentationTests {
    let reference: String
    init() throws {
        reference = try String(contentsOf: WorkspaceFixtures.amsterdam.appendingPathComponent("docs/workspace.md"), encoding: .utf8)
    }

    /// The text under `### file` up to the next heading.
    func section(for file: String) -> Substring? {
        guard let start = reference.range(of: "### \(file) ") else { return nil }
        let rest = reference[start.upperBound...]
        return rest.range(of: "\n#").map { rest[..<$0.lowerBound] } ?? rest
    }

    @Test func everyTableAndColumnIsDocumented() throws {
        for table in WorkspaceLoader.tables {
            let documented = try #require(self.section(for: table.file), "no section for \(table.file)")
            for column in table.requiredColumns {
                #expect(documented.contains("| `\(column)` | yes |"), "\(table.file): \(column) is not documented as required")
            }
            // `note` is documented once for all tables.
            for column in table.optionalColumns where column != "note" {
                #expect(documented.contains("| `\(column)` | no |") || documented.contains("| `\(column)` | for "),
                        "\(table.file): \(column) is not documented as optional")
            }
            let listing = reference.split(separator: "\n").first { $0.hasPrefix(table.file + " ") }
            #expect(listing?.hasSuffix("(optional)") == table.isOptional, "\(table.file): the file list says wrongly whether it is optional")
        }
    }

    @Test func everyTermIsDocumented() {
        let terms: [String] = EducationLevel.allCases.map(\.rawValue) + Stadsdeel.allCases.map(\.rawValue)
            + Route.Kind.allCases.map(\.rawValue) + Route.Sector.allCases.map(\.rawValue)
            + RouteStage.allCases.map(\.rawValue) + Event.Kind.allCases.map(\.rawValue) + Event.Form.allCases.map(\.rawValue)
            + DataSharing.Kind.allCases.map(\.rawValue) + HavoMilestone.Step.allCases.map(\.rawValue)
            + Target.Kind.allCases.map(\.rawValue) + Board.Sector.allCases.map(\.rawValue)
        for term in terms {
            #expect(reference.contains("`\(term)`"), "\(term) is not documented")
        }
        for role in Party.Role.allCases {
            #expect(reference.contains(role.rawValue), "party role \(role) is not documented")
        }
        for requirement in LegalRequirement.allCases {
            #expect(reference.contains("| `\(requirement)` | \(requirement.summary) |"), "\(requirement) is not documented")
        }
    }

    @Test func theCovenantExampleLoads() throws {
        let start = try #require(reference.range(of: "```yaml\n"))
        let end = try #require(reference[start.upperBound...].range(of: "```"))
        let example = String(reference[start.upperBound..<end.lowerBound])
        let workspace = try AssembledWorkspace(files: [
            "covenant.yaml": Data(example.utf8),
            "state/boards.csv": Data("id;name;sector\nzaam;ZAAM;vo\nbestuur-noord;Noord;vo\nbestuur-zuid;Zuid;vo\nbestuur-roc;ROC;mbo\n".utf8),
            "state/waivers.csv": Data("target;from;reason;decided_by\n".utf8),
        ])
        try FileManager.default.createDirectory(at: workspace.url.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try Data("return {}".utf8).write(to: workspace.url.appendingPathComponent("rules/routes-vmbo-b.lua"))
        let loaded = try WorkspaceFixtures.load(workspace.url)
        let target = try #require(loaded.covenant.targets.first)
        #expect(target.rule == "rules/routes-vmbo-b.lua" && target.freshness == Freshness(amount: 12, unit: .months))
        #expect(target.baselineValue == 4 && target.targetValue == 12)
    }
}
