import ArgumentParser
import CovenantModel
import Foundation
import ReportModel
import ReportRenderers

/// `koers school NAME-OR-ID`: one school's or institution's self-check.
struct SchoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "school",
        abstract: "Print a school's or mbo institution's self-check: what it adds, what is missing, what is asked and by when.",
        discussion: """
            NAME-OR-ID is an id from state/schools.csv or state/institutions.csv, a full name, or a part \
            of a name that only one school or institution has (case and accents do not matter).

            Exit codes: 0 printed; 2 a rule failed (the output is still complete); 64 usage error or no \
            such school; 65 the data or a template has errors.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var language: LanguageOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var compare: CompareOption

    @Argument(help: ArgumentHelp("The school or institution: id, name, or part of a name.", valueName: "name-or-id"))
    var school: String

    func run() throws {
        let making = ReportMaking(workspace: workspace, asOf: asOf.day, limits: limitOptions.limits, language: language.lang)
        let templates = try making.templates()
        let report = try making.make(for: Bilingual(nl: "zelfcheck", en: "self-check"), history: false, compare: compare).report
        let check: SelfCheck
        if let other = report.nonParties.first(where: { $0.contributor.id == school }) {
            print(TextReporter(templates: templates).nonParty(other, in: report), terminator: "")
            return
        }
        switch NameLookup.find(school, in: report.selfChecks, id: \.contributor.id, name: \.name, language: language.lang) {
        case .found(let found): check = found
        case .none(let suggestion):
            StandardError.write(language.lang.pick(
                "koers: fout: geen school of instelling '\(school)'\(suggestion)\n  tip: gebruik een id uit state/schools.csv of state/institutions.csv, of een deel van een naam\n",
                "koers: error: no school or institution '\(school)'\(suggestion)\n  hint: use an id from state/schools.csv or state/institutions.csv, or part of a name\n"))
            throw ExitCode.validationFailure
        case .ambiguous(let candidates):
            StandardError.write(language.lang.pick("koers: fout: '\(school)' past bij \(candidates.count) scholen en instellingen:\n",
                                                   "koers: error: '\(school)' matches \(candidates.count) schools and institutions:\n")
                                + candidates.map { "  \($0.contributor.id)  \($0.name)\n" }.joined() + language.lang.pick("  tip: geef de id\n", "  hint: give the id\n"))
            throw ExitCode.validationFailure
        }
        print(TextReporter(templates: templates).selfCheck(check, in: report), terminator: "")
        if report.hasErrors { throw KoersExit.scriptFailed }
    }
}

/// Finds a self-check or a board by id, by full name, or by a part of a name only one has.
enum NameLookup {
    enum Result<Item> {
        case found(Item)
        case none(suggestion: String)
        case ambiguous([Item])
    }

    static func find<Item>(_ query: String, in items: [Item], id: (Item) -> String, name: (Item) -> String,
                           language: Language) -> Result<Item> {
        if let byID = items.first(where: { id($0) == query }) { return .found(byID) }
        let wanted = fold(query)
        if let byName = items.first(where: { fold(name($0)) == wanted }) { return .found(byName) }
        let partial = items.filter { fold(name($0)).contains(wanted) || fold(id($0)).contains(wanted) }
        if partial.count == 1 { return .found(partial[0]) }
        if partial.count > 1 { return .ambiguous(partial) }
        return .none(suggestion: Suggestion.didYouMean(query, in: items.map(id), language: language))
    }

    /// Lower case without accents: `Bindelmeer` finds `bindelmeer`, `Cburg` finds `Cburg College`.
    private static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
