import CovenantModel

/// Parsers for the values people type into workspace files. Each returns the value or a message
/// that says what was expected; the caller adds where.
enum FieldParsing {
    /// The longest id: ids name pages and files, and are typed by people.
    static let longestID = 64

    /// A value as a message quotes it: whole when short, else its start and its length, so that a
    /// pasted 10 MB cell gives a readable message, not a 10 MB one.
    static func shown(_ text: String, in language: Language = .en) -> String {
        guard text.count > 60 else { return text }
        return String(text.prefix(40)) + (language == .nl ? "… (\(text.count) tekens)" : "… (\(text.count) characters)")
    }

    /// `2025-03-14`, `14-03-2025` or `14-3-2025` (Dutch Excel), also with `/` or `.` in the Dutch order.
    static func day(_ text: String) -> Result<Day, FieldError> {
        if let day = isoDay(text) { return .success(day) }
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "/" || $0 == "." }
        // Made only when needed: a table of Dutch Excel dates takes this path for every cell.
        func expected() -> FieldError {
            FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen datum", en: "'\(shown(text))' is not a date"),
                       hint: Bilingual(nl: "schrijf datums als 2025-03-14 of 14-03-2025", en: "write dates as 2025-03-14 or 14-03-2025"))
        }
        // At most four digits a part before any number is made: a part of twenty digits is no
        // date, and must not overflow an integer on the way to saying so.
        guard parts.count == 3, parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy { ("0"..."9").contains($0) } }) else {
            return .failure(expected())
        }
        let numbers = parts.map { Int($0) ?? 0 }
        let year: Int, month: Int, day: Int
        if parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2, text.contains("-") {
            (year, month, day) = (numbers[0], numbers[1], numbers[2])
        } else if parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2 {
            (day, month, year) = (numbers[0], numbers[1], numbers[2])
        } else {
            return .failure(expected())
        }
        guard (1...12).contains(month) else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen datum: maand \(month) bestaat niet",
                                                 en: "'\(shown(text))' is not a date: there is no month \(month)"),
                                       hint: Bilingual(nl: "schrijf datums als 2025-03-14 of 14-03-2025 (de dag vóór de maand)",
                                                       en: "write dates as 2025-03-14 or 14-03-2025 (day before month)")))
        }
        guard let value = Day(year: year, month: month, day: day) else {
            let days = Day.daysIn(month: month, year: year)
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen datum: \(dutchMonthNames[month - 1]) \(year) heeft \(days) dagen",
                                                 en: "'\(shown(text))' is not a date: \(monthNames[month - 1]) \(year) has \(days) days"),
                                       hint: Bilingual(nl: "controleer de dag en de maand (een datum schrijft u als dag-maand-jaar of jaar-maand-dag)",
                                                       en: "check the day and the month (dates are written day-month-year or year-month-day)")))
        }
        guard (1990...2100).contains(year) else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))': het jaar \(year) valt buiten het bereik (1990–2100)",
                                                 en: "'\(shown(text))': the year \(year) is out of range (1990–2100)"),
                                       hint: Bilingual(nl: "controleer het jaar op een tikfout", en: "check for a typo in the year")))
        }
        return .success(value)
    }

    /// The common `2025-03-14`, read straight from its bytes; `nil` for anything else (which
    /// `day` then reads, or explains).
    private static func isoDay(_ text: String) -> Day? {
        var text = text
        return text.withUTF8 { bytes -> Day? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                  (1990...2100).contains(year) else { return nil }
            return Day(year: year, month: month, day: day)
        }
    }

    /// `2024-25`, `2024-2025` or `2024/2025`.
    static func schoolYear(_ text: String) -> Result<SchoolYear, FieldError> {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "/" }
        guard parts.count == 2, parts[0].count == 4, let start = Int(parts[0]), let end = Int(parts[1]),
              parts[1].count == 2 || parts[1].count == 4 else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen schooljaar", en: "'\(shown(text))' is not a school year"),
                                       hint: Bilingual(nl: "schrijf schooljaren als 2024-25", en: "write school years as 2024-25")))
        }
        let expectedEnd = parts[1].count == 2 ? (start + 1) % 100 : start + 1
        guard end == expectedEnd, (1990...2100).contains(start) else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen schooljaar: een schooljaar loopt van het ene jaar in het volgende",
                                                 en: "'\(shown(text))' is not a school year: a school year runs from one year into the next"),
                                       hint: Bilingual(nl: "schrijf schooljaren als 2024-25 (1 augustus 2024 – 31 juli 2025)",
                                                       en: "write school years as 2024-25 (1 August 2024 – 31 July 2025)")))
        }
        return .success(SchoolYear(startYear: start))
    }

    /// The largest count Koers reads (students, activities, cohorts): far above any school's or
    /// the city's, and small enough that sums over every school of a country cannot overflow.
    static let largestCount = 1_000_000

    /// A whole number from 0 to ``largestCount``.
    static func count(_ text: String) -> Result<Int, FieldError> {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen geheel getal", en: "'\(shown(text))' is not a whole number"),
                                       hint: Bilingual(nl: "schrijf een getal, zoals 12, zonder tekst of cijfers achter de komma",
                                                       en: "write a number such as 12, without text or decimals")))
        }
        guard !text.hasPrefix("-") else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is negatief; een aantal is 0 of meer",
                                                 en: "'\(shown(text))' is negative; a count is 0 or more"),
                                       hint: Bilingual(nl: "schrijf 0 of meer, of laat de cel leeg als het aantal niet bekend is",
                                                       en: "write 0 or more, or leave the cell empty when not known")))
        }
        guard digits.count <= 7, let value = Int(digits), value <= largestCount else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is te groot: een aantal is hier hoogstens 1.000.000",
                                                 en: "'\(shown(text))' is too large: a count here is at most 1.000.000"),
                                       hint: Bilingual(nl: "controleer op een tikfout of een geplakte cel; schrijf het aantal leerlingen of activiteiten",
                                                       en: "check for a typo or a pasted cell; write the number of students or activities")))
        }
        return .success(value)
    }

    /// `ja`/`nee` (also yes/no, true/false, 1/0, x for yes).
    static func flag(_ text: String) -> Result<Bool, FieldError> {
        switch text.lowercased() {
        case "ja", "yes", "true", "waar", "1", "x", "j", "y": .success(true)
        case "nee", "no", "false", "onwaar", "0", "n": .success(false)
        default: .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen ja of nee", en: "'\(shown(text))' is not ja or nee"),
                                     hint: Bilingual(nl: "schrijf ja of nee; laat de cel leeg als het niet bekend is",
                                                     en: "write ja or nee; leave the cell empty when not known")))
        }
    }

    /// An id: letters, digits, `-`, `_` and `.`, so that it can be typed in lists and Lua.
    static func id(_ text: String) -> Result<String, FieldError> {
        let isIDByte = { (byte: UInt8) in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): true
            default: false
            }
        }
        guard text.utf8.count <= longestID else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is te lang voor een id: hoogstens \(longestID) tekens",
                                                 en: "'\(shown(text))' is too long for an id: at most \(longestID) characters"),
                                       hint: Bilingual(nl: "gebruik een korte id, zoals 'calvijn' of 'rocva-zuidoost'",
                                                       en: "use a short id such as 'calvijn' or 'rocva-zuidoost'")))
        }
        guard text.utf8.allSatisfy(isIDByte) else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen geldige id", en: "'\(shown(text))' is not a valid id"),
                                       hint: Bilingual(nl: "een id bestaat uit letters, cijfers, '-', '_' en '.', zonder spaties (bijvoorbeeld 'calvijn')",
                                                       en: "ids use letters, digits, '-', '_' and '.', without spaces (for example 'calvijn')")))
        }
        return .success(text)
    }

    /// A term of a fixed vocabulary, matched without regard to case, or through an alias.
    /// `what` names the vocabulary in both languages: `Bilingual(nl: "partijrol", en: "party role")`.
    static func term<T: RawRepresentable & CaseIterable>(_ text: String, _ type: T.Type, what: Bilingual,
                                                           aliases: [String: T] = [:]) -> Result<T, FieldError>
    where T.RawValue == String {
        let lowered = text.lowercased()
        if let match = T.allCases.first(where: { $0.rawValue.lowercased() == lowered }) { return .success(match) }
        if let match = aliases[lowered] { return .success(match) }
        let names = T.allCases.map(\.rawValue)
        let suggestion = Suggestion.didYouMeanInBoth(text, in: names + aliases.keys.sorted())
        return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen \(what.nl)", en: "unknown \(what.en) '\(shown(text))'")
                                       .appending(suggestion),
                                   hint: Bilingual(nl: "gebruik een van: ", en: "use one of: ").appending(names.joined(separator: ", "))))
    }

    /// Ids separated by commas or spaces.
    static func list(_ text: String) -> [String] {
        text.utf8.split { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") }
            .map { String(decoding: $0, as: UTF8.self) }
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]
    private static let dutchMonthNames = ["januari", "februari", "maart", "april", "mei", "juni", "juli",
                                          "augustus", "september", "oktober", "november", "december"]
}

/// Why a value could not be read, and how to write it instead.
struct FieldError: Error {
    var message: Bilingual
    var hint: Bilingual?
    init(_ message: Bilingual, hint: Bilingual? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// Spellings people use for the model's terms.
enum TermAliases {
    static let levels: [String: EducationLevel] = [
        "pro": .pro, "praktijkonderwijs": .pro,
        "vmbo-t": .vmboGT, "vmbo-tl": .vmboGT, "vmbo-gl": .vmboGT, "mavo": .vmboGT, "vmbo-g": .vmboGT,
        "vmbo-bb": .vmboB, "vmbo-basis": .vmboB, "vmbo-kb": .vmboK, "vmbo-kader": .vmboK,
    ]
    static let routeKinds: [String: Route.Kind] = ["pro-roc": .proRoc, "pro/vso-roc": .proRoc]
}

/// Dates as users type them, for command-line options such as `--as-of`.
public enum DateText {
    /// `2025-03-14`, `14-03-2025` or `14-3-2025`; the error says what is wrong and how to write it.
    public static func day(from text: String) throws(DateTextError) -> Day {
        switch FieldParsing.day(text) {
        case .success(let day): return day
        case .failure(let error):
            throw DateTextError(text: Bilingual(nl: error.message.nl + (error.hint.map { "; \($0.nl)" } ?? ""),
                                                en: error.message.en + (error.hint.map { "; \($0.en)" } ?? "")))
        }
    }
}

/// Why a date could not be read.
public struct DateTextError: Error, CustomStringConvertible {
    /// What is wrong and how to write the date, in Dutch and English.
    public let text: Bilingual
    /// The English form.
    public var description: String { text.en }
}

extension FieldParsing {
    /// A period of the given kind: `2024-25`, `2025`, `2025-Q1` (or `2025-K1`), `2025-03-14`.
    static func period(_ text: String, _ kind: PeriodKind) -> Result<Period, FieldError> {
        let examples: [PeriodKind: String] = [.schoolYear: "2024-25", .year: "2025", .quarter: "2025-Q1", .date: "2025-03-14"]
        let names: [PeriodKind: Bilingual] = [.schoolYear: Bilingual(nl: "een schooljaar", en: "a school year"),
                                              .year: Bilingual(nl: "een kalenderjaar", en: "a calendar year"),
                                              .quarter: Bilingual(nl: "een kwartaal", en: "a quarter"),
                                              .date: Bilingual(nl: "een datum", en: "a date")]
        let wrongKind = FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen periode van de soort \(kind.rawValue) (\(names[kind]!.nl))",
                                             en: "'\(shown(text))' is not a period of the kind \(kind.rawValue) (\(names[kind]!.en))"),
                                   hint: Bilingual(nl: "deze indicator wordt per \(kind.rawValue) gemeten; schrijf bijvoorbeeld \(examples[kind]!)",
                                                   en: "this indicator is measured per \(kind.rawValue); write for example \(examples[kind]!)"))
        switch kind {
        case .schoolYear:
            guard case .success(let year) = schoolYear(text) else { return .failure(wrongKind) }
            return .success(Period(schoolYear: year))
        case .year:
            guard text.count == 4, let year = Int(text), (1990...2100).contains(year), let period = Period(year: year) else { return .failure(wrongKind) }
            return .success(period)
        case .quarter:
            let upper = text.uppercased().replacingOccurrences(of: " ", with: "")
            let parts = upper.split(separator: "-")
            guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), (1990...2100).contains(year),
                  parts[1].count == 2, parts[1].first == "Q" || parts[1].first == "K", let quarter = Int(parts[1].dropFirst()),
                  let period = Period(year: year, quarter: quarter) else { return .failure(wrongKind) }
            return .success(period)
        case .date:
            guard text.count >= 8, case .success(let day) = day(text) else { return .failure(wrongKind) }
            return .success(Period(day: day))
        }
    }

    /// The largest measured or declared number, either way: far above any count or share a
    /// covenant measures, and small enough to show and add up exactly.
    static let largestMeasure = 1_000_000_000.0

    static func tooLarge(_ text: String) -> FieldError {
        FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is te groot: een getal is hier hoogstens 1.000.000.000 (of −1.000.000.000)",
                             en: "'\(shown(text))' is too large: a number here is at most 1,000,000,000 (or −1,000,000,000)"),
                   hint: Bilingual(nl: "controleer op een tikfout of een geplakte cel", en: "check for a typo or a pasted cell"))
    }

    /// A whole number, negative or not, between −1.000.000.000 and 1.000.000.000.
    static func integer(_ text: String) -> Result<Int, FieldError> {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen geheel getal", en: "'\(shown(text))' is not a whole number"),
                                       hint: Bilingual(nl: "schrijf een geheel getal, zoals 12, zonder tekst of cijfers achter de komma",
                                                       en: "write a whole number such as 12, without text or decimals")))
        }
        guard digits.count <= 10, let value = Int(text), abs(Double(value)) <= largestMeasure else { return .failure(tooLarge(text)) }
        return .success(value)
    }

    /// A number with `,` or `.` as decimal mark (`7,5`, `7.5`), between −1.000.000.000 and
    /// 1.000.000.000. `1.500` is refused: in a Dutch sheet it is 1500, elsewhere 1,5.
    static func decimal(_ text: String) -> Result<Double, FieldError> {
        let normalised = text.replacingOccurrences(of: ",", with: ".")
        let allowed = normalised.allSatisfy { ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
        guard allowed, normalised.filter({ $0 == "." }).count <= 1, normalised.count <= 20,
              let value = Double(normalised), value.isFinite else {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is geen getal", en: "'\(shown(text))' is not a number"),
                                       hint: Bilingual(nl: "schrijf een getal zoals 7,5 of 12 (zonder %-teken of duizendtalpunt)",
                                                       en: "write a number such as 7.5 or 12 (without a % sign or thousands separator)")))
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, (1...3).contains(parts[0].drop { $0 == "-" }.count), parts[1].count == 3 {
            return .failure(FieldError(Bilingual(nl: "'\(shown(text, in: .nl))' is dubbelzinnig: \(parts[0])\(parts[1]) met een duizendtalpunt, of \(parts[0]),\(parts[1])?",
                                                 en: "'\(shown(text))' is ambiguous: \(parts[0])\(parts[1]) with a thousands separator, or \(parts[0]).\(parts[1])?"),
                                       hint: Bilingual(nl: "schrijf \(parts[0])\(parts[1]) zonder punt, of \(parts[0]),\(parts[1]) met een komma",
                                                       en: "write \(parts[0])\(parts[1]) without the point, or \(parts[0]),\(parts[1]) with a comma")))
        }
        guard abs(value) <= largestMeasure else { return .failure(tooLarge(text)) }
        return .success(value)
    }
}
