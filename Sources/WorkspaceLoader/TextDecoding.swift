import CovenantModel

/// Turns a file's bytes into text, or says in the programme team's terms why it cannot.
///
/// Workspace files are edited in Excel and text editors; the usual accidents are a workbook saved
/// under a `.csv` name, "Unicode text" (UTF-16) or "CSV (gescheiden door lijstscheidingsteken)"
/// (Windows-1252) instead of "CSV UTF-8". Each gets its own message and fix.
enum TextDecoding {
    static func decode(_ bytes: [UInt8], file: String, log: DiagnosticLog) -> String? {
        let whole = SourceLocation(file: file)
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            log.error(whole, Bilingual(nl: "dit is een Excel-werkmap (.xlsx) of een ander zip-bestand, geen CSV- of tekstbestand",
                                       en: "this is an Excel workbook (.xlsx) or another zip file, not a CSV or text file"),
                      hint: Bilingual(nl: "open het in Excel en kies Opslaan als → 'CSV UTF-8 (door komma's gescheiden)'",
                                      en: "open it in Excel and choose Save As → 'CSV UTF-8 (door komma's gescheiden)'"))
            return nil
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            log.error(whole, Bilingual(nl: "dit is een oude Excel-werkmap (.xls), geen CSV- of tekstbestand",
                                       en: "this is an old Excel workbook (.xls), not a CSV or text file"),
                      hint: Bilingual(nl: "open het in Excel en kies Opslaan als → 'CSV UTF-8 (door komma's gescheiden)'",
                                      en: "open it in Excel and choose Save As → 'CSV UTF-8 (door komma's gescheiden)'"))
            return nil
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            log.error(whole, Bilingual(nl: "het bestand is opgeslagen als UTF-16 ('Unicode-tekst'); Koers leest UTF-8",
                                       en: "the file is saved as UTF-16 ('Unicode-tekst'); Koers reads UTF-8"),
                      hint: Bilingual(nl: "sla het opnieuw op als 'CSV UTF-8 (door komma's gescheiden)', of als UTF-8 in uw editor",
                                      en: "save it again as 'CSV UTF-8 (door komma's gescheiden)', or as UTF-8 in your editor"))
            return nil
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        // The usual case, checked at memory speed: valid UTF-8 without control characters.
        if !body.contains(where: isControl), let text = String(validating: body, as: UTF8.self) {
            if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                log.error(whole, Bilingual(nl: "het bestand is leeg", en: "the file is empty"), hint: emptyFileHint(for: file))
                return nil
            }
            return text
        }
        return locateProblem(in: body, file: file, log: log)
    }

    private static func isControl(_ byte: UInt8) -> Bool {
        byte == 0x7F || (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D)
    }

    /// The slow path: decodes scalar by scalar to say at which line and column the file stops being text.
    private static func locateProblem(in body: ArraySlice<UInt8>, file: String, log: DiagnosticLog) -> String? {
        let whole = SourceLocation(file: file)

        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(body.count)
        var line = 1, column = 1
        var iterator = body.makeIterator()
        var decoder = UTF8()
        var offset = body.startIndex
        decoding: while true {
            let before = offset
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar.value == 0 || (scalar.value < 0x20 && ![0x09, 0x0A, 0x0D].contains(scalar.value))
                    || scalar.value == 0x7F {
                    log.error(SourceLocation(file: file, line: line, column: column),
                              Bilingual(nl: "het bestand bevat binaire gegevens (stuurteken U+\(hex(scalar.value, width: 4))), geen tekst",
                                        en: "the file holds binary data (control character U+\(hex(scalar.value, width: 4))), not text"),
                              hint: Bilingual(nl: "controleer of dit het juiste bestand is; sla het opnieuw op als tekst (CSV UTF-8)",
                                              en: "check that this is the right file; save it again as text (CSV UTF-8)"))
                    return nil
                }
                scalars.append(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                break decoding
            case .error:
                let byte = body[before]
                let looksLikeLatin1 = byte >= 0x80
                log.error(SourceLocation(file: file, line: line, column: column),
                          Bilingual(nl: "het bestand is geen geldige UTF-8 (byte 0x\(hex(UInt32(byte), width: 2)))"
                                        + (looksLikeLatin1 ? "; het lijkt opgeslagen als Windows-1252/Latin-1" : ""),
                                    en: "the file is not valid UTF-8 (byte 0x\(hex(UInt32(byte), width: 2)))"
                                        + (looksLikeLatin1 ? "; it looks saved as Windows-1252/Latin-1" : "")),
                          hint: Bilingual(nl: "sla het opnieuw op als 'CSV UTF-8 (door komma's gescheiden)' in Excel, of als UTF-8 in uw editor",
                                          en: "save it again as 'CSV UTF-8 (door komma's gescheiden)' in Excel, or as UTF-8 in your editor"))
                return nil
            }
        }
        let text = String(scalars)
        if text.allSatisfy(\.isWhitespace) {
            log.error(whole, Bilingual(nl: "het bestand is leeg", en: "the file is empty"), hint: emptyFileHint(for: file))
            return nil
        }
        return text
    }

    private static func emptyFileHint(for file: String) -> Bilingual {
        file.hasSuffix(".csv")
            ? Bilingual(nl: "een tabel heeft minstens een kopregel nodig; zie docs/workspace.md voor de kolommen",
                        en: "a table needs at least its header row; see docs/workspace.md for the columns")
            : Bilingual(nl: "zie docs/workspace.md voor wat dit bestand bevat", en: "see docs/workspace.md for what this file holds")
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
