import CovenantModel

/// Parsers for the values people type into workspace files. Each returns the value or a message
/// that says what was expected; the caller adds where.
enum FieldParsing {
    /// The longest id: ids name pages and files, and are typed by people.
    static let longestID = 64

    /// A value as a message quotes it: whole when short, else its start and its length, so that a
    /// pasted 10 MB cell gives a readable message, not a 10 MB one.
    static func shown(_ text: String) -> String {
        guard text.count > 60 else { return text }
        return String(text.prefix(40)) + "… (\(text.count) characters)"
    }

    /// `2025-03-14`, `14-03-2025` or `14-3-2025` (Dutch Excel), also with `/` or `.` in the Dutch order.
    static func day(_ text: String) -> Result<Day, FieldError> {
        if let day = isoDay(text) { return .success(day) }
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "/" || $0 == "." }
        let expected = FieldError("'\(shown(text))' is not a date", hint: "write dates as 2025-03-14 or 14-03-2025")
        // At most four digits a part before any number is made: a part of twenty digits is no
        // date, and must not overflow an integer on the way to saying so.
        guard parts.count == 3, parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy { ("0"..."9").contains($0) } }) else {
            return .failure(expected)
        }
        let numbers = parts.map { Int($0) ?? 0 }
        let year: Int, month: Int, day: Int
        if parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2, text.contains("-") {
            (year, month, day) = (numbers[0], numbers[1], numbers[2])
        } else if parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2 {
            (day, month, year) = (numbers[0], numbers[1], numbers[2])
        } else {
            return .failure(expected)
        }
        guard (1...12).contains(month) else {
            return .failure(FieldError("'\(shown(text))' is not a date: there is no month \(month)",
                                       hint: "write dates as 2025-03-14 or 14-03-2025 (day before month)"))
        }
        guard let value = Day(year: year, month: month, day: day) else {
            return .failure(FieldError("'\(shown(text))' is not a date: \(monthNames[month - 1]) \(year) has \(Day.daysIn(month: month, year: year)) days",
                                       hint: "check the day and the month (dates are written day-month-year or year-month-day)"))
        }
        guard (1990...2100).contains(year) else {
            return .failure(FieldError("'\(shown(text))': the year \(year) is out of range (1990–2100)", hint: "check for a typo in the year"))
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
            return .failure(FieldError("'\(shown(text))' is not a school year", hint: "write school years as 2024-25"))
        }
        let expectedEnd = parts[1].count == 2 ? (start + 1) % 100 : start + 1
        guard end == expectedEnd, (1990...2100).contains(start) else {
            return .failure(FieldError("'\(shown(text))' is not a school year: a school year runs from one year into the next",
                                       hint: "write school years as 2024-25 (1 August 2024 – 31 July 2025)"))
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
            return .failure(FieldError("'\(shown(text))' is not a whole number", hint: "write a number such as 12, without text or decimals"))
        }
        guard !text.hasPrefix("-") else {
            return .failure(FieldError("'\(shown(text))' is negative; a count is 0 or more", hint: "write 0 or more, or leave the cell empty when not known"))
        }
        guard digits.count <= 7, let value = Int(digits), value <= largestCount else {
            return .failure(FieldError("'\(shown(text))' is too large: a count here is at most 1.000.000",
                                       hint: "check for a typo or a pasted cell; write the number of students or activities"))
        }
        return .success(value)
    }

    /// `ja`/`nee` (also yes/no, true/false, 1/0, x for yes).
    static func flag(_ text: String) -> Result<Bool, FieldError> {
        switch text.lowercased() {
        case "ja", "yes", "true", "waar", "1", "x", "j", "y": .success(true)
        case "nee", "no", "false", "onwaar", "0", "n": .success(false)
        default: .failure(FieldError("'\(shown(text))' is not ja or nee", hint: "write ja or nee; leave the cell empty when not known"))
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
            return .failure(FieldError("'\(shown(text))' is too long for an id: at most \(longestID) characters",
                                       hint: "use a short id such as 'calvijn' or 'rocva-zuidoost'"))
        }
        guard text.utf8.allSatisfy(isIDByte) else {
            return .failure(FieldError("'\(shown(text))' is not a valid id",
                                       hint: "ids use letters, digits, '-', '_' and '.', without spaces (for example 'calvijn')"))
        }
        return .success(text)
    }

    /// A term of a fixed vocabulary, matched without regard to case, or through an alias.
    static func term<T: RawRepresentable & CaseIterable>(_ text: String, _ type: T.Type, what: String,
                                                           aliases: [String: T] = [:]) -> Result<T, FieldError>
    where T.RawValue == String {
        let lowered = text.lowercased()
        if let match = T.allCases.first(where: { $0.rawValue.lowercased() == lowered }) { return .success(match) }
        if let match = aliases[lowered] { return .success(match) }
        let names = T.allCases.map(\.rawValue)
        return .failure(FieldError("unknown \(what) '\(shown(text))'" + Suggestion.didYouMean(text, in: names + aliases.keys.sorted()),
                                   hint: "use one of: " + names.joined(separator: ", ")))
    }

    /// Ids separated by commas or spaces.
    static func list(_ text: String) -> [String] {
        text.utf8.split { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") }
            .map { String(decoding: $0, as: UTF8.self) }
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]
}

/// Why a value could not be read, and how to write it instead.
struct FieldError: Error {
    var message: String
    var hint: String?
    init(_ message: String, hint: String? = nil) {
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
        case .failure(let error): throw DateTextError(description: error.message + (error.hint.map { "; \($0)" } ?? ""))
        }
    }
}

/// Why a date could not be read.
public struct DateTextError: Error, CustomStringConvertible {
    public let description: String
}
