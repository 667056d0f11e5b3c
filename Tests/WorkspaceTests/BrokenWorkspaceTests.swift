#if canImport(Glibc)
import Glibc
#endif
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

    /// A table that is a link to nowhere, a loop of links, a FIFO or a folder is named as such,
    /// even an optional one: it is not an absent table ("0 events held"), and a FIFO is not
    /// opened (reading it would hang).
    @Test func whatIsNotAFileIsNamedNotTakenAsMissing() throws {
        let workspace = try AssembledWorkspace()
        let state = workspace.url.appendingPathComponent("state")
        let manager = FileManager.default
        for file in ["events.csv", "waivers.csv", "havo-milestones.csv", "data-sharing.csv", "school-years.csv"] {
            try? manager.removeItem(at: state.appendingPathComponent(file))
        }
        try manager.createSymbolicLink(atPath: state.appendingPathComponent("events.csv").path, withDestinationPath: "nowhere.csv")
        try manager.createSymbolicLink(atPath: state.appendingPathComponent("waivers.csv").path, withDestinationPath: "waivers.csv")
        #expect(mkfifo(state.appendingPathComponent("havo-milestones.csv").path, 0o644) == 0)
        try manager.createDirectory(at: state.appendingPathComponent("data-sharing.csv"), withIntermediateDirectories: false)
        try manager.createSymbolicLink(atPath: state.appendingPathComponent("school-years.csv").path, withDestinationPath: "/dev/zero")
        let result = WorkspaceLoader.load(from: workspace.url)
        #expect(result.workspace == nil)
        #expect(result.errors.map { String($0.description.split(separator: "\n")[0]) }.sorted() == [
            "state/data-sharing.csv: error: this is a folder, not a file",
            "state/events.csv: error: the file is a link to 'nowhere.csv', which does not exist",
            "state/havo-milestones.csv: error: this is not a file but a device, pipe or socket",
            "state/school-years.csv: error: this is not a file but a device, pipe or socket",
            "state/waivers.csv: error: the file is a link that leads back to itself (a loop of links)",
        ])
    }

    /// A file lists at most 100 problems; the rest are counted, and the totals count them too.
    @Test func theRestOfManyProblemsIsCounted() throws {
        let rows = try String(contentsOf: WorkspaceFixtures.minimal.appendingPathComponent("state/waivers.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let workspace = try AssembledWorkspace(files: ["state/waivers.csv": Data((rows + Array(repeating: rows[1], count: 1000)).joined(separator: "\n").utf8)])
        let result = WorkspaceLoader.load(from: workspace.url)
        #expect(result.diagnostics.count == 101)
        #expect(result.errorCount == 1000)
        #expect(result.diagnostics.last?.message == "and 900 more errors in this file, not listed (only the first 100 problems are)")
    }

    /// A table past a million rows is refused as a whole, at the first row past the limit,
    /// before any row is read.
    @Test func aTableOfMoreThanAMillionRowsIsRefused() throws {
        var text = "date;from;to;kind\n"
        text.reserveCapacity(1_000_001 * 48)
        for _ in 0...1_000_000 { text += "2025-03-18;noordschool;roc-test;nco-rapportage\n" }
        let workspace = try AssembledWorkspace(files: ["state/data-sharing.csv": Data(text.utf8)])
        let result = WorkspaceLoader.load(from: workspace.url)
        #expect(result.workspace == nil)
        #expect(result.errors.map { String($0.description.split(separator: "\n")[0]) }
                == ["state/data-sharing.csv:1000002: error: the table has 1.000.001 rows; a table holds at most 1.000.000"])
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
