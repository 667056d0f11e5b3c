import CovenantModel
import ReportModel

/// A party's calendar as an iCalendar file (RFC 5545) that Outlook, Google and Apple calendars
/// can subscribe to: one all-day event per item. The bytes depend only on the report: the time
/// stamp every event needs is the evaluation date, and each event's UID is stable across reports,
/// so a subscribed calendar updates an event rather than adding it twice.
public struct ICalendarWriter {
    let report: Report

    /// `calendars/<page>.ics` for every self-check and `calendars/bestuur-<id>.ics` for every board.
    func files() -> [RenderedFile] {
        let words = report.words
        let checks = report.selfChecks.map { check in
            RenderedFile(path: "calendars/\(check.calendarName).ics",
                         text: calendar(name: "\(words.labels["calendar"]!) \(check.name)", items: check.calendar))
        }
        let boards = report.boards.map { board in
            RenderedFile(path: "calendars/bestuur-\(board.pageName).ics",
                         text: calendar(name: "\(words.labels["calendar"]!) \(board.name)", items: board.calendar))
        }
        return checks + boards
    }

    func calendar(name: String, items: [CalendarItem]) -> String {
        let stamp = report.asOf.description.replacingOccurrences(of: "-", with: "") + "T000000Z"
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Koers//\(report.covenantName)//\(report.language.rawValue.uppercased())",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:\(Self.escaped(name))",
        ]
        lines += items.flatMap { Self.event($0, stamp: stamp) }
        lines.append("END:VCALENDAR")
        return lines.map(Self.folded).joined(separator: "\r\n") + "\r\n"
    }

    /// One all-day event's lines, not folded yet.
    static func event(_ item: CalendarItem, stamp: String) -> [String] {
        let day = item.day.description.replacingOccurrences(of: "-", with: "")
        let next = item.day.adding(days: 1).description.replacingOccurrences(of: "-", with: "")
        var lines = [
            "BEGIN:VEVENT", "UID:\(Self.escaped(item.uid))", "DTSTAMP:\(stamp)",
            "DTSTART;VALUE=DATE:\(day)", "DTEND;VALUE=DATE:\(next)",
            "SUMMARY:\(Self.escaped(item.title))",
        ]
        if let detail = item.detail { lines.append("DESCRIPTION:\(Self.escaped(detail))") }
        return lines + ["CATEGORIES:\(item.kind.rawValue)", "TRANSP:TRANSPARENT", "END:VEVENT"]
    }

    /// A calendar of the report (`calendars/<page>.ics`) with more events added before its
    /// end, as the portal's calendar link gives it: the report's dates and what awaits the party
    /// in the portal, in one subscription.
    public static func adding(_ items: [CalendarItem], to calendar: String, asOf: Day) -> String {
        guard !items.isEmpty, calendar.hasSuffix("END:VCALENDAR\r\n") else { return calendar }
        let stamp = asOf.description.replacingOccurrences(of: "-", with: "") + "T000000Z"
        let events = items.flatMap { event($0, stamp: stamp) }.map(folded).joined(separator: "\r\n") + "\r\n"
        return String(calendar.dropLast("END:VCALENDAR\r\n".count)) + events + "END:VCALENDAR\r\n"
    }

    /// Text values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11).
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Lines longer than 75 octets are folded: a line break and a space, never inside a character
    /// (RFC 5545 §3.1).
    static func folded(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var size = 0
        for character in line {
            let length = String(character).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if size + length > limit {
                parts.append(current)
                current = ""
                size = 0
            }
            current.append(character)
            size += length
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
