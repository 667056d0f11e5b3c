import Foundation
import Testing

/// `koers validate` as a user runs it.
@Suite("koers validate")
struct ValidateCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func theDefaultWorkspaceIsValid() throws {
        // Dutch by default; English with --lang en, and with KOERS_LANG=en.
        let result = try KoersProcess.run(["validate", "--as-of", "2024-01-01"], in: Self.repository)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("De werkmap is in orde: Doorlopend leren vo-mbo (Amsterdam), 2024-01-01 tot 2027-07-31.\n"))
        #expect(result.stdout.contains("Stand op 2024-01-01 (schooljaar 2023-24):"))
        #expect(result.stdout.contains("15 leerroutes bekend: 10 lopend, 5 in ontwikkeling"))
        for english in [try KoersProcess.run(["validate", "--as-of", "2024-01-01", "--lang", "en"], in: Self.repository),
                        try KoersProcess.run(["validate", "--as-of", "2024-01-01"], in: Self.repository, environment: ["KOERS_LANG": "en"])] {
            #expect(english.stdout.hasPrefix("The workspace is valid: Continuous learning vo-mbo (Amsterdam), 2024-01-01 to 2027-07-31.\n"))
            #expect(english.stdout.contains("State as of 2024-01-01 (school year 2023-24):"))
            #expect(english.stdout.contains("15 routes known: 10 running, 5 being developed"))
        }
    }

    @Test func invalidDataExits65WithEveryMessage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-validate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Tests/WorkspaceTests/Workspaces/minimal"), to: folder)
        try Data("id;name;board;stadsdeel;levels\nnoordschool;Noordschool;bestuur-nord;Noord;vmbo-b vmbo-k\nzuidschool;Zuidschool;bestuur-zuid;Zuidoos;vmbo-b vmbo-gt havo\npraktijkschool;Praktijkschool;bestuur-zuid;;PrO\n".utf8)
            .write(to: folder.appendingPathComponent("state/schools.csv"))
        let dutch = try KoersProcess.run(["validate", "--workspace", folder.path], in: Self.repository)
        #expect(dutch.status == 65)
        #expect(dutch.stdout == """
            state/schools.csv:2: fout: board: onbekende bestuurs-id 'bestuur-nord' — bedoelt u 'bestuur-noord'?
              tip: de ids staan in de kolom 'id' van state/boards.csv
            state/schools.csv:3:36: fout: stadsdeel: 'Zuidoos' is geen stadsdeel — bedoelt u 'Zuidoost'?
              tip: gebruik een van: Centrum, Nieuw-West, Noord, Oost, West, Weesp, Zuid, Zuidoost, Diemen
            2 fouten, 0 waarschuwingen: los de fouten hierboven op en start koers validate opnieuw.

            """)
        let result = try KoersProcess.run(["validate", "--workspace", folder.path, "--lang", "en"], in: Self.repository)
        #expect(result.status == 65)
        #expect(result.stdout == """
            state/schools.csv:2: error: board: unknown board id 'bestuur-nord' — did you mean 'bestuur-noord'?
              hint: ids are in the 'id' column of state/boards.csv
            state/schools.csv:3:36: error: stadsdeel: unknown stadsdeel 'Zuidoos' — did you mean 'Zuidoost'?
              hint: use one of: Centrum, Nieuw-West, Noord, Oost, West, Weesp, Zuid, Zuidoost, Diemen
            2 errors, 0 warnings: fix the errors above and run koers validate again.

            """)
    }

    /// A workspace folder that is not there is one message and exit 66 (input not found), for
    /// every command that reads a workspace, not one "file is missing" per file.
    @Test func aMissingWorkspaceIsOneMessage() throws {
        for command in ["validate", "status", "report", "gaps", "school", "board"] {
            var arguments = [command, "--workspace", "/nonexistent/koers"]
            if command == "report" { arguments += ["--out", FileManager.default.temporaryDirectory.appendingPathComponent("koers-nowhere-\(UUID().uuidString)").path] }
            if command == "school" || command == "board" { arguments.append("x") }
            let result = try KoersProcess.run(arguments, in: Self.repository)
            #expect(result.status == 66, "\(command)")
            #expect(result.stdout.isEmpty && result.stderr == "koers: fout: --workspace: /nonexistent/koers bestaat niet\n"
                    + "  tip: geef de map met covenant.yaml en state/, of start koers in die map\n", "\(command)")
            let english = try KoersProcess.run(arguments + ["--lang", "en"], in: Self.repository)
            #expect(english.status == 66 && english.stderr == "koers: error: --workspace: /nonexistent/koers does not exist\n"
                    + "  hint: give the folder that holds covenant.yaml and state/, or run koers inside it\n", "\(command)")
        }
        let file = try KoersProcess.run(["validate", "--workspace", Self.repository.appendingPathComponent("covenant.yaml").path], in: Self.repository)
        #expect(file.status == 66 && file.stderr.contains("covenant.yaml is een bestand, geen map"))
        // An empty folder is a workspace without its files: each missing file is named.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("koers-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try KoersProcess.run(["validate", "--workspace", empty.path], in: Self.repository)
        #expect(result.status == 65 && result.stdout.hasPrefix("covenant.yaml: fout: het bestand ontbreekt\n"))
    }

    /// A file that is there but cannot be read (here a link to nowhere) exits with 66, as the
    /// README says for input that cannot be read; wrong data exits with 65.
    @Test func anUnreadableFileExits66AndSaysWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-unreadable-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Tests/WorkspaceTests/Workspaces/minimal"), to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("state/events.csv"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("state/events.csv").path, withDestinationPath: "weg.csv")
        for command in ["validate", "status"] {
            let result = try KoersProcess.run([command, "--workspace", folder.path], in: folder)
            #expect(result.status == 66, "\(command): \(result.stdout)\(result.stderr)")
            #expect((result.stdout + result.stderr).contains("state/events.csv: fout: het bestand is een link naar 'weg.csv', dat niet bestaat"))
        }
    }

    @Test func aBadAsOfDateIsAUsageError() throws {
        let result = try KoersProcess.run(["validate", "--as-of", "31-02-2025"], in: Self.repository)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--as-of: '31-02-2025' is not a date: February 2025 has 28 days"))
        // A date part too long for any integer is refused like any other bad date, not a crash.
        for command in ["validate", "status"] {
            let long = try KoersProcess.run([command, "--as-of", "1-1-99999999999999999999"], in: Self.repository)
            #expect(long.status == 64, "\(command): \(long.stderr)")
            #expect(long.stderr.contains("--as-of: '1-1-99999999999999999999' is not a date"), "\(command)")
        }
    }
}
