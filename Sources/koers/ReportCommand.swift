import ArgumentParser
import Foundation
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
              html      index.html and schools/*.html (self-contained: inline CSS and SVG)
              markdown  report.md, schools/*.md and charts/*.svg
              json      report.json (schema: docs/report-json.md)
              csv       targets.csv, gaps.csv, contributions.csv (Dutch: ';' and decimal comma)
              pdf       report.pdf, printed from the HTML by a headless Chromium
            Without --format all formats are written; PDF only when Chromium is installed (a note \
            says so when it is not). Files are replaced whole, never half-written; the same inputs \
            and evaluation date give the same bytes. Templates: a file in the workspace's templates/ \
            replaces Koers' own of the same name (docs/reports.md).

            Exit codes: 0 written; 2 a rule failed (the report is still written, with the error shown); \
            64 usage error; 65 the data or a template has errors; 69 --format pdf without Chromium; \
            73 the output folder cannot be written.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var language: LanguageOption
    @OptionGroup var limitOptions: LimitOptions

    @Option(help: ArgumentHelp("The folder to write the report into.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Formats to write, comma-separated or repeated: html, markdown (md), json, csv, pdf. Default: all.",
                               valueName: "formats"))
    var format: [String] = []

    /// The chosen formats, in a fixed order, and whether they were asked for by name.
    var formats: (list: [ReportFormat], explicit: Bool) {
        get throws {
            let names = format.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard !names.isEmpty else { return (ReportFormat.allCases, false) }
            var chosen = Set<ReportFormat>()
            for name in names {
                guard let format = ReportFormat(rawValue: name == "md" ? "markdown" : name) else {
                    throw ValidationError("--format: unknown format '\(name)'; use html, markdown, json, csv or pdf")
                }
                chosen.insert(format)
            }
            return (ReportFormat.allCases.filter(chosen.contains), true)
        }
    }

    func validate() throws { _ = try formats }

    func run() throws {
        let (formats, explicit) = try formats
        var printer: PDFPrinter?
        if formats.contains(.pdf) {
            printer = PDFPrinter.find()
            if printer == nil {
                if explicit {
                    StandardError.write("koers: error: --format pdf needs a headless Chromium, and none is installed.\n  hint: \(PDFPrinter.installHint)\n")
                    throw KoersExit.unavailable
                }
                StandardError.write("koers: note: no PDF: Chromium is not installed (\(PDFPrinter.installHint)). The other formats are written.\n")
            }
        }
        let making = ReportMaking(workspace: workspace, asOf: asOf.day, limits: limitOptions.limits, language: language.lang)
        let templates = try making.templates()
        let report = try making.make(for: "report", history: true)

        var files: [RenderedFile] = []
        var stale: [(folder: String, extension: String)] = []
        for format in formats {
            guard let reporter = format.reporter(templates: templates) else { continue }
            files += try reporter.render(report)
        }
        if formats.contains(.html) { stale.append(("schools", "html")) }
        if formats.contains(.markdown) { stale += [("schools", "md"), ("charts", "svg")] }
        // The PDF is printed from a staged copy of the HTML without links to other files.
        let stagedOnly = printer != nil ? try HTMLReporter(templates: templates, forPrint: true).render(report) : []

        let folder = OutputFolder(url: URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL)
        do {
            try folder.prepare()
            try folder.write(files, removeStale: stale) { staging in
                for file in stagedOnly {
                    do { try Data(file.contents).write(to: staging.appendingPathComponent(file.path)) } catch {
                        throw OutputFolder.Failure(description: "cannot write \(file.path) in \(staging.path): \(error.localizedDescription)")
                    }
                }
                guard let printer else { return [] }
                let scratch = staging.appendingPathComponent(".browser", isDirectory: true)
                defer { try? FileManager.default.removeItem(at: scratch) }
                let day = report.asOf.description.replacingOccurrences(of: "-", with: "")
                do {
                    try printer.print(html: staging.appendingPathComponent("print.html"), to: staging.appendingPathComponent("report.pdf"),
                                      scratch: scratch, day: day)
                } catch {
                    throw OutputFolder.Failure(description: "no PDF: \(error)")
                }
                return ["report.pdf"]
            }
        } catch let failure as OutputFolder.Failure {
            StandardError.write("koers: error: \(failure)\n")
            throw KoersExit.cannotWrite
        }
        let written = formats.filter { $0 != .pdf || printer != nil }.map(\.rawValue).joined(separator: ", ")
        StandardError.write("koers: report for \(report.asOf) written to \(out) (\(written)); \(report.selfChecks.count) self-check pages\n")
        if report.hasRuleErrors { throw KoersExit.scriptFailed }
    }
}
