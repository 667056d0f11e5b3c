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
    ///
    /// Works on the UTF-8 bytes (a national workspace has 30 MB of CSV): the delimiter, quotes and
    /// line ends are ASCII, so they never occur inside a multi-byte character. Columns in messages
    /// count characters (Unicode scalars), as an editor shows them.
    static func parse(_ text: String, file: String, log: DiagnosticLog) -> CSVTable? {
        var text = text
        return text.withUTF8 { parse(bytes: $0, file: file, log: log) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String, log: DiagnosticLog) -> CSVTable? {
        let quote = UInt8(ascii: "\""), space = UInt8(ascii: " "), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let delimiterCharacter = detectDelimiter(bytes)
        let delimiter = delimiterCharacter.asciiValue!
        var records: [Record] = []
        var fields: [Field] = []
        var field: [UInt8] = []
        var fieldColumn = 1
        var recordLine = 1
        var line = 1, column = 1
        var inQuotes = false, wasQuoted = false, afterClosingQuote = false
        var quoteLine = 1, quoteColumn = 1
        var reportedStray = false

        func endField() {
            var text = String(decoding: field, as: UTF8.self)
            if !wasQuoted, let first = field.first, let last = field.last,
               first == space || first == 9 || last == space || last == 9 { text = text.trimmingSpaces() }
            fields.append(Field(text: text, column: fieldColumn))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
            afterClosingQuote = false
        }

        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            index += 1
            // A byte that continues a multi-byte character is not a column of its own.
            let startsCharacter = byte & 0xC0 != 0x80
            if inQuotes {
                if byte == quote {
                    if index < count, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                        column += 2
                        continue
                    }
                    inQuotes = false
                    afterClosingQuote = true
                    column += 1
                    continue
                }
                field.append(byte)
                if byte == carriageReturn, index < count, bytes[index] == newline {
                    field.append(newline)
                    index += 1
                }
                if byte == newline || byte == carriageReturn { line += 1; column = 1 } else if startsCharacter { column += 1 }
                continue
            }
            switch byte {
            case delimiter:
                endField()
                column += 1
                fieldColumn = column
            case newline, carriageReturn:
                if byte == carriageReturn, index < count, bytes[index] == newline { index += 1 }
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                line += 1
                column = 1
                fieldColumn = 1
                recordLine = line
            case quote where field.allSatisfy({ $0 == space }) && !wasQuoted && !afterClosingQuote:
                inQuotes = true
                wasQuoted = true
                field.removeAll(keepingCapacity: true)
                quoteLine = line
                quoteColumn = column
                column += 1
            default:
                if (afterClosingQuote || byte == quote) && !reportedStray && byte != space {
                    log.error(SourceLocation(file: file, line: line, column: column),
                              afterClosingQuote
                                ? Bilingual(nl: "tekst na het sluitende aanhalingsteken van een veld tussen aanhalingstekens",
                                            en: "text after the closing quote of a quoted field")
                                : Bilingual(nl: "een aanhalingsteken (\") in een veld dat niet met een aanhalingsteken begint",
                                            en: "a quote (\") inside a field that does not start with a quote"),
                              hint: Bilingual(nl: "zet het hele veld tussen aanhalingstekens en schrijf een aanhalingsteken daarbinnen als twee aanhalingstekens (\"\")",
                                              en: "put the whole field in quotes and write a quote inside it as two quotes (\"\")"))
                    reportedStray = true
                }
                if !afterClosingQuote { field.append(byte) }
                if startsCharacter { column += 1 }
            }
        }
        if inQuotes {
            log.error(SourceLocation(file: file, line: quoteLine, column: quoteColumn),
                      Bilingual(nl: "een veld tussen aanhalingstekens wordt nergens gesloten: het aanhalingsteken dat hier opent, loopt door tot het einde van het bestand",
                                en: "a quoted field is never closed: the quote opened here runs to the end of the file"),
                      hint: Bilingual(nl: "voeg het sluitende aanhalingsteken (\") toe, of verwijder het openende", en: "add the closing quote (\"), or remove the opening one"))
            return nil
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        // Blank lines and rows of empty cells (Excel leaves ";;;;" rows behind) carry nothing.
        records.removeAll { record in record.fields.allSatisfy { $0.text.isEmpty } }
        guard !records.isEmpty else {
            log.error(SourceLocation(file: file), Bilingual(nl: "het bestand is leeg", en: "the file is empty"),
                      hint: Bilingual(nl: "een tabel heeft minstens een kopregel nodig; zie docs/workspace.md voor de kolommen",
                                      en: "a table needs at least its header row; see docs/workspace.md for the columns"))
            return nil
        }
        if reportedStray { return nil }
        let header = records.removeFirst()
        return CSVTable(file: file, delimiter: delimiterCharacter, header: header, records: records)
    }

    /// `;` (what Dutch Excel writes) or `,`: whichever occurs more outside quotes on the first line.
    static func detectDelimiter(_ text: String) -> Character {
        var text = text
        return text.withUTF8 { detectDelimiter($0) }
    }

    private static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> Character {
        var semicolons = 0, commas = 0, inQuotes = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: ";") { semicolons += 1 } else if byte == UInt8(ascii: ",") { commas += 1 }
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
