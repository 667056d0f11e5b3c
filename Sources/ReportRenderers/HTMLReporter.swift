import ReportModel

/// Self-contained HTML: `index.html` (summary first, then the action lines, the gaps and the
/// provenance) and one page per self-check under `schools/`. CSS and charts are inline; nothing
/// is loaded from the network. The print style puts the summary on the first A4 page.
public struct HTMLReporter: Reporter {
    let templates: TemplateSet
    public init(templates: TemplateSet) { self.templates = templates }

    public func render(_ report: Report) throws -> [RenderedFile] {
        let context = TemplateContext(report: report)
        var files = [RenderedFile(path: "index.html", text: templates.render("report.html", context.main()))]
        for check in report.selfChecks {
            files.append(RenderedFile(path: "schools/\(check.pageName).html", text: templates.render("school.html", context.selfCheck(check))))
        }
        return files
    }
}
