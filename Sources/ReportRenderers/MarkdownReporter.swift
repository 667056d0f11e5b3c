import ReportModel

/// Markdown for e-mail and intranet: `report.md`, one page per self-check under `schools/`,
/// and the charts as SVG files under `charts/`, which the pages link to.
public struct MarkdownReporter: Reporter {
    let templates: TemplateSet
    public init(templates: TemplateSet) { self.templates = templates }

    public func render(_ report: Report) throws -> [RenderedFile] {
        let context = TemplateContext(report: report)
        var files = [RenderedFile(path: "report.md", text: templates.render("report.md", context.main(chartFolder: "charts")))]
        for target in report.targets {
            let chart = SVGChart(trajectory: target.trajectory, status: target.status, words: report.language.words, title: target.title)
            files.append(RenderedFile(path: "charts/\(target.id).svg", text: chart.full() + "\n"))
        }
        let checks = report.selfChecks
        files += try ParallelPages.map(checks.count) { index in
            RenderedFile(path: "schools/\(checks[index].pageName).md", text: templates.render("school.md", context.selfCheck(checks[index])))
        }
        return files
    }
}

/// Terminal text for `koers gaps` and `koers school`, from the same templates as the files.
public struct TextReporter: Sendable {
    let templates: TemplateSet
    public init(templates: TemplateSet) { self.templates = templates }

    public func gaps(_ report: Report) -> String {
        templates.render("gaps.txt", TemplateContext(report: report).main())
    }

    public func selfCheck(_ check: SelfCheck, in report: Report) -> String {
        templates.render("school.txt", TemplateContext(report: report).selfCheck(check))
    }
}
