import CovenantModel
import Foundation
import Testing
import WorkspaceLoader

/// Tables as Dutch Excel saves them load the same as the tidy ones in the repository.
@Suite("files from Excel")
struct ExcelFilesTests {
    @Test func commaSeparatedUTF8WithBOMAndCRLFAndQuotedFieldsLoads() throws {
        // "CSV UTF-8 (door komma's gescheiden)": BOM, commas, CRLF, quotes around fields with
        // commas, a line break or a quote, and Dutch day-month-year dates.
        let schools = "\u{FEFF}id,name,board,stadsdeel,levels\r\n"
            + "noordschool,\"Noordschool, locatie \"\"De Haven\"\"\",bestuur-noord,Noord,vmbo-b vmbo-k\r\n"
            + "zuidschool,\"Zuidschool\r\n(tweede regel)\",bestuur-zuid,Zuid,\"vmbo-b vmbo-gt havo\"\r\n"
            + "praktijkschool,Praktijkschool,bestuur-zuid,,PrO\r\n"
            + ",,,,\r\n"
        let stages = "route,stage,date\r\nnoord-zorg,eerste-cohort-gestart,1-8-2019\r\nzuid-ict,verkenning,01-03-2024\r\n"
            + "zuid-ict,in-ontwikkeling,2024-09-02\r\nzuid-ict,overeenkomst-getekend,31-07-2025\r\nzuid-ict,eerste-cohort-gestart,1-8-2025\r\n"
        let workspace = try AssembledWorkspace(files: [
            "state/schools.csv": Data(schools.utf8), "state/route-stages.csv": Data(stages.utf8),
        ])
        let loaded = try WorkspaceFixtures.load(workspace.url)

        #expect(loaded.schools.map(\.name) == ["Noordschool, locatie \"De Haven\"", "Zuidschool\r\n(tweede regel)", "Praktijkschool"])
        // Records keep the line they start on, also after a field that spans two lines.
        #expect(loaded.schools.map(\.source.line) == [2, 3, 5])
        #expect(loaded.schools[1].levels == [.vmboB, .vmboGT, .havo])
        let ict = try #require(loaded.routes.first { $0.id == "zuid-ict" })
        #expect(ict.stages.map(\.date.description) == ["2024-03-01", "2024-09-02", "2025-07-31", "2025-08-01"])
    }

    @Test func aQuotedCommaInASemicolonHeaderDoesNotFoolTheDelimiterCheck() throws {
        let workspace = try AssembledWorkspace(files: [
            "state/boards.csv": Data("id;name;sector;\"note, remarks\"\nbestuur-noord;Bestuur, Noord;vo;\nbestuur-zuid;Bestuur Zuid;vo;\nbestuur-roc;ROC;mbo;\n".utf8),
        ])
        let result = WorkspaceLoader.load(from: workspace.url)
        // Read with ';', the only problem is the column name.
        #expect(result.errors.map { String($0.description.split(separator: "\n")[0]) }
                == ["state/boards.csv:1:16: error: unknown column 'note, remarks' — did you mean 'note'?"])
    }

    @Test func emptyCellsAfterTheLastColumnAndBlankRowsAreIgnored() throws {
        let workspace = try AssembledWorkspace(files: [
            "state/institutions.csv": Data("id;name;board;;\nroc-test;ROC Test;bestuur-roc;;\n;;;;\n\n".utf8),
        ])
        let loaded = try WorkspaceFixtures.load(workspace.url)
        #expect(loaded.institutions.map(\.id) == ["roc-test"])
    }

    @Test(arguments: [
        ("2025-03-14", "2025-03-14"), ("14-03-2025", "2025-03-14"), ("14-3-2025", "2025-03-14"),
        ("14/03/2025", "2025-03-14"), ("29-02-2024", "2024-02-29"), ("1.8.2025", "2025-08-01"),
    ])
    func datesAreReadInBothOrders(_ text: String, _ iso: String) throws {
        #expect(try DateText.day(from: text).description == iso)
    }

    @Test(arguments: ["31-02-2025", "29-02-2025", "2025-13-01", "2025-03", "14 maart 2025", "2025-03-14x", "", "03-14-2025"])
    func impossibleOrMalformedDatesAreRefused(_ text: String) {
        #expect(throws: DateTextError.self) { try DateText.day(from: text) }
    }
}
