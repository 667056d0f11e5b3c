import ArgumentParser
import CovenantModel
import Foundation
import WorkspaceLoader

/// `koers validate`: checks the workspace and lists every problem, with file and line.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the workspace's covenant and state files and list every problem.",
        discussion: """
            Reads covenant.yaml and the tables in state/, and prints each problem as \
            file:line: error: what is wrong, with a hint on how to fix it. When the data is valid, \
            prints what the state holds on the --as-of date. Koers does not report on data with \
            errors.

            Exit codes: 0 valid (warnings allowed); 65 the data has errors; 66 the workspace folder does not exist; 64 usage error.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var language: LanguageOption

    func run() throws {
        let nl = language.lang == .nl
        try workspace.requireFolder(language: language.lang)
        let result = WorkspaceLoader.load(from: workspace.url)
        for diagnostic in result.diagnostics { print(diagnostic.text(in: language.lang)) }
        let warnings = nl ? count(result.warningCount, "waarschuwing", "waarschuwingen") : count(result.warningCount, "warning")
        guard var loaded = result.workspace else {
            print(nl ? "\(count(result.errorCount, "fout", "fouten")), \(warnings): los de fouten hierboven op en start koers validate opnieuw."
                     : "\(count(result.errorCount, "error")), \(warnings): fix the errors above and run koers validate again.")
            throw result.hasUnreadableFiles ? KoersExit.noInput : KoersExit.dataError
        }
        loaded.covenant = loaded.covenant.localized(to: language.lang)
        print(StateSummary(loaded.state(asOf: asOf.day), language: language.lang).text, terminator: "")
        if !result.warnings.isEmpty { print(warnings + (nl ? " (zie hierboven)." : " (see above).")) }
    }
}

/// A short account of what the state holds on a day, so that a user sees validate read what they meant.
struct StateSummary {
    let state: CovenantState
    let language: Language
    init(_ state: CovenantState, language: Language = .nl) {
        self.state = state
        self.language = language
    }

    var text: String {
        let covenant = state.covenant
        let running = state.routes.filter(\.isRunning).count
        let developing = state.routes.filter { $0.isInDevelopmentOrRunning && !$0.isRunning }.count
        let thisYear = state.schoolYearReports.filter { $0.schoolYear == state.schoolYear }.count
        let examples = state.schools.filter { $0.origin == "voorbeeld" }.count
        let region = covenant.region.map { " (\($0))" } ?? ""
        let extra = covenantTables + fillInFirst
        guard language == .en else {
            return """
                De werkmap is in orde: \(covenant.name)\(region), \(covenant.baselineDate) tot \(covenant.deadline).
                Stand op \(state.asOf) (schooljaar \(state.schoolYear)):
                  \(count(covenant.targets.count, "doel", "doelen")) in \(count(covenant.actionLines.count, "actielijn", "actielijnen"))
                  \(count(state.schools.count, "vo-school", "vo-scholen")) (\(examples) als voorbeeld), \(count(state.institutions.count, "mbo-instelling", "mbo-instellingen")), \(count(state.boards.count, "bestuur", "besturen"))
                  \(count(state.routes.count, "leerroute", "leerroutes")) bekend: \(running) lopend, \(developing) in ontwikkeling
                  \(count(state.events.count, "activiteit", "activiteiten")) gehouden, \(count(thisYear, "jaaropgave", "jaaropgaven")) over \(state.schoolYear)
                \(extra)
                """
        }
        return """
            The workspace is valid: \(covenant.name)\(region), \
            \(covenant.baselineDate) to \(covenant.deadline).
            State as of \(state.asOf) (school year \(state.schoolYear)):
              \(count(covenant.targets.count, "target")) in \(count(covenant.actionLines.count, "action line"))
              \(count(state.schools.count, "vo school")) (\(examples) example), \(count(state.institutions.count, "mbo institution")), \(count(state.boards.count, "board"))
              \(count(state.routes.count, "route")) known: \(running) running, \(developing) being developed
              \(count(state.events.count, "event")) held, \(count(thisYear, "school report")) for \(state.schoolYear)
            \(extra)
            """
    }

    /// The covenant's indicators and own tables, when it has any: one line each.
    private var covenantTables: String {
        let nl = language == .nl
        var lines: [String] = []
        let indicators = state.covenant.indicators
        if !indicators.isEmpty {
            lines.append(nl ? "  \(count(indicators.count, "indicator", "indicatoren")), \(count(state.measurements.count, "meting", "metingen")) gepubliceerd"
                            : "  \(count(indicators.count, "indicator")), \(count(state.measurements.count, "measurement")) published")
        }
        for table in state.declaredTables {
            lines.append(nl ? "  \(table.table.file): \(count(table.rows.count, "rij", "rijen"))" : "  \(table.table.file): \(count(table.rows.count, "row"))")
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// What is still empty that a covenant needs, most basic first: a workspace fresh from
    /// `koers init` validates, and this says where to begin.
    private var fillInFirst: String {
        let nl = language == .nl
        let covenant = state.covenant
        var steps: [String] = []
        if covenant.targets.contains(where: { $0.id.hasPrefix("voorbeeld-") }) || covenant.indicators.contains(where: { $0.id.hasPrefix("voorbeeld-") }) {
            steps.append(nl ? "covenant.yaml: vervang het voorbeelddoel en de voorbeeldindicator door die van het convenant"
                            : "covenant.yaml: replace the example target and indicator with the covenant's own")
        }
        if covenant.parties.isEmpty {
            steps.append(nl ? "covenant.yaml: de partijen die tekenden (parties)" : "covenant.yaml: the parties that signed (parties)")
        }
        if state.boards.isEmpty && state.schools.isEmpty && state.institutions.isEmpty {
            steps.append(nl ? "state/boards.csv, state/schools.csv en state/institutions.csv: de besturen, vo-scholen en mbo-instellingen"
                            : "state/boards.csv, state/schools.csv and state/institutions.csv: the boards, vo schools and mbo institutions")
        }
        let unmeasured = covenant.indicators.filter { indicator in !state.measurements.contains { $0.indicator == indicator.id } }.map(\.id)
        if !unmeasured.isEmpty {
            steps.append(nl ? "state/measurements.csv: de metingen van \(unmeasured.joined(separator: ", "))"
                            : "state/measurements.csv: the measurements of \(unmeasured.joined(separator: ", "))")
        }
        for table in state.declaredTables where table.rows.isEmpty {
            steps.append(nl ? "\(table.table.file): nog leeg" : "\(table.table.file): still empty")
        }
        guard !steps.isEmpty else { return "" }
        return (nl ? "Vul eerst in:\n" : "Fill in first:\n") + steps.enumerated().map { "  \($0.offset + 1). \($0.element)\n" }.joined()
    }
}

/// `--as-of DATE`: the day the state is taken on.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("Judge the state as it was known on this day (2025-07-31 or 31-07-2025).", valueName: "date"),
            transform: AsOfOption.parse)
    var given: Day? = nil

    var day: Day { given ?? AsOfOption.today }

    static func parse(_ text: String) throws -> Day {
        do { return try DateText.day(from: text) } catch { throw ValidationError("--as-of: \(error)") }
    }

    /// Says so on standard error when the day lies before the covenant began: every target then
    /// stands where it stood before anything was promised, which a reader must not take for a verdict.
    static func noteIfBefore(_ day: Day, _ covenant: Covenant, language: Language) {
        guard day < covenant.baselineDate else { return }
        StandardError.write(language == .nl
            ? "koers: let op: --as-of \(day) ligt vóór de begindatum van het convenant, \(covenant.baselineDate) (covenant.yaml, period.baseline): "
                + "er was nog niets beloofd, dus de statussen beschrijven de stand van vóór het convenant\n"
            : "koers: note: --as-of \(day) is before the covenant's baseline date \(covenant.baselineDate) (covenant.yaml, period.baseline): "
                + "nothing was promised yet, so the statuses describe the state before the covenant\n")
    }

    /// Today in the machine's time zone: the day a user means by "now".
    static var today: Day {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}

func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
}

/// `1 fout`, `2 fouten`: a count with the noun's form for it.
func count(_ number: Int, _ one: String, _ other: String) -> String {
    "\(number) \(number == 1 ? one : other)"
}
