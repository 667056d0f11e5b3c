import ArgumentParser
import CovenantModel
import Foundation
import WorkspaceGenerator
import WorkspaceLoader

/// `koers init DIR`: a new workspace for a covenant of one's own, which validates at once.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Writes a new workspace to fill in: covenant.yaml, empty tables, an example rule and its test.",
        discussion: """
            DIR must not exist yet, or be empty. The workspace validates as it is; koers validate \
            then says what to fill in first. The covenant.yaml is commented in Dutch; its period runs \
            from the start of the running school year to the end of the third.
            """)

    @Argument(help: ArgumentHelp("The folder to create.", valueName: "dir"))
    var folder: String
    @Option(help: ArgumentHelp("The covenant's name.", valueName: "text"))
    var name: String = "Nieuw convenant"
    @Option(help: ArgumentHelp("Where the covenant applies, for report titles.", valueName: "text"))
    var region: String?
    @OptionGroup var language: LanguageOption

    func validate() throws {
        for (option, text) in [("--name", name), ("--region", region ?? "x")] where text.trimmingCharacters(in: .whitespaces).isEmpty || text.count > 200 {
            throw ValidationError(language.lang.pick("\(option) moet een tekst van 1 tot 200 tekens zijn", "\(option) must be a text of 1 to 200 characters"))
        }
    }

    func run() throws {
        let destination = URL(fileURLWithPath: folder, isDirectory: true).standardizedFileURL
        let today = AsOfOption.today
        let tables = WorkspaceLoader.tables.map { ($0.file, $0.requiredColumns + $0.optionalColumns) }
        let files = NewWorkspace.files(name: name, region: region, today: today, tables: tables).mapValues { Data($0.utf8) }
        if let failure = GenerateCommand.writeAtOnce(files, to: destination, naming: "DIR") {
            StandardError.write(language.lang.pick("koers: fout: ", "koers: error: ") + "\(failure.description)\n")
            throw KoersExit.cannotWrite
        }
        print(language.lang.pick(
            """
            koers: nieuwe werkmap in \(folder). Zo verder:
              1. vul covenant.yaml in (naam, looptijd, partijen, actielijnen, indicatoren, doelen);
              2. vul de tabellen in state/ in, te beginnen met boards.csv, schools.csv en institutions.csv;
              3. koers validate --workspace \(folder)   (zegt wat er nog ontbreekt)
            """,
            """
            koers: new workspace in \(folder). Next:
              1. fill in covenant.yaml (name, period, parties, action lines, indicators, targets);
              2. fill in the tables in state/, starting with boards.csv, schools.csv and institutions.csv;
              3. koers validate --workspace \(folder)   (says what is still missing)
            """))
    }
}
