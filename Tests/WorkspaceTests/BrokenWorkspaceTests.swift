import CovenantModel
import Foundation
import Testing
import WorkspaceLoader

/// Each folder under `Workspaces/broken` changes the minimal workspace to hold one defect, and
/// lists in `expected.txt` exactly what validation must say about it and where. Nothing more may
/// be reported: one mistake, one message.
@Suite("broken workspaces")
struct BrokenWorkspaceTests {
    @Test func theMinimalWorkspaceIsValid() throws {
        let result = WorkspaceLoader.load(from: WorkspaceFixtures.minimal)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.workspace != nil)
    }

    @Test func thereAreAtLeastFortyDistinctDefects() {
        #expect(WorkspaceFixtures.brokenCases.count >= 40)
    }

    @Test(arguments: WorkspaceFixtures.brokenCases)
    func eachDefectIsReportedWithItsLocation(_ name: String) throws {
        let folder = WorkspaceFixtures.broken.appendingPathComponent(name)
        let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let workspace = try AssembledWorkspace(overlay: folder)
        let result = WorkspaceLoader.load(from: workspace.url)

        let reported = result.diagnostics.map { String($0.description.split(separator: "\n")[0]) }
        #expect(reported == expected)
        #expect(result.workspace == nil, "a workspace with errors must not load")
        for diagnostic in result.diagnostics {
            #expect(diagnostic.hint?.isEmpty == false, "every problem says how to fix it: \(diagnostic)")
        }
    }

    @Test func validationReportsEveryProblemAtOnce() throws {
        let workspace = try AssembledWorkspace(files: [
            "state/schools.csv": Data("id;name;board;levels\nnoordschool;Noordschool;bestuur-noord;vmbo-q\nzuidschool;;bestuur-zuid;vmbo-gt havo\npraktijkschool;Praktijkschool;bestuur-zuid;PrO\n".utf8),
            "state/events.csv": Data("id;date;kind;form;title;participants\ne1;30-02-2025;decanenoverleg;;Overleg;zuidschool\n".utf8),
        ])
        let result = WorkspaceLoader.load(from: workspace.url)
        #expect(result.errors.map { String($0.description.split(separator: "\n")[0]) } == [
            "state/schools.csv:2:39: error: levels: unknown level 'vmbo-q' — did you mean 'vmbo-b'?",
            "state/schools.csv:3:12: error: name: missing value",
            "state/events.csv:2:4: error: date: '30-02-2025' is not a date: February 2025 has 28 days",
        ])
    }
}
