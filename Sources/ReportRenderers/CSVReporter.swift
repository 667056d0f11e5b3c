import ReportModel
import TargetJudgement

/// CSV for Excel: `targets.csv` (a row per target), `gaps.csv` (a row per thing still needed,
/// with who can act), `contributions.csv` (a row per school or institution per target), both with
/// the board, stadsdeel and focus district of each so that a board filters its own part, and with
/// a comparison `changes.csv` (a row per target then and now, then one per changed record).
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

    /// A text that Excel would turn into a date (`0/8` becomes 8 January, `3-4` the 3rd of April)
    /// is written as `="0/8"`, which Excel and LibreOffice show as the text itself. An ISO date
    /// (`2027-07-31`) stays as it is: it is a date.
    public static func keptAsText(_ text: String) -> String {
        // Only a short text of digits and '/', '-' or '.' can look like such a date: the regular
        // expression is asked about those alone (asked about every field, it took most of the
        // time the CSV files took to render).
        let bytes = text.utf8
        guard bytes.count <= 14, let first = bytes.first, (0x30...0x39).contains(first),
              bytes.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2F || $0 == 0x2D || $0 == 0x2E }) else { return text }
        guard text.wholeMatch(of: /\d{1,4}\/\d{1,4}(\/\d{1,4})?|\d{1,2}-\d{1,2}(-\d{2,4})?|\d{1,2}\.\d{1,2}\.\d{2,4}/) != nil else { return text }
        return "=\"" + text + "\""
    }

    public func render(_ report: Report) throws -> [RenderedFile] {
        let dutch = report.language == .nl
        let table = CSVTable(separator: dutch ? ";" : ",", decimal: dutch ? "," : ".")
        let words = report.words

        var targets = [dutch
            ? ["doel", "actielijn", "titel", "status", "reden", "waarde", "verwacht", "doelwaarde", "nog_nodig", "nodig_per_schooljaar", "prognose", "eenheid", "deadline", "per_schooljaar", "zonder_opgave", "fout"]
            : ["target", "action_line", "title", "status", "reason", "value", "expected", "target_value", "needed", "needed_per_school_year", "projection", "unit", "deadline", "per_school_year", "without_return", "error"]]
        for target in report.targets {
            targets.append([target.id, target.actionLine, target.title, words.status(target.status), target.reason ?? "",
                            table.number(target.value), table.number(target.expected), table.number(target.target),
                            table.number(target.needed), table.number(target.neededPerSchoolYear), table.number(target.projection),
                            target.unit ?? "", target.deadline.description, words.years(target.years, unit: target.unit, method: target.statusMethod),
                            target.unreported.map(String.init) ?? "", target.failure?.description ?? ""])
        }

        let places = Places(report)
        let placeColumns = dutch ? ["bestuur", "bestuur_naam", "stadsdeel", "focusstadsdeel"] : ["board", "board_name", "district", "focus_district"]
        var gaps = [(dutch ? ["doel", "status", "deadline", "wie", "id", "naam", "wat"] : ["target", "status", "deadline", "who", "id", "name", "what"]) + placeColumns]
        for gap in report.gaps {
            let row = { (who: String, id: String, name: String, what: String) in
                [gap.targetID, words.status(gap.status), gap.deadline.description, who, id, name, what] + places.columns(id, dutch: dutch)
            }
            for task in gap.programmeTeam { gaps.append(row(words.labels["programmeTeam"]!, "", "", task)) }
            if let ask = gap.sharedAsk {
                gaps.append(row(words.labels["sharedAsk"]!, "", "", words.sharedAsk(ask, schools: gap.candidates.contains { !$0.isInstitution })))
            }
            for entry in gap.schools { gaps.append(row(words.labels["kindSchool"]!, entry.id, entry.name, entry.detail ?? "")) }
            for entry in gap.institutions { gaps.append(row(words.labels["kindInstitution"]!, entry.id, entry.name, entry.detail ?? "")) }
            for entry in gap.candidates { gaps.append(row(words.contribution(.candidate), entry.id, entry.name, entry.detail ?? "")) }
        }

        var contributions = [(dutch ? ["doel", "soort", "id", "naam", "bijdrage", "toelichting"] : ["target", "type", "id", "name", "contribution", "detail"])
                             + placeColumns + [dutch ? "partij" : "party"]]
        for target in report.targets {
            for line in target.contributions {
                let type = if case .school = line.contributor { words.labels["kindSchool"]! } else { words.labels["kindInstitution"]! }
                contributions.append([target.id, type, line.contributor.id, line.name, words.contribution(line.kind), line.detail ?? ""]
                                     + places.columns(line.contributor.id, dutch: dutch) + [line.isParty ? (dutch ? "ja" : "yes") : (dutch ? "nee" : "no")])
            }
        }
        var files = [
            RenderedFile(path: "targets.csv", contents: table.file(targets)),
            RenderedFile(path: "gaps.csv", contents: table.file(gaps)),
            RenderedFile(path: "contributions.csv", contents: table.file(contributions)),
        ]
        if let comparison = report.comparison {
            var changes = [dutch ? ["datum", "soort", "doel_of_id", "toen", "nu", "waarde_toen", "waarde_nu", "wat"]
                                 : ["date", "kind", "target_or_id", "then", "now", "value_then", "value_now", "what"]]
            for change in comparison.targets {
                // Words, not "+"/"−" signs: Excel would take a leading "+" for a formula.
                let counted = (change.added.isEmpty ? [] : ["\(words.labels["added"]!): " + change.added.map(\.label).joined(separator: ", ")])
                    + (change.removed.isEmpty ? [] : ["\(words.labels["removed"]!): " + change.removed.map(\.label).joined(separator: ", ")])
                changes.append([comparison.day.description + "/" + report.asOf.description, dutch ? "doel" : "target", change.targetID,
                                words.status(change.statusThen), words.status(change.statusNow), table.number(change.valueThen),
                                table.number(change.valueNow), counted.joined(separator: "; ")])
            }
            for record in comparison.records {
                changes.append([record.day.description, record.kind.rawValue, record.parties.joined(separator: " "), "", "", "", "", record.text])
            }
            files.append(RenderedFile(path: "changes.csv", contents: table.file(changes)))
        }
        return files + report.sections.flatMap { sectionFiles($0, table: table, dutch: dutch) }
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

/// The board, stadsdeel and focus district of each school and institution, by id, for the
/// columns a board filters on in Excel.
private struct Places {
    private var byID: [String: (board: String, boardName: String, stadsdeel: String, focus: Bool?)] = [:]

    init(_ report: Report) {
        for board in report.boards {
            for member in board.members {
                byID[member.contributor.id] = (board.id, board.name, member.stadsdeel?.rawValue ?? "", member.stadsdeel?.isFocusDistrict)
            }
        }
        for check in report.selfChecks where byID[check.contributor.id] == nil {
            byID[check.contributor.id] = (check.boardID ?? "", check.board ?? "", check.stadsdeel?.rawValue ?? "", check.stadsdeel?.isFocusDistrict)
        }
    }

    func columns(_ id: String, dutch: Bool) -> [String] {
        guard let place = byID[id] else { return ["", "", "", ""] }
        let focus = place.focus.map { $0 ? (dutch ? "ja" : "yes") : (dutch ? "nee" : "no") } ?? ""
        return [place.board, place.boardName, place.stadsdeel, focus]
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
        let text = CSVReporter.keptAsText(CSVReporter.inert(text))
        guard text.contains(separator) || text.contains("\"") || text.contains("\n") || text.contains("\r") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }


    /// The rows with CRLF line ends (as RFC 4180 and Excel expect), after a byte order mark.
    func file(_ rows: [[String]]) -> [UInt8] {
        [0xEF, 0xBB, 0xBF] + Array(rows.map { $0.map(field).joined(separator: separator) }.joined(separator: "\r\n").utf8) + [0x0D, 0x0A]
    }
}
