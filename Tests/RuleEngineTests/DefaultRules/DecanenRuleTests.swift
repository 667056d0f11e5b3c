import TargetJudgement
import Testing

/// rules/decanen.lua: four decanenoverleggen in every whole school year (2024-25, 2025-26, 2026-27),
/// the running year pro rata; 2023-24 from 1 January 2024 is a run-in year.
@Suite("rule decanen")
struct DecanenRuleTests {
    static let schools = """
        id;name;board;stadsdeel;levels
        d1;Trouwe school;bestuur-noord;;vmbo-b
        d2;Afwezige school;bestuur-noord;;vmbo-b
        d3;Vrijgestelde school;bestuur-noord;;vmbo-b
        """
    static let waivers = """
        target;school;from;until;reason;decided_by
        decanen;d3;2024-01-01;;Geen decaan in dienst;stuurgroep 2024-01-15
        """

    static func fixture(extraMeeting: Bool = false) throws -> RuleFixture {
        let dates = ["2024-02-13", "2024-05-21", "2024-09-24", "2024-11-19", "2025-02-11", "2025-05-20",
                     "2025-12-02", "2026-06-30", "2026-07-14"] + (extraMeeting ? ["2026-07-21"] : [])
                    + ["2026-10-06", "2027-01-12", "2027-03-16", "2027-06-08"]
        let rows = dates.map { date in
            "decanen-\(date);\(date);decanenoverleg;;Decanenoverleg;d1 \(date < "2024-10-01" ? "d2 " : "")roc-test"
        }
        return try RuleFixture(target: "decanen", files: [
            "schools": schools, "waivers": waivers,
            "events": "id;date;kind;form;title;participants\n" + rows.joined(separator: "\n") + "\n",
        ])
    }

    @Test func theRunInYearIsJudgedProRataFromTheBaseline() throws {
        let fixture = try Self.fixture()
        try fixture.expect("2024-01-01", .onTrack, value: 0, expected: 0, needed: 3, projection: 0)
        // The run-in year is judged pro rata up to and including its last day: its share is
        // 4 × 213/366 = 2,3 meetings, in whole meetings 3; two is less than one behind it.
        try fixture.expect("2024-07-31", .onTrack, value: 2, expected: 2.3, needed: 1, projection: 2)
        #expect(try fixture.judge(asOf: "2024-07-31").reason
                == "2023-24 (aanloop): 2 van de 2,3 bijeenkomsten, naar rato 2,3 verwacht, niets gepland; minder dan één achter op schema, dus nog niets achterstallig.")
        #expect(try fixture.judge(asOf: "2024-07-31").years.map(\.outcome) == [.runIn])
        // The school-year boundary: a new year starts at zero and the run-in year is not judged.
        try fixture.expect("2024-08-01", .onTrack, value: 0, expected: 0, needed: 4)
        #expect(try fixture.judge(asOf: "2024-08-01").years.map(\.outcome) == [.runIn, .running])  // no year missed yet
        #expect(try fixture.judge(asOf: "2024-08-01").waivers.count == 1)
    }

    @Test func theRunningYearProRata() throws {
        let fixture = try Self.fixture()
        try fixture.expect("2025-02-10", .onTrack, value: 2, expected: 2.1, needed: 2)
        try fixture.expect("2025-08-01", .onTrack, value: 0, expected: 0, needed: 4)
        #expect(try fixture.judge(asOf: "2025-08-01").years.first { $0.schoolYear == "2024-25" }
                == SchoolYearResult(schoolYear: "2024-25", value: 4, required: 4, outcome: .met))
        // The last day of a school year is its end: three meetings in 2025-26 is a year missed.
        try fixture.expect("2026-05-29", .behind, value: 1, expected: 3.3, needed: 3)
        try fixture.expect("2026-07-31", .behind, value: 3, expected: 4, needed: 1)
    }

    /// "Vier keer per jaar" is a commitment per school year: a year that ended with three is
    /// broken, a fact, and stays `behind` even while the running year is on pace.
    @Test func aMissedYearIsBehindNamingTheYearEvenWithTheRunningYearOnPace() throws {
        let fixture = try Self.fixture()
        try fixture.expect("2026-08-01", .behind, value: 0, expected: 0, needed: 4)
        #expect(try fixture.judge(asOf: "2026-08-01").reason
                == "2025-26 had 3 van de 4 bijeenkomsten (afspraak: 4 per schooljaar); 2026-27 tot nu toe 0.")
        // 2026-27 on pace (two meetings by 12 January against 1,8 expected), yet behind for 2025-26.
        try fixture.expect("2027-01-12", .behind, value: 2, expected: 1.8, needed: 2)
        try fixture.expect("2027-06-08", .behind, value: 4, expected: 3.4, needed: 0)
        try fixture.expect("2027-07-31", .behind, value: 4, expected: 4, needed: 0)
        try fixture.expect("2027-08-01", .behind, value: 4, expected: 4, needed: 0)
    }

    @Test func everyYearMetIsAchieved() throws {
        let fixture = try Self.fixture(extraMeeting: true)
        try fixture.expect("2027-06-07", .onTrack, value: 3, expected: 3.4, needed: 1)
        try fixture.expect("2027-06-08", .achieved, value: 4, expected: 3.4, needed: 0)
        try fixture.expect("2027-08-01", .achieved, value: 4, expected: 4, needed: 0)
    }

    @Test func staleEventsGiveNoData() throws {
        // Nothing recorded between 2025-05-20 and 2025-12-02; the limit is 6 months.
        let judgement = try Self.fixture().judge(asOf: "2025-12-01")
        #expect(judgement.status == .noData)
        #expect(judgement.findings.first?.message
                == "Geen actuele gegevens: de nieuwste zijn van 20 mei 2025, ouder dan de grens van 6 maanden.")
    }

    @Test func attendancePerSchool() throws {
        let judgement = try Self.fixture().judge(asOf: "2026-08-01")
        #expect(judgement.contributions.map(\.kind) == [.contributes, .missing, .waived, .contributes])
        #expect(judgement.contributions.last?.contributor == .institution("roc-test"))
        #expect(judgement.contributions.map(\.detail) == [
            "aanwezig bij 3 van de 3 bijeenkomsten sinds 1 augustus 2025",
            "aanwezig bij 0 van de 3 bijeenkomsten sinds 1 augustus 2025",
            "aanwezig bij 0 van de 3 bijeenkomsten sinds 1 augustus 2025",
            "aanwezig bij 3 van de 3 bijeenkomsten sinds 1 augustus 2025",
        ])
        #expect(judgement.notes.contains("Aanwezigheid mbo sinds 1 augustus 2025 (van 3): ROC Test 3."))
        #expect(try Self.fixture().judge(asOf: "2026-07-14").counted.map(\.source)
                == ["state/events.csv:8", "state/events.csv:9", "state/events.csv:10"])
    }
}
