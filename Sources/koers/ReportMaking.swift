import ArgumentParser
import CovenantModel
import Foundation
import KoersPipeline
import LuaHost
import PluginEngine
import ReportModel
import ReportRenderers
import RuleEngine
import TargetJudgement
import WorkspaceLoader

extension Language: ExpressibleByArgument {}

/// `--lang`, on every command: the language of what it writes, reports and messages alike.
/// `KOERS_LANG` sets the default, so a user who reads English says so once.
struct LanguageOption: ParsableArguments {
    @Option(help: ArgumentHelp("The language of output and messages: nl (Dutch) or en (English). Default: KOERS_LANG, else nl.",
                               valueName: "nl|en"))
    var lang: Language = Language.fromEnvironment()
}

/// `--compare-to`: the earlier day a report says what changed since.
struct CompareOption: ParsableArguments {
    @Option(name: .customLong("compare-to"),
            help: ArgumentHelp("Say what changed since this day (default: the previous monitoring moment in state/events.csv, else six months earlier).",
                               valueName: "date"),
            transform: CompareOption.parse)
    var given: Day? = nil

    static func parse(_ text: String) throws -> Day {
        do { return try DateText.day(from: text) } catch { throw ValidationError("--compare-to: \(error)") }
    }

    /// The day to compare with on `asOf`, and why; a given day must lie before `asOf`.
    func day(asOf: Day, events: [Event]) throws -> ComparisonDay {
        do {
            return try ComparisonDay.choose(given: given, asOf: asOf, events: events)
        } catch {
            throw ValidationError("--compare-to: \(error.given) is not before the evaluation date \(error.asOf); give an earlier day")
        }
    }
}

/// `report`, `gaps`, `school` and `board` on the command line: the validated workspace (its
/// problems on standard error), then ``ReportPipeline`` (which the portal calls too), and its
/// notes and failing scripts on standard error.
struct ReportMaking {
    let workspace: WorkspaceOptions
    let asOf: Day
    let limits: LuaLimits
    let language: Language
    var timings = StageTimings(isOn: false)
    /// Whether a report's trajectory may reuse days judged before (`--no-cache` says no).
    var reusesDays = true

    var pipeline: ReportPipeline {
        var pipeline = ReportPipeline(workspace: workspace.url, asOf: asOf, limits: limits, language: language)
        pipeline.reusesDays = reusesDays
        return pipeline
    }

    /// The report, and the plugins that made part of it (their formats are rendered from the
    /// report). A failing rule or plugin is written to standard error and shown in the report.
    /// `check` sees the covenant before any rule runs, to refuse options that name something it lacks.
    func make(for what: Bilingual, history: Bool, compare: CompareOption? = nil,
              check: (Covenant) throws -> Void = { _ in }) throws -> (report: Report, plugins: PluginRunner) {
        let loaded = try workspace.loadValidated(for: what, language: language)
        timings.mark("load")
        try check(loaded.covenant)
        let comparisonDay = try compare?.day(asOf: asOf, events: loaded.events)
        AsOfOption.noteIfBefore(asOf, loaded.covenant, language: language)
        Self.noteUntranslated(loaded.covenant, language: language)
        let made = pipeline.make(from: loaded, history: history, comparisonDay: comparisonDay) { timings.mark($0) }
        Evaluation.reportFailures(made.failures, language: language)
        return (made.report, made.plugins)
    }

    /// An English report shows a text covenant.yaml gives in Dutch only as it is: says which,
    /// so that a translation is added rather than missed.
    static func noteUntranslated(_ covenant: Covenant, language: Language) {
        let missing = covenant.textsWithoutEnglish
        guard language == .en, !missing.isEmpty else { return }
        let shown = missing.prefix(3).joined(separator: "; ") + (missing.count > 3 ? "; and \(missing.count - 3) more" : "")
        StandardError.write("koers: note: covenant.yaml gives \(count(missing.count, "text")) in one language only, shown as written: \(shown)\n"
                            + "  hint: write them as {nl: …, en: …} (docs/workspace.md, \"Texts in two languages\")\n")
    }

    /// The templates: the workspace's `templates/` where it has them, Koers' own otherwise.
    func templates() throws -> TemplateSet {
        do {
            return try TemplateSet(overrides: workspace.url.appendingPathComponent("templates", isDirectory: true))
        } catch {
            StandardError.write("\(error)\n  hint: fix the template, or delete it to use Koers' own (docs/reports.md lists the keys)\n")
            throw KoersExit.dataError
        }
    }
}

extension Suggestion {
    /// ` — bedoelt u 'x'?` or ` — did you mean 'x'?`, as `language` reads it, or nothing.
    static func didYouMean<S: Sequence>(_ text: String, in candidates: S, language: Language) -> String where S.Element == String {
        didYouMeanInBoth(text, in: candidates).text(in: language)
    }
}
