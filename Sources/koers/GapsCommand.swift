import ArgumentParser
import CovenantModel
import Foundation
import ReportModel
import ReportRenderers

/// `koers gaps`: what every target still needs, grouped by who can act.
struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Print what each target still needs, grouped by who can act: programme team, schools, mbo institutions.",
        discussion: """
            For every target that is not achieved: what is still needed, per remaining school year and \
            by the deadline; what the programme team is asked (the number of a target it owns, a failing \
            rule, missing data); and each school and mbo institution the rule names as missing, with why.

            Exit codes: 0 printed; 2 a rule failed (the output is still complete); 64 usage error; 65 the \
            data or a template has errors.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var language: LanguageOption
    @OptionGroup var limitOptions: LimitOptions

    func run() throws {
        let making = ReportMaking(workspace: workspace, asOf: asOf.day, limits: limitOptions.limits, language: language.lang)
        let templates = try making.templates()
        let report = try making.make(for: Bilingual(nl: "overzicht van wat ontbreekt", en: "gap report"), history: false).report
        print(TextReporter(templates: templates).gaps(report), terminator: "")
        if report.hasErrors { throw KoersExit.scriptFailed }
    }
}
