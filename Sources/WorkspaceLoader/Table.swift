import CovenantModel

/// The columns a state table has. The reference, docs/workspace.md, documents the same columns;
/// a test keeps the two in step.
struct TableSpec: Sendable {
    struct Column: Sendable {
        var name: String
        var isRequired: Bool
    }

    /// Relative to the workspace: `state/routes.csv`.
    var file: String
    var columns: [Column]
    /// An optional table may be left out of the workspace.
    var isOptional: Bool

    init(_ file: String, required: [String], optional: [String] = [], isOptional: Bool = false) {
        self.file = file
        columns = required.map { Column(name: $0, isRequired: true) }
            + (optional + ["note"]).map { Column(name: $0, isRequired: false) }
        self.isOptional = isOptional
    }
}

/// A parsed table checked against its spec: header first, then rows of the right width.
struct Table {
    /// The most rows a table may have: four times a national covenant's events, and a bound on
    /// what a pasted sheet can cost before it is refused.
    static let mostRows = 1_000_000
    /// The most characters a cell may hold: a name, a title or a note, never a pasted document.
    static let longestCell = 2_000

    let spec: TableSpec
    let rows: [Row]
    /// The `id` of rows rejected for their width, so that references to them are not reported
    /// as unknown as well: one mistake, one message.
    let rejectedIDs: Set<String>

    /// Checks the header; returns `nil` when a required column is missing, since every row would
    /// then fail the same way.
    init?(_ csv: CSVTable, spec: TableSpec, log: DiagnosticLog) {
        self.spec = spec
        var index: [String: Int] = [:]
        let known = spec.columns.map(\.name)
        // Excel writes empty header cells after the last column when cells there were once touched.
        var headerFields = csv.header.fields
        while headerFields.count > 1, headerFields.last?.text.isEmpty == true { headerFields.removeLast() }
        for (position, field) in headerFields.enumerated() {
            let name = field.text.lowercased().trimmingSpaces().replacingSpaces(with: "_")
            let at = SourceLocation(file: csv.file, line: csv.header.line, column: field.column)
            if name.isEmpty {
                let columnList = known.joined(separator: ", ")
                log.error(at, Bilingual(nl: "kolom \(position + 1) heeft geen naam in de kopregel", en: "column \(position + 1) has no name in the header row"),
                          hint: Bilingual(nl: "geef de kolom een naam (kolommen: \(columnList)) of verwijder de lege kolom",
                                          en: "name it (columns: \(columnList)) or delete the empty column"))
            } else if let earlier = index[name] {
                log.error(at, Bilingual(nl: "kolom '\(name)' staat twee keer in de kopregel (ook kolom \(earlier + 1))",
                                        en: "column '\(name)' appears twice in the header (also column \(earlier + 1))"),
                          hint: Bilingual(nl: "verwijder een van de twee, of geef er een een andere naam", en: "delete or rename one of them"))
            } else if known.contains(name) {
                index[name] = position
            } else {
                let columnList = known.joined(separator: ", ")
                log.error(at, Bilingual(nl: "onbekende kolom '\(field.text)'", en: "unknown column '\(field.text)'")
                                  .appending(Suggestion.didYouMeanInBoth(name, in: known)),
                          hint: Bilingual(nl: "de kolommen van \(spec.file) zijn: \(columnList); zet opmerkingen in 'note'",
                                          en: "the columns of \(spec.file) are: \(columnList); put remarks in 'note'"))
            }
        }
        let missing = spec.columns.filter { $0.isRequired && index[$0.name] == nil }.map(\.name)
        if !missing.isEmpty {
            let names = missing.map { "'\($0)'" }.joined(separator: ", ")
            let requiredHeader = spec.columns.filter(\.isRequired).map(\.name).joined(separator: csv.delimiter == "," ? "," : ";")
            log.error(SourceLocation(file: csv.file, line: csv.header.line),
                      Bilingual(nl: "ontbrekende kolom\(missing.count == 1 ? "" : "men") " + names,
                                en: "missing column\(missing.count == 1 ? "" : "s") " + names),
                      hint: Bilingual(nl: "de kopregel moet deze kolommen noemen: \(requiredHeader)", en: "the header row must name: \(requiredHeader)"))
            return nil
        }

        guard csv.records.count <= Self.mostRows else {
            let rowCount = DiagnosticLog.grouped(csv.records.count), most = DiagnosticLog.grouped(Self.mostRows)
            log.error(SourceLocation(file: csv.file, line: csv.records[Self.mostRows].line),
                      Bilingual(nl: "de tabel heeft \(rowCount) rijen; een tabel heeft hoogstens \(most) rijen",
                                en: "the table has \(rowCount) rows; a table holds at most \(most)"),
                      hint: Bilingual(nl: "controleer op rijen die per ongeluk zijn geplakt of herhaald; splits de gegevens of verwijder de kopieën",
                                      en: "check for rows pasted or repeated by mistake; split the data or remove the copies"))
            return nil
        }
        let width = headerFields.count
        let columns = ColumnIndex(index)
        var rows: [Row] = []
        var rejected: Set<String> = []
        let idPosition = index["id"]
        for record in csv.records {
            var fields = record.fields
            // Excel sometimes writes empty cells past the last column; they carry nothing.
            while fields.count > width, fields.last?.text.isEmpty == true { fields.removeLast() }
            if fields.count < width {
                log.error(SourceLocation(file: csv.file, line: record.line),
                          Bilingual(nl: "te korte rij: \(fields.count) \(fields.count == 1 ? "veld" : "velden"), maar de kopregel heeft \(width) kolommen",
                                    en: "short row: \(fields.count) field\(fields.count == 1 ? "" : "s"), but the header has \(width) columns"),
                          hint: Bilingual(nl: "vul de ontbrekende velden in, of laat ze leeg met '\(csv.delimiter)' als scheidingsteken",
                                          en: "fill in the missing fields, or leave them empty with '\(csv.delimiter)' separators"))
                if let idPosition, idPosition < fields.count { rejected.insert(fields[idPosition].text) }
                continue
            }
            if fields.count > width {
                log.error(SourceLocation(file: csv.file, line: record.line, column: fields[width].column),
                          Bilingual(nl: "te lange rij: \(fields.count) velden, maar de kopregel heeft \(width) kolommen",
                                    en: "long row: \(fields.count) fields, but the header has \(width) columns"),
                          hint: Bilingual(nl: "zet een waarde waarin '\(csv.delimiter)' staat tussen aanhalingstekens",
                                          en: "a value containing '\(csv.delimiter)' must be put in quotes"))
                if let idPosition { rejected.insert(fields[idPosition].text) }
                continue
            }
            // A cell holding a pasted document is refused before any value in the row is read:
            // its id, its name and every message about it would otherwise carry megabytes.
            if let position = fields.firstIndex(where: { $0.text.utf8.count > Self.longestCell }) {
                let name = headerFields[position].text
                let length = DiagnosticLog.grouped(fields[position].text.count), most = DiagnosticLog.grouped(Self.longestCell)
                log.error(SourceLocation(file: csv.file, line: record.line, column: fields[position].column),
                          Bilingual(nl: "\(name): de cel bevat \(length) tekens; een cel bevat hoogstens \(most) tekens",
                                    en: "\(name): the cell holds \(length) characters; a cell holds at most \(most)"),
                          hint: Bilingual(nl: "maak de tekst korter; zet een lange uitleg in een document en verwijs daarnaar in 'note'",
                                          en: "shorten it; put long explanations in a document and refer to it in 'note'"))
                if let idPosition, idPosition != position { rejected.insert(fields[idPosition].text) }
                continue
            }
            rows.append(Row(file: csv.file, line: record.line, columns: columns, fields: fields, log: log))
        }
        self.rows = rows
        rejectedIDs = rejected
    }
}

/// Where each column of a table is, shared by all its rows (a national table has 250,000).
final class ColumnIndex: Sendable {
    let positions: [String: Int]
    init(_ positions: [String: Int]) { self.positions = positions }
}

/// One row of a table, with typed access that logs what is wrong with a value and where.
struct Row {
    let file: String
    let line: Int
    let columns: ColumnIndex
    let fields: [CSVTable.Field]
    let log: DiagnosticLog

    /// The field of a column the header has.
    subscript(column: String) -> CSVTable.Field? {
        columns.positions[column].map { fields[$0] }
    }

    var location: SourceLocation { SourceLocation(file: file, line: line) }

    func location(of column: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: self[column]?.column)
    }

    /// The cell's text; `nil` when empty.
    func text(_ column: String) -> String? {
        guard let text = self[column]?.text, !text.isEmpty else { return nil }
        return text
    }

    /// The cell's text; logs an error when it is empty. `what` says what belongs in it, in both
    /// languages: `Bilingual(nl: "een datum zoals 2025-03-14", en: "a date such as 2025-03-14")`.
    func required(_ column: String, what: Bilingual? = nil) -> String? {
        guard let text = text(column) else {
            log.error(location(of: column), Bilingual(nl: "\(column): waarde ontbreekt", en: "\(column): missing value"),
                      hint: Bilingual(nl: what.map { "vul in: \($0.nl)" } ?? "vul de kolom \(column) in; docs/workspace.md beschrijft wat erin hoort",
                                      en: "fill in " + (what?.en ?? "the \(column) column; docs/workspace.md says what it holds")))
            return nil
        }
        return text
    }

    func report<T>(_ column: String, _ result: Result<T, FieldError>) -> T? {
        switch result {
        case .success(let value): return value
        case .failure(let error):
            log.error(location(of: column), Bilingual(nl: "\(column): \(error.message.nl)", en: "\(column): \(error.message.en)"), hint: error.hint)
            return nil
        }
    }

    func id(_ column: String) -> String? {
        required(column).flatMap { report(column, FieldParsing.id($0)) }
    }

    func day(_ column: String, required: Bool = true) -> Day? {
        let text = required ? self.required(column, what: Bilingual(nl: "een datum zoals 2025-03-14", en: "a date such as 2025-03-14")) : text(column)
        return text.flatMap { report(column, FieldParsing.day($0)) }
    }

    func schoolYear(_ column: String) -> SchoolYear? {
        required(column, what: Bilingual(nl: "een schooljaar zoals 2024-25", en: "a school year such as 2024-25")).flatMap { report(column, FieldParsing.schoolYear($0)) }
    }

    func count(_ column: String) -> Int? {
        text(column).flatMap { report(column, FieldParsing.count($0)) }
    }

    func flag(_ column: String) -> Bool? {
        text(column).flatMap { report(column, FieldParsing.flag($0)) }
    }

    func term<T: RawRepresentable & CaseIterable>(_ column: String, _ type: T.Type, what: Bilingual,
                                                    aliases: [String: T] = [:], required: Bool = true) -> T?
    where T.RawValue == String {
        let text = required ? self.required(column, what: what) : self.text(column)
        return text.flatMap { report(column, FieldParsing.term($0, type, what: what, aliases: aliases)) }
    }

    func list(_ column: String) -> [String] {
        text(column).map(FieldParsing.list) ?? []
    }
}

extension String {
    func replacingSpaces(with replacement: Character) -> String {
        String(map { $0 == " " ? replacement : $0 })
    }
}
