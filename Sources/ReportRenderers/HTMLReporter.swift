import ReportModel

/// Self-contained HTML: `index.html` (summary first, then the action lines, the gaps and the
/// provenance), one page per self-check under `schools/`, per board under `boards/` and per route
/// under `routes/`, and each party's calendar under `calendars/` (iCalendar). CSS and charts are inline; nothing
/// is loaded from the network. The print style puts the summary on the first A4 page.
public struct HTMLReporter: Reporter {
    let templates: TemplateSet
    /// For printing: one page without links to the self-check pages, which a PDF cannot carry
    /// (the browser would turn them into links to files on the machine that printed it).
    let forPrint: Bool

    public init(templates: TemplateSet, forPrint: Bool = false) {
        self.templates = templates
        self.forPrint = forPrint
    }

    public func render(_ report: Report) throws -> [RenderedFile] {
        var context = TemplateContext(report: report).main()
        context["linkPages"] = !forPrint
        var files = [RenderedFile(path: forPrint ? "print.html" : "index.html", text: templates.render("report.html", context))]
        guard !forPrint else { return files }
        let pages = TemplateContext(report: report)
        let checks = report.selfChecks
        files += try ParallelPages.map(checks.count) { index in
            RenderedFile(path: "schools/\(checks[index].pageName).html", text: templates.render("school.html", pages.selfCheck(checks[index])))
        }
        let boards = report.boards, routes = report.routes
        files += try ParallelPages.map(boards.count) { index in
            RenderedFile(path: "boards/\(boards[index].pageName).html", text: templates.render("board.html", pages.board(boards[index])))
        }
        files += try ParallelPages.map(routes.count) { index in
            RenderedFile(path: "routes/\(routes[index].line.pageName).html", text: templates.render("route.html", pages.route(routes[index])))
        }
        return files + ICalendarWriter(report: report).files()
    }
}
