import CovenantModel
import Foundation
import PortalStore
import PortalSubmissions
import Testing
import WorkspaceLoader

/// The programme team's import of a whole table, on SQLite and PostgreSQL: a dry run that lists
/// what would change and every located error, and an apply that writes exactly the upload, once,
/// as one line in the audit log.
@Suite("Submissions: importing a whole table with a dry run")
struct TableImportTests {
    typealias Desk = SubmissionDeskTests

    /// The file as Excel saves it ("CSV UTF-8"): a BOM and CRLF line ends, `edit` applied to its lines.
    static func excel(_ workspace: URL, _ edit: ([String]) -> [String]) throws -> [UInt8] {
        let lines = try String(contentsOf: workspace.appendingPathComponent("state/school-years.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        return [0xEF, 0xBB, 0xBF] + Array(edit(lines).joined(separator: "\r\n").utf8) + Array("\r\n".utf8)
    }

    @Test(arguments: TestDatabases.kinds)
    func aDryRunListsTheChangesAndApplyingWritesExactlyTheUploadOnce(kind: String) async throws {
        guard let (store, workspace, desk) = try await Desk.desk(kind) else { return }
        defer { Desk.close(store, workspace) }
        let upload = try Self.excel(workspace) { lines in
            // mlo's stages 3 → 4; noorderlicht's 2024-25 row gone; a new row for mundus 2026-27.
            lines.map { $0.hasPrefix("mlo;2024-25;") ? $0.replacingOccurrences(of: ";ja;nee;3;1;3;", with: ";ja;nee;4;1;3;") : $0 }
                .filter { !$0.hasPrefix("noorderlicht;2024-25;") } + ["mundus;2026-27;2026-11-20;ja;ja;2;1;1;;;import"]
        }
        let preview = try desk.previewImport(upload, file: "state/school-years.csv")
        #expect(preview.errors.isEmpty, "\(preview.errors)")
        #expect(preview.changed == ["mlo 2024-25: stages 3 → 4"] && preview.added == ["mundus 2026-27"] && preview.removed == ["noorderlicht 2024-25"])
        #expect(preview.unchanged > 20)
        // A dry run changes nothing.
        #expect(try Data(contentsOf: workspace.appendingPathComponent("state/school-years.csv")) != Data(upload))
        #expect(try await store.auditLog(party: nil).isEmpty)

        let applied = try await desk.applyImport(sha256: preview.sha256, file: "state/school-years.csv", tableSHA256: preview.tableSHA256, by: Desk.team, now: Desk.now)
        #expect(applied == preview)
        #expect(try Array(Data(contentsOf: workspace.appendingPathComponent("state/school-years.csv"))) == upload)
        #expect(WorkspaceLoader.load(from: workspace).errors.isEmpty)
        let log = try await store.auditLog(party: nil)
        #expect(log.count == 1 && log[0].action == "table-imported" && log[0].subject == "state/school-years.csv")
        #expect(log[0].detail.hasPrefix("1 added, 1 changed, 1 removed, ") && log[0].detail.contains("~ mlo 2024-25: stages 3 → 4"), "\(log[0].detail)")
        // Once: the dry run is used up.
        await #expect(throws: SubmissionDesk.Refusal.self) {
            _ = try await desk.applyImport(sha256: preview.sha256, file: "state/school-years.csv", tableSHA256: preview.tableSHA256, by: Desk.team, now: Desk.now + 1)
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func anUploadThatWouldNotValidateSaysWhereAndWritesNothing(kind: String) async throws {
        guard let (store, workspace, desk) = try await Desk.desk(kind) else { return }
        defer { Desk.close(store, workspace) }
        let before = try Data(contentsOf: workspace.appendingPathComponent("state/school-years.csv"))
        let wrong = try Self.excel(workspace) { lines in
            lines.map { $0.hasPrefix("mlo;2024-25;") ? $0.replacingOccurrences(of: ";ja;nee;3;1;3;", with: ";ja;nee;veel;1;3;") : $0 }
        }
        let preview = try desk.previewImport(wrong, file: "state/school-years.csv")
        #expect(preview.errors.count == 1 && preview.errors[0].hasPrefix("state/school-years.csv:3:") && preview.errors[0].contains("veel"),
                "\(preview.errors)")
        await #expect(throws: SubmissionDesk.Refusal.self) {
            _ = try await desk.applyImport(sha256: preview.sha256, file: "state/school-years.csv", tableSHA256: preview.tableSHA256, by: Desk.team, now: Desk.now)
        }
        // A workbook saved under a .csv name, a table Koers does not have, a made-up dry run.
        let workbook = try desk.previewImport([0x50, 0x4B, 0x03, 0x04, 0, 0], file: "state/school-years.csv")
        #expect(workbook.errors.first?.contains("Excel-werkmap") == true, "\(workbook.errors)")
        #expect(throws: SubmissionDesk.Refusal.self) { _ = try desk.previewImport(Array("a;b\n".utf8), file: "covenant.yaml") }
        await #expect(throws: SubmissionDesk.Refusal.self) {
            _ = try await desk.applyImport(sha256: "../../covenant.yaml", file: "state/school-years.csv", tableSHA256: "", by: Desk.team, now: Desk.now)
        }
        #expect(try Data(contentsOf: workspace.appendingPathComponent("state/school-years.csv")) == before)
        #expect(try await store.auditLog(party: nil).isEmpty)
    }

    @Test(arguments: TestDatabases.kinds)
    func anApprovalBetweenTheDryRunAndApplyingRefusesTheImport(kind: String) async throws {
        guard let (store, workspace, desk) = try await Desk.desk(kind) else { return }
        defer { Desk.close(store, workspace) }
        let upload = try Self.excel(workspace) { lines in
            lines.map { $0.hasPrefix("mlo;2024-25;") ? $0.replacingOccurrences(of: ";ja;nee;3;1;3;", with: ";ja;nee;4;1;3;") : $0 }
        }
        let preview = try desk.previewImport(upload, file: "state/school-years.csv")
        #expect(preview.errors.isEmpty && preview.removed.isEmpty)
        // A school's return is approved in the meantime: the upload does not have its row.
        let saved = try await desk.save(Desk.fields, party: "mundus", period: SchoolYear("2026-27")!, by: Desk.school, now: Desk.now)
        let sent = try await desk.submit(id: saved.id, party: "mundus", by: Desk.school, now: Desk.now, today: Desk.today)
        _ = try await desk.approve(id: sent.id, by: Desk.team, now: Desk.now)
        let approved = try Data(contentsOf: workspace.appendingPathComponent("state/school-years.csv"))
        await #expect(throws: SubmissionDesk.Refusal.self) {
            _ = try await desk.applyImport(sha256: preview.sha256, file: "state/school-years.csv", tableSHA256: preview.tableSHA256, by: Desk.team, now: Desk.now)
        }
        #expect(try Data(contentsOf: workspace.appendingPathComponent("state/school-years.csv")) == approved)
        #expect(try await store.auditLog(party: nil).allSatisfy { $0.action != "table-imported" })
        // The same upload applied to another table than the one it was compared with: refused too.
        await #expect(throws: SubmissionDesk.Refusal.self) {
            _ = try await desk.applyImport(sha256: preview.sha256, file: "state/events.csv", tableSHA256: preview.tableSHA256, by: Desk.team, now: Desk.now)
        }
    }
}
