import Foundation

/// A state table as its file holds it, changed one record at a time. Everything else stays byte
/// for byte as it was — the byte order mark, the separator, each line's end, the quoting and the
/// order of the other records — so that Excel opens it as before and a diff shows one line.
public struct EditableCSV: Sendable {
    /// Whether the file starts with a UTF-8 byte order mark (Excel's "CSV UTF-8" writes one).
    public let hasByteOrderMark: Bool
    /// `;` (Dutch Excel) or `,`: whichever the header line has more of.
    public let separator: Character
    /// How a new line ends: `\r\n` (Excel) or `\n`, as the file's first line ends.
    public let lineEnd: String
    /// The column names of the first line.
    public let header: [String]
    /// The header and each record: its text as in the file, its fields, and how it ends ("" for a
    /// last line without an end).
    private var lines: [Line]

    private struct Line: Sendable {
        var text: String
        var fields: [String]
        var end: String
    }

    /// Why a file cannot be edited.
    public enum Problem: Error, Equatable, Sendable {
        case noHeader
        case unterminatedQuote
        case unknownColumn(String)
    }

    public init(text: String) throws(Problem) {
        var text = text
        hasByteOrderMark = text.hasPrefix("\u{FEFF}")
        if hasByteOrderMark { text.removeFirst() }
        var raw: [(String, String)] = []
        var current = "", quoted = false
        for character in text {
            // Swift reads "\r\n" as one Character.
            if !quoted && (character == "\r\n" || character == "\n" || character == "\r") {
                raw.append((current, String(character)))
                current = ""
            } else {
                if character == "\"" { quoted.toggle() }
                current.append(character)
            }
        }
        if quoted { throw .unterminatedQuote }
        if !current.isEmpty { raw.append((current, "")) }
        guard let first = raw.first, !first.0.isEmpty else { throw .noHeader }
        let semicolons = first.0.filter { $0 == ";" }.count, commas = first.0.filter { $0 == "," }.count
        let separator: Character = semicolons >= commas ? ";" : ","
        self.separator = separator
        lineEnd = first.1.isEmpty ? "\r\n" : first.1
        lines = raw.map { Line(text: $0.0, fields: Self.fields(of: $0.0, separator: separator), end: $0.1) }
        header = lines[0].fields
    }

    /// The records as column → value, in file order (blank lines left out).
    public var rows: [[String: String]] { records.map { row(lines[$0]) } }

    /// Replaces the first record whose `key` columns equal those of `values`, or adds one after
    /// the last record. Columns not in `values` stay as they were in a replaced record and are
    /// empty in a new one. Returns the record it replaced, if any.
    @discardableResult
    public mutating func upsert(_ values: [String: String], key: [String]) throws(Problem) -> [String: String]? {
        for column in values.keys where !header.contains(column) { throw .unknownColumn(column) }
        if let index = records.first(where: { index in key.allSatisfy { row(lines[index])[$0, default: ""] == values[$0, default: ""] } }) {
            let old = row(lines[index])
            var merged = old
            for (column, value) in values { merged[column] = value }
            lines[index].text = line(merged)
            lines[index].fields = header.map { merged[$0, default: ""] }
            return old
        }
        // After the last record, not after trailing blank lines; a last line without an end gets one.
        let endsWithLineEnd = !lines[lines.count - 1].end.isEmpty
        let last = records.last ?? 0
        if lines[last].end.isEmpty { lines[last].end = lineEnd }
        let insertAt = last + 1
        let end = insertAt < lines.count || endsWithLineEnd ? lineEnd : ""
        lines.insert(Line(text: line(values), fields: header.map { values[$0, default: ""] }, end: end), at: insertAt)
        return nil
    }

    /// The 1-based line of the file on which the first record whose columns equal `values` starts
    /// (as Koers' messages count lines), or nil.
    public func line(ofRecordWith values: [String: String]) -> Int? {
        var number = 1
        for index in lines.indices {
            if index > 0, !lines[index].text.isEmpty, values.allSatisfy({ row(lines[index])[$0.key, default: ""] == $0.value }) { return number }
            number += lines[index].text.filter { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.count + (lines[index].end.isEmpty ? 0 : 1)
        }
        return nil
    }

    /// The file's new text.
    public var text: String {
        (hasByteOrderMark ? "\u{FEFF}" : "") + lines.map { $0.text + $0.end }.joined()
    }

    /// The indices of the lines that are records: not the header, not blank.
    private var records: [Int] { lines.indices.dropFirst().filter { !lines[$0].text.isEmpty } }

    private func row(_ line: Line) -> [String: String] {
        var row: [String: String] = [:]
        for (index, column) in header.enumerated() where row[column] == nil {
            row[column] = index < line.fields.count ? line.fields[index] : ""
        }
        return row
    }

    private func line(_ values: [String: String]) -> String {
        header.map { quoted(values[$0, default: ""]) }.joined(separator: String(separator))
    }

    /// A field, quoted only when it must be (RFC 4180), as Excel writes it.
    private func quoted(_ field: String) -> String {
        guard field.contains(separator) || field.contains("\"") || field.contains("\n") || field.contains("\r") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The fields of one record's text: RFC 4180, `""` inside quotes is one quote.
    static func fields(of line: String, separator: Character) -> [String] {
        var fields: [String] = [], field = "", quoted = false, afterClosingQuote = false
        for character in line {
            if quoted {
                if character == "\"" { quoted = false; afterClosingQuote = true } else { field.append(character) }
                continue
            }
            if character == "\"" {
                if afterClosingQuote { field.append("\"") }
                quoted = true
            } else if character == separator {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
            afterClosingQuote = false
        }
        fields.append(field)
        return fields
    }
}
