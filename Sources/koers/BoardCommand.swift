import ArgumentParser
import CovenantModel
import Foundation
import ReportModel
import ReportRenderers

/// `koers board ID`: one board's page: its schools and institutions, what they add and what is open.
struct BoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Print a board's page: its schools and institutions, per target what they add and what is open, their routes and calendar.",
        discussion: """
            ID is an id from state/boards.csv, a full name, or a part of a name that only one board has \
            (case and accents do not matter).

            Exit codes: 0 printed; 2 a rule failed (the output is still complete); 64 usage error or no \
            such board; 65 the data or a template has errors.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var language: LanguageOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var compare: CompareOption

    @Argument(help: ArgumentHelp("The board: id, name, or part of a name.", valueName: "id"))
    var board: String

    func run() throws {
        let making = ReportMaking(workspace: workspace, asOf: asOf.day, limits: limitOptions.limits, language: language.lang)
        let templates = try making.templates()
        let report = try making.make(for: Bilingual(nl: "bestuurspagina", en: "board page"), history: false, compare: compare).report
        let page: BoardPage
        switch NameLookup.find(board, in: report.boards, id: \.id, name: \.name, language: language.lang) {
        case .found(let found): page = found
        case .none(let suggestion):
            StandardError.write(language.lang.pick("koers: fout: geen bestuur '\(board)'\(suggestion)\n", "koers: error: no board '\(board)'\(suggestion)\n")
                                + language.lang.pick("  tip: gebruik een id uit state/boards.csv (", "  hint: use an id from state/boards.csv (")
                                + report.boards.map(\.id).joined(separator: ", ") + ")\n")
            throw ExitCode.validationFailure
        case .ambiguous(let candidates):
            StandardError.write(language.lang.pick("koers: fout: '\(board)' past bij \(candidates.count) besturen:\n",
                                                   "koers: error: '\(board)' matches \(candidates.count) boards:\n")
                                + candidates.map { "  \($0.id)  \($0.name)\n" }.joined() + language.lang.pick("  tip: geef de id\n", "  hint: give the id\n"))
            throw ExitCode.validationFailure
        }
        print(TextReporter(templates: templates).board(page, in: report), terminator: "")
        if report.hasErrors { throw KoersExit.scriptFailed }
    }
}
