import CovenantModel
import Crypto
import FileAccess
import Foundation
import PortalStore
import WorkspaceLoader
import WorkspaceWriter

/// What uploading a whole state table (as Excel saves it) would change: checked by the loader
/// of `koers validate` as if it were the file, and compared with the file row by row. A dry run
/// shows this; applying it writes the upload as it is, in one audited change.
public struct ImportPreview: Sendable, Equatable {
    /// The table's file: `state/school-years.csv`.
    public var file: String
    /// The upload's SHA-256: what "apply" refers to, so that exactly what was shown is written.
    public var sha256: String
    /// The SHA-256 of the table in the workspace when the dry run compared with it: "apply"
    /// refuses when the table changed since (an approval in between would otherwise be undone
    /// without anyone having seen it in the list).
    public var tableSHA256: String
    /// Why it cannot be applied (located: `state/school-years.csv:12: …`); empty when it can.
    public var errors: [String]
    /// One line per row that is new, changed (`stages 3 → 4`) or gone, by the row's key.
    public var added: [String]
    public var changed: [String]
    public var removed: [String]
    public var unchanged: Int

    public var changesNothing: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }
}

extension SubmissionDesk {
    /// The state tables an upload may replace, by file: every table `koers validate` reads.
    public static var importableFiles: [String] { WorkspaceLoader.tables.map(\.file) }

    /// The columns that say which row is which in a table (ids, or a route and its stage, …);
    /// a table without such columns is compared by whole rows.
    static func rowKey(of file: String) -> [String] {
        switch file {
        case "state/route-stages.csv": ["route", "stage"]
        case "state/route-requirements.csv": ["route", "requirement"]
        case "state/route-cohorts.csv": ["route", "school_year"]
        case "state/school-years.csv": ["school", "school_year"]
        case "state/boards.csv", "state/schools.csv", "state/institutions.csv", "state/colleges.csv", "state/routes.csv", "state/events.csv": ["id"]
        default: []
        }
    }

    /// A dry run: keeps the upload in `.koers/imports/` (for "apply") and says what it would
    /// change and whether the workspace would still validate with it.
    public func previewImport(_ bytes: [UInt8], file: String) throws -> ImportPreview {
        guard Self.importableFiles.contains(file) else {
            throw Refusal(fields: ["tabel": language.pick("Kies een van de tabellen in state/.", "Choose one of the tables in state/.")])
        }
        let hash = Self.sha256(bytes)
        let folder = workspace.appendingPathComponent(".koers/imports", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try AtomicFile.replace(folder.appendingPathComponent(hash).path, with: bytes)
        return try preview(bytes, file: file, sha256: hash)
    }

    func preview(_ bytes: [UInt8], file: String, sha256: String) throws -> ImportPreview {
        let path = workspace.appendingPathComponent(file).path
        let currentBytes = FileManager.default.contents(atPath: path).map(Array.init) ?? []
        var preview = ImportPreview(file: file, sha256: sha256, tableSHA256: Self.sha256(currentBytes), errors: [], added: [], changed: [],
                                    removed: [], unchanged: 0)
        let (decoded, problems) = WorkspaceLoader.text(of: bytes, file: file)
        guard let text = decoded else {
            preview.errors = problems.map { $0.text(in: language) }
            return preview
        }
        let table = String(file.dropFirst("state/".count).dropLast(".csv".count))
        let fixture = StateFixture(folder: workspace, folderName: nil, tables: [table: text], label: "upload", namesInlineTablesAsFiles: true)
        let known = Set(WorkspaceLoader.load(from: workspace).errors.map(\.text))
        preview.errors = WorkspaceLoader.load(from: workspace, fixture: fixture).errors.filter { !known.contains($0.text) }.map { $0.text(in: language) }
        guard let new = try? EditableCSV(text: text) else { return preview }
        let old = WorkspaceLoader.text(of: currentBytes, file: file).text.flatMap { try? EditableCSV(text: $0) }
        let key = Self.rowKey(of: file)
        func identity(_ row: [String: String]) -> String {
            let columns = key.isEmpty ? row.keys.sorted() : key
            return columns.map { row[$0] ?? "" }.joined(separator: " ")
        }
        let before = Dictionary((old?.rows ?? []).map { (identity($0), $0) }, uniquingKeysWith: { first, _ in first })
        let after = new.rows
        let afterKeys = Set(after.map(identity))
        for row in after {
            let id = identity(row)
            guard let previous = before[id] else {
                preview.added.append(id)
                continue
            }
            let columns = Set(previous.keys).union(row.keys).sorted()
            let differences = columns.compactMap { column -> String? in
                let was = previous[column] ?? "", now = row[column] ?? ""
                return was == now ? nil : "\(column) \(was.isEmpty ? "–" : was) → \(now.isEmpty ? "–" : now)"
            }
            if differences.isEmpty { preview.unchanged += 1 } else { preview.changed.append("\(id): " + differences.joined(separator: ", ")) }
        }
        preview.removed = (old?.rows ?? []).map(identity).filter { !afterKeys.contains($0) }
        return preview
    }

    /// Writes the upload a dry run showed (by its hash) as the table's file — if the table is
    /// still the one the dry run compared with (`tableSHA256`) and the workspace validates with
    /// the upload — and records it as one change in the audit log, with what it changed. Commits
    /// it when covenant.yaml asks.
    public func applyImport(sha256: String, file: String, tableSHA256: String, by actor: Actor, now: Int64) async throws -> ImportPreview {
        guard Self.importableFiles.contains(file), sha256.count == 64, sha256.allSatisfy(\.isHexDigit),
              let bytes = FileManager.default.contents(atPath: workspace.appendingPathComponent(".koers/imports/\(sha256)").path).map(Array.init)
        else {
            throw Refusal(general: [language.pick("Deze proefimport is er niet meer; laad het bestand opnieuw.",
                                                  "This dry run is gone; upload the file again.")])
        }
        let table = String(file.dropFirst("state/".count).dropLast(".csv".count))
        return try await FileLock.shared.holding(try lockFile(table: table)) {
            let preview = try preview(bytes, file: file, sha256: sha256)
            guard preview.tableSHA256 == tableSHA256 else {
                throw Refusal(general: [language.pick("\(file) is gewijzigd sinds de proefdraai (bijvoorbeeld door een goedkeuring); er is niets geschreven. Draai opnieuw proef met een verse download.",
                                                      "\(file) changed since the dry run (an approval, say); nothing was written. Run the dry run again on a fresh download.")])
            }
            guard preview.errors.isEmpty else {
                throw Refusal(general: [language.pick("Met dit bestand zou de werkmap niet kloppen; er is niets geschreven:",
                                                      "With this file the workspace would not validate; nothing was written:")] + preview.errors.prefix(10))
            }
            let summary = "\(preview.added.count) added, \(preview.changed.count) changed, \(preview.removed.count) removed, \(preview.unchanged) unchanged"
            let lines = preview.added.map { "+ \($0)" } + preview.changed.map { "~ \($0)" } + preview.removed.map { "- \($0)" }
            let path = workspace.appendingPathComponent(file).path
            let previous = FileManager.default.contents(atPath: path).map(Array.init)
            // The file first, then its audit line; if the line cannot be written, the file goes
            // back to what it was, so that no change goes unrecorded.
            try writeImported(bytes, to: file)
            do {
                try await store.append(AuditEntry(at: now, actor: actor.name, action: "table-imported", subject: file, party: "",
                                                  detail: ([summary] + lines.prefix(200)).joined(separator: "; ")
                                                      + (lines.count > 200 ? "; … \(lines.count - 200) more" : ""),
                                                  address: actor.address))
            } catch {
                if let previous { try writeImported(previous, to: file) } else { try? FileManager.default.removeItem(atPath: path) }
                throw error
            }
            try? FileManager.default.removeItem(atPath: workspace.appendingPathComponent(".koers/imports/\(sha256)").path)
            if covenant()?.commitApprovals == true, WorkspaceGit.isRepository(workspace) {
                do {
                    try WorkspaceGit.commit(file, in: workspace, author: actor.name, message: "\(file) geïmporteerd door \(actor.name): \(summary)")
                } catch {
                    try await store.append(AuditEntry(at: now, actor: actor.name, action: "commit-failed", subject: file, party: "",
                                                      detail: "\(error)", address: actor.address))
                }
            }
            return preview
        }
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    @inline(never)  // see currentTable(_:)
    func writeImported(_ bytes: [UInt8], to file: String) throws {
        try AtomicFile.replace(workspace.appendingPathComponent(file).path, with: bytes)
    }
}
