import CovenantModel
import Foundation
import Testing
import WorkspaceLoader

/// Tables a covenant declares for itself (`tables:` in covenant.yaml): every column type read
/// right and wrong, with the same located messages as Koers' own tables.
@Suite("declared tables")
struct DeclaredTableTests {
    static let declaration = """
        tables:
          - name: overeenkomsten
            title: {nl: Samenwerkingsovereenkomsten, en: Cooperation agreements}
            dated_by: getekend
            key: [route, getekend]
            columns:
              - {name: route, type: route, required: true}
              - {name: getekend, type: date, required: true}
              - {name: schooljaar, type: school-year}
              - {name: leerlingen, type: integer}
              - {name: uren, type: decimal}
              - {name: compleet, type: yes-no}
              - {name: school, type: party}
              - {name: partners, type: parties}
              - {name: inhoud, type: list, values: [doelgroep, examen, begeleiding]}
              - {name: vorm, type: text, values: [dlr, glr]}

        """
    static let header = "route;getekend;schooljaar;leerlingen;uren;compleet;school;partners;inhoud;vorm;source\n"
    static let good = "noord-zorg;2025-01-15;2024-25;12;7,5;ja;noordschool;noordschool roc-test;doelgroep Examen;DLR;voorbeeld\n"

    static func load(_ rows: String, declaration: String = declaration) throws -> WorkspaceLoadResult {
        let minimal = try String(contentsOf: WorkspaceFixtures.minimal.appendingPathComponent("covenant.yaml"), encoding: .utf8)
        let covenant = minimal.replacingOccurrences(of: "\ntargets:\n", with: "\n\(declaration)targets:\n")
        let workspace = try AssembledWorkspace(files: [
            "covenant.yaml": Data(covenant.utf8),
            "state/overeenkomsten.csv": Data((header + rows).utf8),
        ])
        return WorkspaceLoader.load(from: workspace.url)
    }

    @Test func everyColumnTypeIsReadIntoItsValue() throws {
        let result = try Self.load(Self.good + "noord-zorg;2026-03-01;;;;;;;;;\n")
        let workspace = try #require(result.workspace, "\(result.diagnostics)")
        let table = try #require(workspace.declaredTables.first)
        #expect(table.table.name == "overeenkomsten" && table.table.file == "state/overeenkomsten.csv")
        let row = try #require(table.rows.first)
        #expect(row.values["route"] == .text("noord-zorg"))
        #expect(row.values["getekend"] == .date(WorkspaceFixtures.day("2025-01-15")))
        #expect(row.values["schooljaar"] == .schoolYear(SchoolYear(startYear: 2024)))
        #expect(row.values["leerlingen"] == .integer(12))
        #expect(row.values["uren"] == .decimal(7.5))
        #expect(row.values["compleet"] == .flag(true))
        #expect(row.values["school"] == .text("noordschool"))
        #expect(row.values["partners"] == .list(["noordschool", "roc-test"]))
        #expect(row.values["inhoud"] == .list(["doelgroep", "examen"]), "an allowed value takes its declared spelling")
        #expect(row.values["vorm"] == .text("dlr"))
        #expect(row.origin == "voorbeeld" && row.source.description == "state/overeenkomsten.csv:2")
        #expect(table.rows[1].values.count == 2, "empty optional cells are left out")
        // dated_by: a row is part of the state from its day.
        #expect(workspace.state(asOf: WorkspaceFixtures.day("2025-06-01")).declaredTables[0].rows.count == 1)
        #expect(workspace.state(asOf: WorkspaceFixtures.day("2026-03-01")).declaredTables[0].rows.count == 2)
    }

    @Test(arguments: [
        (";2025-01-15;;;;;;;;;\n", "state/overeenkomsten.csv:3:1: error: route: missing value"),
        ("noord-zorg;15-13-2025;;;;;;;;;\n", "state/overeenkomsten.csv:3:12: error: getekend: '15-13-2025' is not a date: there is no month 13"),
        ("noord-zorg;2025-01-15;2024-26;;;;;;;;\n", "state/overeenkomsten.csv:3:23: error: schooljaar: '2024-26' is not a school year: a school year runs from one year into the next"),
        ("noord-zorg;2025-01-15;;12,5;;;;;;;\n", "state/overeenkomsten.csv:3:24: error: leerlingen: '12,5' is not a whole number"),
        ("noord-zorg;2025-01-15;;;veel;;;;;;\n", "state/overeenkomsten.csv:3:25: error: uren: 'veel' is not a number"),
        ("noord-zorg;2025-01-15;;;;misschien;;;;;\n", "state/overeenkomsten.csv:3:26: error: compleet: 'misschien' is not ja or nee"),
        ("noord-zorg;2025-01-15;;;;;noordscool;;;;\n", "state/overeenkomsten.csv:3:27: error: school: unknown party 'noordscool' — did you mean 'noordschool'?"),
        ("noord-zorg;2025-01-15;;;;;;roc-test rocc;;;\n", "state/overeenkomsten.csv:3:28: error: partners: unknown party 'rocc'"),
        ("noord-zorg;2025-01-15;;;;;;;doelgroep exameen;;\n", "state/overeenkomsten.csv:3:29: error: inhoud: 'exameen' is not an allowed value — did you mean 'examen'?"),
        ("noord-zorg;2025-01-15;;;;;;;;bbl;\n", "state/overeenkomsten.csv:3:30: error: vorm: 'bbl' is not an allowed value"),
        ("noord-zrog;2025-03-01;;;;;;;;;\n", "state/overeenkomsten.csv:3:1: error: route: unknown route 'noord-zrog' — did you mean 'noord-zorg'?"),
        ("noord-zorg;15-01-2025;;;;;;;;;\n", "state/overeenkomsten.csv:3:1: error: this row has the same route, getekend as line 2"),
    ])
    func aWrongCellIsNamedWhereItIs(_ row: String, _ message: String) throws {
        let result = try Self.load(Self.good + row)
        #expect(result.workspace == nil)
        #expect(result.diagnostics.map { String($0.description.split(separator: "\n")[0]) } == [message])
        #expect(result.diagnostics.allSatisfy { $0.hint?.isEmpty == false })
    }

    @Test func theTableItselfIsCheckedAsKoersOwnTablesAre() throws {
        let missing = try Self.load("", declaration: Self.declaration.replacingOccurrences(of: "name: overeenkomsten", with: "name: andere"))
        #expect(missing.workspace != nil, "a declared table may be absent, like Koers' optional tables")
        let assembled = try AssembledWorkspace(files: [
            "covenant.yaml": Data(try String(contentsOf: WorkspaceFixtures.minimal.appendingPathComponent("covenant.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "\ntargets:\n", with: "\n\(Self.declaration)targets:\n").utf8),
            "state/overeenkomsten.csv": Data("route;getekend;kleur\nnoord-zorg;2025-01-15;rood\n".utf8),
        ])
        let unknownColumn = WorkspaceLoader.load(from: assembled.url)
        #expect(unknownColumn.diagnostics.map { String($0.description.split(separator: "\n")[0]) }
                == ["state/overeenkomsten.csv:1:16: error: unknown column 'kleur'"])
    }

    @Test(arguments: [
        ("  - name: routes\n    columns:\n      - {name: a, type: text}\n", "error: table 'routes': name: 'routes' is already one of Koers' own tables"),
        ("  - name: extra\n    columns:\n      - {name: a, type: tekst}\n", "error: table 'extra': columns[1]: type: unknown column type 'tekst'"),
        ("  - name: extra\n    dated_by: b\n    columns:\n      - {name: a, type: date}\n", "error: table 'extra': dated_by: 'b' is not a column of this table"),
        ("  - name: extra\n    dated_by: a\n    columns:\n      - {name: a, type: date}\n", "error: table 'extra': dated_by: 'a' must be a required date column (type: date, required: true)"),
        ("  - name: extra\n    file: ../geheim.csv\n    columns:\n      - {name: a, type: text}\n", "error: table 'extra': file: '../geheim.csv' must be a .csv file in state/"),
        ("  - name: extra\n    columns:\n      - {name: a, type: integer, values: [1, 2]}\n", "error: table 'extra': columns[1]: values: allowed values belong with text, id and list columns, not with integer"),
        ("  - name: extra\n    key: [a]\n    columns:\n      - {name: a, type: list, required: true}\n", "error: table 'extra': key: 'a' must be a required column with one value"),
        ("  - name: extra\n    columns: []\n", "error: table 'extra': columns: a table needs at least one column"),
        ("  - name: extra\n    columns:\n      - {name: example, type: text}\n", "error: table 'extra': columns[1]: name: column 'example' already exists in this table"),
        ("  - name: Schools\n    columns:\n      - {name: a, type: text}\n", "error: table 'Schools': name: 'Schools' is already one of Koers' own tables"),
        ("  - name: extra\n    file: state/measurements.csv\n    columns:\n      - {name: a, type: text}\n", "error: table 'extra': file: state/measurements.csv is already the file of another table"),
    ])
    func aWrongDeclarationIsNamed(_ table: String, _ message: String) throws {
        let result = try Self.load(Self.good, declaration: Self.declaration + table)
        let reported = result.diagnostics.map { String($0.description.split(separator: "\n")[0]) }
        #expect(result.workspace == nil)
        #expect(reported.count == 1 && reported[0].hasPrefix("covenant.yaml:") && reported[0].contains(message), "\(reported)")
    }
}
