import CovenantModel

/// How complete the annual returns of one school year are: of the schools that owe one (the
/// schools that are parties of the covenant), how many sent it by the report's date, how many by
/// the deadline (`returns.annual_return_due` in covenant.yaml), and which did not send one.
public struct ReturnCompleteness: Sendable, Equatable {
    public var schoolYear: SchoolYear
    /// The day the return is due.
    public var due: Day
    public var expected: Int
    public var received: Int
    public var onTime: Int
    /// The schools without a return, by name.
    public var missing: [String]
    /// Whether the deadline has passed on the report's date.
    public var closed: Bool

    /// The returns of `schools` (party schools; others owe nothing) for every school year that
    /// owes one (``Covenant/returnSchoolYears(through:)``) and has begun by the state's date,
    /// newest first: what the state holds by then.
    public static func of(_ schools: [School], in state: CovenantState) -> [ReturnCompleteness] {
        of(schools, in: state, firstReturns: firstReturns(in: state))
    }

    /// "school/year" → the earliest day it was reported, for ``of(_:in:firstReturns:)``.
    static func firstReturns(in state: CovenantState) -> [String: Day] {
        var firstReturn: [String: Day] = [:]
        for report in state.schoolYearReports {
            let key = "\(report.school)/\(report.schoolYear)"
            firstReturn[key] = min(firstReturn[key] ?? report.reportedOn, report.reportedOn)
        }
        return firstReturn
    }

    /// The same, with the returns gathered once by ``firstReturns(in:)`` (for many boards).
    static func of(_ schools: [School], in state: CovenantState, firstReturns firstReturn: [String: Day]) -> [ReturnCompleteness] {
        let owing = schools.filter(\.isParty)
        guard !owing.isEmpty else { return [] }
        return state.covenant.returnSchoolYears(through: state.asOf).reversed().map { year in
            let due = state.covenant.annualReturnDeadline(of: year)
            let days = owing.map { firstReturn["\($0.id)/\(year)"] }
            return ReturnCompleteness(schoolYear: year, due: due, expected: owing.count, received: days.compactMap { $0 }.count,
                                      onTime: days.compactMap { $0 }.filter { $0 <= due }.count,
                                      missing: zip(owing, days).filter { $0.1 == nil }.map(\.0.name).sorted(),
                                      closed: state.asOf > due)
        }
    }
}

extension Vocabulary {
    /// `Jaaropgaven 2025-26: 31 van 34 ontvangen, 28 op tijd (uiterlijk 1 oktober 2026)`.
    public func returns(_ line: ReturnCompleteness) -> String {
        language == .nl
            ? "Jaaropgaven \(line.schoolYear): \(line.received) van \(line.expected) ontvangen, \(line.onTime) op tijd "
                + "(\(line.closed ? "termijn verstreken op" : "uiterlijk") \(date(line.due)))"
            : "Annual returns \(line.schoolYear): \(line.received) of \(line.expected) received, \(line.onTime) on time "
                + "(\(line.closed ? "closed on" : "due") \(date(line.due)))"
    }

    /// `nog niet ontvangen van: A, B` once the deadline has passed; empty before it (the schools
    /// still have time) and when every school sent one.
    public func returnsMissing(_ line: ReturnCompleteness) -> String {
        guard line.closed, !line.missing.isEmpty else { return "" }
        return (language == .nl ? "nog niet ontvangen van: " : "not yet received from: ") + line.missing.joined(separator: ", ")
    }
}
