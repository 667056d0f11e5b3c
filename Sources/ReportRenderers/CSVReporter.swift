import ReportModel
import TargetJudgement

/// CSV for Excel: `targets.csv` (a row per target), `gaps.csv` (a row per thing still needed,
/// with who can act) and `contributions.csv` (a row per school or institution per target).
/// Dutch files use `;` and a decimal comma, as Dutch Excel expects; English files `,` and a
/// point. A UTF-8 byte order mark makes Excel read é and ë correctly. Every table and bar chart
/// of a plugin's section is a file of its own, `sections/<section id>-<n>.csv`.
public struct CSVReporter: Reporter {
    public init() {}

    /// A text that Excel would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return
    /// first) gets an apostrophe in front, which Excel shows as text and does not print; a number
    /// (`-4`, `12,5`) stays a number.
    public static func inert(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        if text.dropFirst().allSatisfy({ $0.isNumber || $0 == "," || $0 == "." }), first == "-", text.count > 1 { return text }
        return "'" + text
    }

    public func render(_ report: Report) throws -> [RenderedFile] {
        let dutch = report.language == .nl
        let table = CSVTable(separator: dutch ? ";" : ",", decimal: dutch ? "," : ".")
        let words = report.language.words

        var targets = [dutch
            ? ["doel", "actielijn", "titel", "status", "reden", "waarde", "verwacht", "doelwaarde", "nog_nodig", "nodig_per_schooljaar", "prognose", "eenheid", "deadline", "per_schooljaar", "zonder_opgave", "fout"]
            : ["target", "action_line", "title", "status", "reason", "value", "expected", "target_value", "needed", "needed_per_school_year", "projection", "unit", "deadline", "per_school_year", "without_return", "error"]]
        for target in report.targets {
            targets.append([target.id, target.actionLine, target.title, words.status(target.status), target.reason ?? "",
                            table.number(target.value), table.number(target.expected), table.number(target.target),
                            table.number(target.needed), table.number(target.neededPerSchoolYear), table.number(target.projection),
                            target.unit ?? "", target.deadline.description, words.years(target.years, unit: target.unit),
                            target.unreported.map(String.init) ?? "", target.failure?.description ?? ""])
        }

        var gaps = [dutch ? ["doel", "status", "deadline", "wie", "id", "naam", "wat"] : ["target", "status", "deadline", "who", "id", "name", "what"]]
        for gap in report.gaps {
            let row = { (who: String, id: String, name: String, what: String) in
                [gap.targetID, words.status(gap.status), gap.deadline.description, who, id, name, what]
            }
            for task in gap.programmeTeam { gaps.append(row(words.labels["programmeTeam"]!, "", "", task)) }
            for entry in gap.schools { gaps.append(row(words.labels["kindSchool"]!, entry.id, entry.name, entry.detail ?? "")) }
            for entry in gap.institutions { gaps.append(row(words.labels["kindInstitution"]!, entry.id, entry.name, entry.detail ?? "")) }
        }

        var contributions = [dutch ? ["doel", "soort", "id", "naam", "bijdrage", "toelichting"] : ["target", "type", "id", "name", "contribution", "detail"]]
        for target in report.targets {
            for line in target.contributions {
                let type = if case .school = line.contributor { words.labels["kindSchool"]! } else { words.labels["kindInstitution"]! }
                contributions.append([target.id, type, line.contributor.id, line.name, words.contribution(line.kind), line.detail ?? ""])
            }
        }
        return [
            RenderedFile(path: "targets.csv", contents: table.file(targets)),
            RenderedFile(path: "gaps.csv", contents: table.file(gaps)),
            RenderedFile(path: "contributions.csv", contents: table.file(contributions)),
        ] + report.sections.flatMap { sectionFiles($0, table: table, dutch: dutch) }
    }

    private func sectionFiles(_ section: ReportSection, table: CSVTable, dutch: Bool) -> [RenderedFile] {
        var files: [RenderedFile] = []
        for block in section.blocks {
            let rows: [[String]]
            switch block {
            case .table(let columns, let cells):
                rows = [columns] + cells.map { row in
                    row.map { cell in
                        switch cell {
                        case .text(let text): text
                        case .number(let value): table.number(value)
                        }
                    }
                }
            case .bars(_, _, let items):
                rows = [dutch ? ["label", "waarde"] : ["label", "value"]] + items.map { [$0.label, table.number($0.value)] }
            case .heading, .paragraph: continue
            }
            files.append(RenderedFile(path: "sections/\(section.id)-\(files.count + 1).csv", contents: table.file(rows)))
        }
        return files
    }
}

/// RFC 4180 quoting with a chosen separator and decimal mark.
struct CSVTable {
    let separator: String
    let decimal: String

    func number(_ value: Double?) -> String {
        guard let value else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String((value * 100).rounded() / 100).replacingOccurrences(of: ".", with: decimal)
    }

    func field(_ text: String) -> String {
        let text = CSVReporter.inert(text)
        guard text.contains(separator) || text.contains("\"") || text.contains("\n") || text.contains("\r") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }


    /// The rows with CRLF line ends (as RFC 4180 and Excel expect), after a byte order mark.
    func file(_ rows: [[String]]) -> [UInt8] {
        [0xEF, 0xBB, 0xBF] + Array(rows.map { $0.map(field).joined(separator: separator) }.joined(separator: "\r\n").utf8) + [0x0D, 0x0A]
    }
}
