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
                log.error(at, "column \(position + 1) has no name in the header row",
                          hint: "name it (columns: \(known.joined(separator: ", "))) or delete the empty column")
            } else if let earlier = index[name] {
                log.error(at, "column '\(name)' appears twice in the header (also column \(earlier + 1))",
                          hint: "delete or rename one of them")
            } else if known.contains(name) {
                index[name] = position
            } else {
                log.error(at, "unknown column '\(field.text)'" + Suggestion.didYouMean(name, in: known),
                          hint: "the columns of \(spec.file) are: \(known.joined(separator: ", ")); put remarks in 'note'")
            }
        }
        let missing = spec.columns.filter { $0.isRequired && index[$0.name] == nil }.map(\.name)
        if !missing.isEmpty {
            log.error(SourceLocation(file: csv.file, line: csv.header.line),
                      "missing column\(missing.count == 1 ? "" : "s") " + missing.map { "'\($0)'" }.joined(separator: ", "),
                      hint: "the header row must name: \(spec.columns.filter(\.isRequired).map(\.name).joined(separator: csv.delimiter == "," ? "," : ";"))")
            return nil
        }

        guard csv.records.count <= Self.mostRows else {
            log.error(SourceLocation(file: csv.file, line: csv.records[Self.mostRows].line),
                      "the table has \(DiagnosticLog.grouped(csv.records.count)) rows; a table holds at most \(DiagnosticLog.grouped(Self.mostRows))",
                      hint: "check for rows pasted or repeated by mistake; split the data or remove the copies")
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
                          "short row: \(fields.count) field\(fields.count == 1 ? "" : "s"), but the header has \(width) columns",
                          hint: "fill in the missing fields, or leave them empty with '\(csv.delimiter)' separators")
                if let idPosition, idPosition < fields.count { rejected.insert(fields[idPosition].text) }
                continue
            }
            if fields.count > width {
                log.error(SourceLocation(file: csv.file, line: record.line, column: fields[width].column),
                          "long row: \(fields.count) fields, but the header has \(width) columns",
                          hint: "a value containing '\(csv.delimiter)' must be put in quotes")
                if let idPosition { rejected.insert(fields[idPosition].text) }
                continue
            }
            // A cell holding a pasted document is refused before any value in the row is read:
            // its id, its name and every message about it would otherwise carry megabytes.
            if let position = fields.firstIndex(where: { $0.text.utf8.count > Self.longestCell }) {
                let name = headerFields[position].text
                log.error(SourceLocation(file: csv.file, line: record.line, column: fields[position].column),
                          "\(name): the cell holds \(DiagnosticLog.grouped(fields[position].text.count)) characters; a cell holds at most \(DiagnosticLog.grouped(Self.longestCell))",
                          hint: "shorten it; put long explanations in a document and refer to it in 'note'")
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

    /// The cell's text; logs an error when it is empty.
    func required(_ column: String, what: String? = nil) -> String? {
        guard let text = text(column) else {
            log.error(location(of: column), "\(column): missing value",
                      hint: "fill in " + (what ?? "the \(column) column; docs/workspace.md says what it holds"))
            return nil
        }
        return text
    }

    func report<T>(_ column: String, _ result: Result<T, FieldError>) -> T? {
        switch result {
        case .success(let value): return value
        case .failure(let error):
            log.error(location(of: column), "\(column): \(error.message)", hint: error.hint)
            return nil
        }
    }

    func id(_ column: String) -> String? {
        required(column).flatMap { report(column, FieldParsing.id($0)) }
    }

    func day(_ column: String, required: Bool = true) -> Day? {
        let text = required ? self.required(column, what: "a date such as 2025-03-14") : text(column)
        return text.flatMap { report(column, FieldParsing.day($0)) }
    }

    func schoolYear(_ column: String) -> SchoolYear? {
        required(column, what: "a school year such as 2024-25").flatMap { report(column, FieldParsing.schoolYear($0)) }
    }

    func count(_ column: String) -> Int? {
        text(column).flatMap { report(column, FieldParsing.count($0)) }
    }

    func flag(_ column: String) -> Bool? {
        text(column).flatMap { report(column, FieldParsing.flag($0)) }
    }

    func term<T: RawRepresentable & CaseIterable>(_ column: String, _ type: T.Type, what: String,
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
