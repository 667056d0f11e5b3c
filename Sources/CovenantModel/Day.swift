/// A calendar day, without time or time zone: covenant dates are days.
///
/// Koers never needs hours, and a `Foundation.Date` would bring a time zone into every
/// comparison; a `Day` compares, counts and prints the same on every machine.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The day, or `nil` when there is no such day (31 February, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day written `2025-03-14` (ISO 8601), or `nil`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The number of days in `month` of `year` (Gregorian calendar).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days since 1970-01-01 (negative before), for counting days between dates.
    public var ordinal: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `ordinal` days after 1970-01-01.
    public init(ordinal: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Days from `self` to `other`: positive when `other` is later.
    public func days(to other: Day) -> Int { other.ordinal - ordinal }

    /// ISO 8601, `2025-03-14`: the form Koers writes everywhere.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A Dutch school year: 1 August to 31 July (`2024-25` runs from 2024-08-01 to 2025-07-31).
public struct SchoolYear: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The calendar year in which the school year starts.
    public let startYear: Int

    public init(startYear: Int) { self.startYear = startYear }

    /// A school year written the way Koers writes it, `2024-25`; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let start = Int(parts[0]), let end = Int(parts[1]),
              (1000...9998).contains(start), end == (start + 1) % 100 else { return nil }
        startYear = start
    }

    /// The school year that `day` falls in.
    public init(containing day: Day) {
        startYear = day.month >= 8 ? day.year : day.year - 1
    }

    public var firstDay: Day { Day(year: startYear, month: 8, day: 1)! }
    public var lastDay: Day { Day(year: startYear + 1, month: 7, day: 31)! }

    /// `2024-25`, the way Dutch schools write it.
    public var description: String {
        let end = (startYear + 1) % 100
        return "\(startYear)-\(end < 10 ? "0" : "")\(end)"
    }

    public static func < (lhs: SchoolYear, rhs: SchoolYear) -> Bool { lhs.startYear < rhs.startYear }

    /// The school years from the one holding `first` to the one holding `last`; empty when `last` is earlier.
    public static func between(_ first: Day, _ last: Day) -> [SchoolYear] {
        let from = SchoolYear(containing: first).startYear, to = SchoolYear(containing: last).startYear
        return from <= to ? (from...to).map(SchoolYear.init(startYear:)) : []
    }
}
