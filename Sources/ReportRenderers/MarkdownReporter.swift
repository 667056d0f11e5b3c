import ReportModel

/// Markdown for e-mail and intranet: `report.md`, one page per self-check under `schools/`, per
/// board under `boards/` and per route under `routes/`, the charts as SVG files under `charts/`,
/// and each party's calendar under `calendars/`, which the pages link to.
public struct MarkdownReporter: Reporter {
    let templates: TemplateSet
    public init(templates: TemplateSet) { self.templates = templates }

    public func render(_ report: Report) throws -> [RenderedFile] {
        let context = TemplateContext(report: report)
        var files = [RenderedFile(path: "report.md", text: templates.render("report.md", Self.escaped(context: context.main(chartFolder: "charts"))))]
        for target in report.targets {
            let chart = SVGChart(trajectory: target.trajectory, status: target.status, words: report.words, title: target.title)
            files.append(RenderedFile(path: "charts/\(target.id).svg", text: chart.full() + "\n"))
        }
        let checks = report.selfChecks
        files += try ParallelPages.map(checks.count) { index in
            RenderedFile(path: "schools/\(checks[index].pageName).md", text: templates.render("school.md", Self.escaped(context: context.selfCheck(checks[index]))))
        }
        let boards = report.boards, routes = report.routes
        files += try ParallelPages.map(boards.count) { index in
            RenderedFile(path: "boards/\(boards[index].pageName).md", text: templates.render("board.md", Self.escaped(context: context.board(boards[index]))))
        }
        files += try ParallelPages.map(routes.count) { index in
            RenderedFile(path: "routes/\(routes[index].line.pageName).md", text: templates.render("route.md", Self.escaped(context: context.route(routes[index]))))
        }
        return files + ICalendarWriter(report: report).files()
    }

    /// Keys whose values are addresses or codes the templates put into links and anchors, or
    /// Markdown the context made itself: these are used as they are.
    static let verbatimKeys: Set<String> = ["id", "targetID", "page", "chartFile", "markdownRule", "status", "kind", "severity",
                                            "cityStatus", "lang", "asOfISO", "askedByISO", "boardPage", "routePage",
                                            "calendarFile", "dateISO", "dayISO", "statusCountsLine"]

    static func escaped(context: [String: Any]) -> [String: Any] {
        escaped(context) as! [String: Any]
    }

    /// The context with every text from the data escaped for Markdown: a name holding `<b>`, a `|`
    /// or a line break shows as written, and cannot open HTML or break a table row.
    static func escaped(_ value: Any, key: String? = nil) -> Any {
        switch value {
        case let text as String:
            return key.map(verbatimKeys.contains) == true ? text : markdown(text)
        case let list as [Any]:
            return list.map { escaped($0) }
        case let map as [String: Any]:
            return Dictionary(uniqueKeysWithValues: map.map { ($0.key, escaped($0.value, key: $0.key)) })
        default:
            return value
        }
    }

    /// `\<b\>`, `a \| b`, line breaks as spaces: CommonMark's backslash escapes.
    public static func markdown(_ text: String) -> String {
        // Most texts have nothing to escape: seen in their bytes at once (every character escaped
        // is ASCII), without walking the text character by character.
        guard text.utf8.contains(where: { byte in
            switch byte {
            case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x3E, 0x7C, 0x23, 0x0A, 0x0D: true
            default: false
            }
        }) else { return text }
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#": out.append("\\"); out.append(character)
            case "\n", "\r", "\r\n": out.append(" ")
            default: out.append(character)
            }
        }
        return out
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

    public func board(_ board: BoardPage, in report: Report) -> String {
        templates.render("board.txt", TemplateContext(report: report).board(board))
    }

    /// For a school or institution that did not sign: that it is listed, not judged.
    public func nonParty(_ line: NonPartyLine, in report: Report) -> String {
        templates.render("nonparty.txt", TemplateContext(report: report).nonParty(line))
    }
}
