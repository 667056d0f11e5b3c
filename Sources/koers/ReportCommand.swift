import ArgumentParser
import CovenantModel
import Foundation
import KoersPipeline
import PluginEngine
import ReportModel
import ReportRenderers

/// `koers report --out DIR`: the stuurgroep report in every format.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the status report: overview, action lines, gaps, a self-check per school, provenance.",
        discussion: """
            Judges every target on the evaluation date and, for the charts, on the first of every month \
            since the baseline. Writes into --out (created if missing; its parent must exist):
              html      index.html, schools/*.html, boards/*.html, routes/*.html (self-contained:
                        inline CSS and SVG) and calendars/*.ics (each party's calendar)
              markdown  report.md, schools/*.md, boards/*.md, routes/*.md, charts/*.svg, calendars/*.ics
              json      report.json (schema: docs/report-json.md)
              csv       targets.csv, gaps.csv, contributions.csv, changes.csv (Dutch: ';' and decimal comma)
              pdf       report.pdf, printed from the HTML by a headless Chromium
            and the formats plugins add (koers check lists them), each its own file.
            Every report says what changed since --compare-to (default: the previous monitoring \
            moment in state/events.csv, else six months earlier).
            Without --format all formats are written; PDF only when Chromium is installed (a note \
            says so when it is not). Files are replaced whole, never half-written; the same inputs \
            and evaluation date give the same bytes. Templates: a file in the workspace's templates/ \
            replaces Koers' own of the same name (docs/reports.md).

            Exit codes: 0 written; 2 a rule or plugin failed (the report is still written, with the error shown); \
            64 usage error; 65 the data or a template has errors; 69 --format pdf without Chromium; \
            73 the output folder cannot be written.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var language: LanguageOption
    @OptionGroup var limitOptions: LimitOptions

    @OptionGroup var compare: CompareOption
    @OptionGroup var explain: ExplainOption
    @OptionGroup var timingsOption: TimingsOption

    @Option(help: ArgumentHelp("The folder to write the report into.", valueName: "dir"))
    var out: String

    @Flag(name: .customLong("no-cache"),
          help: "Judge every earlier day of the charts anew, without reading or writing .koers/trajectory/ (the report is the same, only slower).")
    var noCache = false

    @Option(help: ArgumentHelp("Formats to write, comma-separated or repeated: html, markdown (md), json, csv, pdf, or a plugin's format. Default: all.",
                               valueName: "formats"))
    var format: [String] = []

    /// The names given with --format, lowercased; `md` is `markdown`.
    var formatNames: [String] {
        format.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .map { $0 == "md" ? "markdown" : $0 }
    }

    /// The chosen formats, Koers' own and the plugins', in a fixed order, and whether they were
    /// asked for by name. A name that is neither is a usage error that lists them all.
    func formats(plugins: [PluginFormat]) throws -> (builtIn: [ReportFormat], plugin: [PluginFormat], explicit: Bool) {
        let names = formatNames
        guard !names.isEmpty else { return (ReportFormat.allCases, plugins, false) }
        for name in names where ReportFormat(rawValue: name) == nil && !plugins.contains(where: { $0.name == name }) {
            let all = ReportFormat.allCases.map(\.rawValue) + plugins.map(\.name)
            StandardError.write(language.lang.pick(
                "koers: fout: --format: onbekend formaat '\(name)'\(Suggestion.didYouMean(name, in: all, language: .nl))\n  tip: gebruik \(all.joined(separator: ", "))\n",
                "koers: error: --format: unknown format '\(name)'\(Suggestion.didYouMean(name, in: all))\n  hint: use \(all.joined(separator: ", "))\n"))
            throw KoersExit.usage
        }
        return (ReportFormat.allCases.filter { names.contains($0.rawValue) }, plugins.filter { names.contains($0.name) }, true)
    }

    func validate() throws {
        guard !out.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError(language.lang.pick("--out is leeg; geef de map voor het rapport, zoals --out rapport",
                                                     "--out is empty; give the folder for the report, such as --out rapport"))
        }
    }

    func run() throws {
        Interruption.install()
        let timings = StageTimings(isOn: timingsOption.timings)
        defer { timings.report() }
        // Refuse a folder that is not Koers' own before any rule runs.
        let folder = OutputFolder(url: URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL)
        do { try folder.prepare() } catch {
            StandardError.write(language.lang.pick("koers: fout: ", "koers: error: ") + "\(error)\n")
            throw KoersExit.cannotWrite
        }
        let making = ReportMaking(workspace: workspace, asOf: asOf.day, limits: limitOptions.limits, language: language.lang, timings: timings,
                                  reusesDays: !noCache)
        let templates = try making.templates()
        var (report, plugins) = try making.make(for: Bilingual(nl: "rapport", en: "report"), history: true, compare: compare) { covenant in try explain.validate(against: covenant, language: language.lang) }
        let (builtIn, pluginFormats, explicit) = try formats(plugins: plugins.catalog.formats)
        let formats = builtIn
        var printer: PDFPrinter?
        if formats.contains(.pdf) {
            printer = PDFPrinter.find()
            if printer == nil {
                if explicit {
                    StandardError.write(language.lang.pick(
                        "koers: fout: --format pdf heeft een headless Chromium nodig, en die is niet geïnstalleerd.\n  tip: \(PDFPrinter.installHint)\n",
                        "koers: error: --format pdf needs a headless Chromium, and none is installed.\n  hint: \(PDFPrinter.installHint)\n"))
                    throw KoersExit.unavailable
                }
                StandardError.write(language.lang.pick(
                    "koers: let op: geen PDF: Chromium is niet geïnstalleerd (\(PDFPrinter.installHint)). De andere formaten worden geschreven.\n",
                    "koers: note: no PDF: Chromium is not installed (\(PDFPrinter.installHint)). The other formats are written.\n"))
            }
        }

        // Plugin formats first: a failing one is shown in the report's other formats.
        var pluginFiles: [(format: PluginFormat, file: RenderedFile)] = []
        for format in pluginFormats {
            switch plugins.render(format, report: report) {
            case .success(let contents): pluginFiles.append((format, RenderedFile(path: format.file, contents: contents)))
            case .failure(let problem):
                report.pluginProblems.append(problem)
                Evaluation.reportFailures(["\(problem)"], language: language.lang)
            }
        }
        // The formats render in parallel, from a constant copy of the report.
        let reporters = formats.compactMap { $0.reporter(templates: templates) }
        let rendered = report
        // HTML and Markdown both link to the calendars and both write them, byte for byte the same: keep one.
        var seen = Set<String>()
        var files = try ParallelPages.map(reporters.count) { index in try reporters[index].render(rendered) }.flatMap { $0 }
            .filter { seen.insert($0.path).inserted }
        // A plugin may not replace a file Koers writes itself.
        let builtInPaths = Set(files.map(\.path))
        for (format, file) in pluginFiles {
            guard builtInPaths.contains(file.path) else { files.append(file); continue }
            let problem = PluginProblem(plugin: format.plugin, stage: format.name,
                                        message: "plugins/\(format.plugin).lua: formats.\(format.name).file '\(file.path)' is a file Koers writes itself; the format is left out",
                                        hint: "give the format another file name")
            report.pluginProblems.append(problem)
            Evaluation.reportFailures(["\(problem)"], language: language.lang)
        }
        // The PDF is printed from a staged copy of the HTML without links to other files.
        let stagedOnly = printer != nil ? try HTMLReporter(templates: templates, forPrint: true).render(report) : []

        timings.mark("render")
        let manifest = OutputFolder.Manifest(koers: KoersVersion.number, asOf: report.asOf.description, language: report.language.rawValue,
                                             formats: formats.filter { $0 != .pdf || printer != nil }.map(\.rawValue) + pluginFormats.map(\.name),
                                             files: [])
        do {
            try folder.write(files, manifest: manifest) { staging in
                for file in stagedOnly {
                    do { try Data(file.contents).write(to: staging.appendingPathComponent(file.path)) } catch {
                        throw OutputFolder.Failure(description: "cannot write \(file.path) in \(staging.path): \(error.localizedDescription)")
                    }
                }
                guard let printer else { return [] }
                let scratch = staging.appendingPathComponent(".browser", isDirectory: true)
                // The print copy and the browser's folder are the printer's scratch, not the report's.
                defer {
                    try? FileManager.default.removeItem(at: scratch)
                    for file in stagedOnly { try? FileManager.default.removeItem(at: staging.appendingPathComponent(file.path)) }
                }
                let day = report.asOf.description.replacingOccurrences(of: "-", with: "")
                do {
                    try printer.print(html: staging.appendingPathComponent("print.html"), to: staging.appendingPathComponent("report.pdf"),
                                      scratch: scratch, day: day)
                } catch {
                    let signalNumber = Interruption.happened.load(ordering: .sequentiallyConsistent)
                    if signalNumber > 0 {
                        // Interrupted while printing: the browser is gone; leave no build folder, and end as the signal says.
                        throw OutputFolder.Failure(description: "interrupted (signal \(signalNumber)) while printing the PDF; the old report is untouched")
                    }
                    throw OutputFolder.Failure(description: "no PDF: \(error)")
                }
                return ["report.pdf"]
            }
        } catch let failure as OutputFolder.Failure {
            StandardError.write(language.lang.pick("koers: fout: ", "koers: error: ") + "\(failure)\n")
            let signalNumber = Interruption.happened.load(ordering: .sequentiallyConsistent)
            throw signalNumber > 0 ? ExitCode(128 + signalNumber) : KoersExit.cannotWrite
        }
        timings.mark(printer != nil ? "write and print" : "write")
        let written = (formats.filter { $0 != .pdf || printer != nil }.map(\.rawValue) + pluginFormats.map(\.name)).joined(separator: ", ")
        if let text = explain.text(report) { print(text, terminator: "") }
        StandardError.write(language.lang.pick(
            "koers: rapport op \(report.asOf) geschreven naar \(out) (\(written)); \(count(report.selfChecks.count, "zelfcheckpagina", "zelfcheckpagina's"))\n",
            "koers: report for \(report.asOf) written to \(out) (\(written)); \(count(report.selfChecks.count, "self-check page"))\n"))
        if report.hasErrors { throw KoersExit.scriptFailed }
    }
}
