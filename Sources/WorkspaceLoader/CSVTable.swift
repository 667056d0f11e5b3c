import CovenantModel

/// A CSV table as Excel writes it, with the line every record starts on.
///
/// Why not a CSV package: the two on this machine's list (SwiftCSV, CSV.swift) do not report the
/// line a record starts on and silently accept an unterminated quote, and Koers must point at
/// `file:line` for every problem. RFC 4180 with delimiter detection is small enough to own.
struct CSVTable {
    struct Field {
        var text: String
        /// 1-based column (in characters) where the field starts, for messages.
        var column: Int
    }

    struct Record {
        /// The line the record starts on (a quoted field can span lines).
        var line: Int
        var fields: [Field]
    }

    var file: String
    var delimiter: Character
    var header: Record
    var records: [Record]

    /// Parses `text`; returns `nil` (and logs why) when the table has no usable header.
    static func parse(_ text: String, file: String, log: DiagnosticLog) -> CSVTable? {
        let delimiter = detectDelimiter(text)
        var records: [Record] = []
        var fields: [Field] = []
        var field = ""
        var fieldColumn = 1
        var recordLine = 1
        var line = 1, column = 1
        var inQuotes = false, wasQuoted = false, afterClosingQuote = false
        var quoteLine = 1, quoteColumn = 1
        var reportedStray = false

        func endField() {
            fields.append(Field(text: wasQuoted ? field : field.trimmingSpaces(), column: fieldColumn))
            field = ""
            wasQuoted = false
            afterClosingQuote = false
        }

        var characters = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                        column += 2
                        continue
                    }
                    inQuotes = false
                    afterClosingQuote = true
                    column += 1
                    pending = next
                    continue
                }
                field.append(character)
                if character == "\n" || character == "\r\n" || character == "\r" { line += 1; column = 1 } else { column += 1 }
                continue
            }
            switch character {
            case delimiter:
                endField()
                column += 1
                fieldColumn = column
            case "\n", "\r\n", "\r":
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                line += 1
                column = 1
                fieldColumn = 1
                recordLine = line
            case "\"" where field.allSatisfy({ $0 == " " }) && !wasQuoted && !afterClosingQuote:
                inQuotes = true
                wasQuoted = true
                field = ""
                quoteLine = line
                quoteColumn = column
                column += 1
            default:
                if (afterClosingQuote || character == "\"") && !reportedStray && character != " " {
                    log.error(SourceLocation(file: file, line: line, column: column),
                              afterClosingQuote
                                ? "text after the closing quote of a quoted field"
                                : "a quote (\") inside a field that does not start with a quote",
                              hint: "put the whole field in quotes and write a quote inside it as two quotes (\"\")")
                    reportedStray = true
                }
                if !afterClosingQuote { field.append(character) }
                column += 1
            }
        }
        if inQuotes {
            log.error(SourceLocation(file: file, line: quoteLine, column: quoteColumn),
                      "a quoted field is never closed: the quote opened here runs to the end of the file",
                      hint: "add the closing quote (\"), or remove the opening one")
            return nil
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        // Blank lines and rows of empty cells (Excel leaves ";;;;" rows behind) carry nothing.
        records.removeAll { record in record.fields.allSatisfy { $0.text.isEmpty } }
        guard !records.isEmpty else {
            log.error(SourceLocation(file: file), "the file is empty",
                      hint: "a table needs at least its header row; see docs/workspace.md for the columns")
            return nil
        }
        if reportedStray { return nil }
        let header = records.removeFirst()
        return CSVTable(file: file, delimiter: delimiter, header: header, records: records)
    }

    /// `;` (what Dutch Excel writes) or `,`: whichever occurs more outside quotes on the first line.
    static func detectDelimiter(_ text: String) -> Character {
        var semicolons = 0, commas = 0, inQuotes = false
        for character in text {
            if character == "\"" { inQuotes.toggle() }
            if inQuotes { continue }
            if character == "\n" || character == "\r\n" || character == "\r" { break }
            if character == ";" { semicolons += 1 } else if character == "," { commas += 1 }
        }
        return commas > semicolons ? "," : ";"
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (Excel users pad cells; quoted fields are kept as typed).
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
