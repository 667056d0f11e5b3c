import CovenantModel
import Foundation
import ReportModel
import Testing

/// "Opgaven 2025-26: 31 van 34 ontvangen, 28 op tijd": which schools owe a return for which
/// school years, what counts as received and as on time, and who is named as missing.
@Suite("Annual returns: received, on time, missing")
struct ReturnCompletenessTests {
    static let here = CovenantModel.SourceLocation(file: "test")

    static func school(_ id: String, board: String = "b", party: Bool = true) -> School {
        var school = School(id: id, name: "School \(id.uppercased())", board: board, stadsdeel: .noord, levels: [.vmboB], origin: nil, source: here)
        school.isParty = party
        return school
    }

    static func report(_ school: String, _ year: String, on day: String) -> SchoolYearReport {
        SchoolYearReport(school: school, schoolYear: SchoolYear(year)!, reportedOn: Day(iso: day)!, lobVoorlichting: true, praktijkgericht: nil,
                         stages: nil, werkbezoeken: nil, praktijkopdrachten: nil, proVsoAble: nil, proVsoOffered: nil, origin: nil, source: here)
    }

    static func state(asOf: String, due: MonthDay? = nil) -> (CovenantState, [School]) {
        // The covenant begins in the middle of 2023-24: returns are owed from 2024-25 on.
        var covenant = Covenant(name: "Test", region: nil, parties: [], baselineDate: Day(iso: "2024-01-01")!, deadline: Day(iso: "2027-07-31")!,
                                actionLines: [], targets: [], source: here)
        if let due { covenant.annualReturnDue = due }
        let schools = [school("a"), school("b"), school("c"), school("d", board: "other"), school("x", party: false)]
        let workspace = Workspace(
            covenant: covenant, boards: [], schools: schools, institutions: [], colleges: [], routes: [], events: [],
            schoolYearReports: [report("a", "2024-25", on: "2025-07-01"), report("b", "2024-25", on: "2025-10-15"),
                                report("a", "2024-25", on: "2025-12-01"),  // a later correction: a was still on time
                                report("x", "2024-25", on: "2025-07-01"), report("a", "2025-26", on: "2026-06-30"),
                                report("c", "2026-27", on: "2026-12-01")],
            dataSharing: [], havoMilestones: [], waivers: [])
        return (workspace.state(asOf: Day(iso: asOf)!), schools)
    }

    @Test func receivedOnTimeAndMissingPerSchoolYear() {
        let (state, schools) = Self.state(asOf: "2026-11-23")
        let lines = ReturnCompleteness.of(schools, in: state)
        #expect(lines.map(\.schoolYear.description) == ["2026-27", "2025-26", "2024-25"])  // not 2023-24, newest first
        let old = lines[2]
        #expect(old.expected == 4 && old.received == 2 && old.onTime == 1 && old.closed)  // x is no party: owes nothing
        #expect(old.due == Day(iso: "2025-07-31")! && old.missing == ["School C", "School D"])  // by default the year's last day
        #expect(lines[1].received == 1 && lines[1].closed && lines[1].missing == ["School B", "School C", "School D"])
        #expect(lines[0].received == 0 && !lines[0].closed)  // c's return of 1 December is not there yet on 23 November
        let words = Language.nl.words
        #expect(words.returns(old) == "Jaaropgaven 2024-25: 2 van 4 ontvangen, 1 op tijd (termijn verstreken op 31 juli 2025)")
        #expect(words.returnsMissing(old) == "nog niet ontvangen van: School C, School D")
        #expect(words.returnsMissing(lines[0]).isEmpty)  // before the deadline no school is named
        #expect(Language.en.words.returns(lines[0]) == "Annual returns 2026-27: 0 of 4 received, 0 on time (due 31 July 2027)")
        // A board's page: its own schools only.
        #expect(ReturnCompleteness.of(schools.filter { $0.board == "other" }, in: state).map(\.expected) == [1, 1, 1])
    }

    @Test func theDeadlineComesFromTheCovenant() {
        let (state, schools) = Self.state(asOf: "2026-11-23", due: MonthDay("11-01"))
        let old = ReturnCompleteness.of(schools, in: state)[2]
        #expect(old.due == Day(iso: "2025-11-01")! && old.onTime == 2)  // b's return of 15 October is now on time
        #expect(MonthDay("02-29") == nil && MonthDay("13-01") == nil && MonthDay("1-10") == nil && MonthDay("10-01")?.description == "10-01")
    }
}
