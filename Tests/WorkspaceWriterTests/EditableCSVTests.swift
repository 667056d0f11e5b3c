import FileAccess
import Foundation
import Testing
import WorkspaceWriter

/// A state file changed one record at a time keeps everything else byte for byte.
@Suite("Editing a state table")
struct EditableCSVTests {
    static let excel = "\u{FEFF}school;school_year;stages;source\r\nmlo;2024-25;3;voorbeeld\r\n"
        + "noorderlicht;2024-25;0;\"inventarisatie; 2021\"\r\ncalvijn;2024-25;4;\r\n"

    @Test func aNewRecordKeepsTheByteOrderMarkSeparatorAndLineEnds() throws {
        var table = try EditableCSV(text: Self.excel)
        #expect(table.hasByteOrderMark && table.separator == ";" && table.lineEnd == "\r\n")
        #expect(table.rows.count == 3 && table.rows[1]["source"] == "inventarisatie; 2021")
        let old = try table.upsert(["school": "mlo", "school_year": "2025-26", "stages": "5", "source": "portaal; opgave 7"],
                                   key: ["school", "school_year"])
        #expect(old == nil)
        #expect(table.text == Self.excel + "mlo;2025-26;5;\"portaal; opgave 7\"\r\n")
        #expect(table.line(ofRecordWith: ["school": "mlo", "school_year": "2025-26"]) == 5)
        #expect(table.line(ofRecordWith: ["school": "mlo"]) == 2)
        #expect(table.line(ofRecordWith: ["school": "niemand"]) == nil)
    }

    @Test func aCorrectionReplacesItsRecordAndNothingElse() throws {
        var table = try EditableCSV(text: Self.excel)
        let old = try table.upsert(["school": "noorderlicht", "school_year": "2024-25", "stages": "2"], key: ["school", "school_year"])
        #expect(old?["stages"] == "0")
        #expect(table.text == Self.excel.replacingOccurrences(of: "noorderlicht;2024-25;0;", with: "noorderlicht;2024-25;2;"))
        #expect(table.rows[1]["source"] == "inventarisatie; 2021")
    }

    @Test func commasLineFeedsNoFinalLineEndAndBlankLinesStayAsTheyWere() throws {
        var table = try EditableCSV(text: "a,b\nx,\"say \"\"hi\"\"\"\n\n")
        #expect(table.separator == "," && table.lineEnd == "\n" && !table.hasByteOrderMark)
        #expect(table.rows == [["a": "x", "b": "say \"hi\""]])
        try table.upsert(["a": "y", "b": "1,5"], key: ["a"])
        #expect(table.text == "a,b\nx,\"say \"\"hi\"\"\"\ny,\"1,5\"\n\n")
        var bare = try EditableCSV(text: "a;b\r\nx;1")
        try bare.upsert(["a": "y", "b": "2"], key: ["a"])
        #expect(bare.text == "a;b\r\nx;1\r\ny;2")
        var empty = try EditableCSV(text: "a;b\n")
        try empty.upsert(["a": "z"], key: ["a"])
        #expect(empty.text == "a;b\nz;\n")
    }

    @Test func whatCannotBeEditedIsSaid() {
        #expect(throws: EditableCSV.Problem.noHeader) { try EditableCSV(text: "") }
        #expect(throws: EditableCSV.Problem.unterminatedQuote) { try EditableCSV(text: "a;b\n\"open;1\n") }
        #expect(throws: EditableCSV.Problem.unknownColumn("c")) {
            var table = try EditableCSV(text: "a;b\n")
            try table.upsert(["c": "1"], key: ["a"])
        }
    }

    @Test func anAtomicReplacementLeavesTheNewFileAndNoTemporaryOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.csv").path
        try AtomicFile.replace(path, with: Array("oud\n".utf8))
        try AtomicFile.replace(path, with: Array("nieuw\n".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "nieuw\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["t.csv"])
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.replace(folder.path + "/bestaat-niet/t.csv", with: []) }
        // What a write killed halfway leaves behind is found, and nothing else.
        FileManager.default.createFile(atPath: folder.path + "/.t.csv.koers-123-456.tmp", contents: Data("half".utf8))
        FileManager.default.createFile(atPath: folder.path + "/.u.csv.koers-123-456.tmp", contents: Data())
        #expect(AtomicFile.leftovers(of: path) == [folder.path + "/.t.csv.koers-123-456.tmp"])
    }
}
