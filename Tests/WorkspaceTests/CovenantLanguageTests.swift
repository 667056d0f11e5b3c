import CovenantModel
import Foundation
import Testing
import WorkspaceLoader

/// covenant.yaml's texts in two languages, and validation messages in both.
@Suite("covenant texts in two languages")
struct CovenantLanguageTests {
    @Test func theDefaultCovenantReadsInEitherLanguage() throws {
        let covenant = try WorkspaceFixtures.load(WorkspaceFixtures.amsterdam).covenant
        #expect(covenant.name == "Doorlopend leren vo-mbo" && covenant.localized(to: .nl).name == "Doorlopend leren vo-mbo")
        let english = covenant.localized(to: .en)
        #expect(english.name == "Continuous learning vo-mbo")
        #expect(english.actionLines.map(\.title) == ["Continuous learning routes (scaling up)", "Career orientation and guidance (LOB)", "Knowledge sharing"])
        let decanen = try #require(english.targets.first { $0.id == "decanen" })
        #expect(decanen.title == "Vo and mbo decanen meet four times a year")
        #expect(decanen.unit == "meetings" && decanen.unitSingular == "meeting")
        #expect(decanen.notes?.hasPrefix("The running school year is judged pro rata") == true)
        let dutch = try #require(covenant.targets.first { $0.id == "decanen" })
        #expect(dutch.unit == "bijeenkomsten" && dutch.unitSingular == "bijeenkomst")
        // Every text the default covenant gives has its English.
        #expect(covenant.textsWithoutEnglish.isEmpty, "\(covenant.textsWithoutEnglish)")
        // A covenant in one language keeps its texts in English and names them.
        let minimal = try WorkspaceFixtures.load(WorkspaceFixtures.minimal).covenant
        #expect(minimal.localized(to: .en).targets.map(\.title) == minimal.targets.map(\.title))
        #expect(minimal.textsWithoutEnglish.contains("target 'routes-vmbo-b': title"))
    }

    @Test func everyValidationMessageHasItsDutch() throws {
        // The broken workspaces together hold every kind of problem the tests know.
        var checked = 0
        for name in WorkspaceFixtures.brokenCases {
            let workspace = try AssembledWorkspace(overlay: WorkspaceFixtures.broken.appendingPathComponent(name))
            for diagnostic in WorkspaceLoader.load(from: workspace.url).diagnostics {
                checked += 1
                let dutch = diagnostic.text(in: .nl), english = diagnostic.text(in: .en)
                #expect(dutch.contains(": fout: ") || dutch.contains(": waarschuwing: "), "\(name): \(dutch)")
                #expect(english.contains(": error: ") || english.contains(": warning: "), "\(name): \(english)")
                // The message itself differs between the languages (a Dutch one was written), unless
                // it is only names and numbers.
                if diagnostic.text.en.contains(where: \.isLetter) && diagnostic.text.en.split(separator: " ").count > 2 {
                    #expect(diagnostic.text.nl != diagnostic.text.en, "\(name): no Dutch for '\(diagnostic.text.en)'")
                }
            }
        }
        #expect(checked > 100)
    }
}
