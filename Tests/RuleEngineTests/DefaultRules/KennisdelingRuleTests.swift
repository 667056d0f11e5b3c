import Testing

/// rules/kennisdeling.lua: at least one professionalisation activity in every whole school year,
/// reported by form with vo and mbo participation.
@Suite("rule kennisdeling")
struct KennisdelingRuleTests {
    static let schools = """
        id;name;board;stadsdeel;levels
        s1;School 1;bestuur-noord;;vmbo-b
        s2;School 2;bestuur-noord;;havo
        """
    static let header = "id;date;kind;form;title;participants\n"
    static let decanen = """
        decanen-1;2025-11-01;decanenoverleg;;Decanenoverleg;s1 roc-test
        decanen-2;2026-05-01;decanenoverleg;;Decanenoverleg;s1 roc-test

        """
    static let runIn = "kd-0;2024-03-14;kennisdeling;workshop;Workshop LOB;s1 roc-test\n"
    static let firstYear = """
        kd-1;2024-10-10;kennisdeling;docentstage;Docentstages zorg;s1 s2 roc-test
        kd-2;2025-03-20;kennisdeling;workshop;Workshop curriculum;s2 roc-test-noord

        """
    static let secondYear = "kd-3;2026-02-10;kennisdeling;lesbezoek;Lesbezoeken techniek;s2 roc-test\n"
    static let lastYear = "kd-4;2026-10-15;kennisdeling;inspiratietour;Inspiratietour;s1 roc-test\n"

    static func fixture(_ events: String...) throws -> RuleFixture {
        try RuleFixture(target: "kennisdeling", files: ["schools": schools, "events": header + decanen + events.joined()])
    }

    @Test func aYearWithoutActivityIsNotMet() throws {
        let fixture = try Self.fixture(Self.runIn, Self.firstYear, Self.lastYear)
        try fixture.expect("2024-01-01", .onTrack, value: 0, expected: 0, needed: 1)
        try fixture.expect("2025-08-01", .onTrack, value: 0, expected: 0, needed: 1)
        // One a year is expected, pro rata and rounded down, on the last day of the year.
        try fixture.expect("2026-07-30", .onTrack, value: 0, expected: 1, needed: 1)
        try fixture.expect("2026-07-31", .behind, value: 0, expected: 1, needed: 1)
        try fixture.expect("2026-08-01", .behind, value: 0, expected: 0, needed: 1)
        try fixture.expect("2026-10-15", .behind, value: 1, expected: 0.2, needed: 0)
        try fixture.expect("2027-08-01", .behind, value: 1, expected: 1, needed: 0)
        #expect(try fixture.judge(asOf: "2027-10-16").status == .noData)
    }

    @Test func everyYearWithActivityIsAchievedOnceTheLastYearHasOne() throws {
        let fixture = try Self.fixture(Self.runIn, Self.firstYear, Self.secondYear, Self.lastYear)
        try fixture.expect("2026-10-14", .onTrack, value: 0, expected: 0.2, needed: 1)
        try fixture.expect("2026-10-15", .achieved, value: 1, expected: 0.2, needed: 0)
    }

    @Test func twoMissedYearsAreBehind() throws {
        try Self.fixture(Self.runIn).expect("2026-08-01", .behind, value: 0, expected: 0, needed: 1)
    }

    @Test func formsParticipationAndContributions() throws {
        let judgement = try Self.fixture(Self.runIn, Self.firstYear, Self.lastYear).judge(asOf: "2025-08-01")
        #expect(judgement.years.first { $0.schoolYear == "2024-25" }?.outcome == .met)
        #expect(judgement.notes == [
            "2023-24: 1 workshop; deelname: 1 vo-school, 1 mbo-instelling of -college.",
            "2024-25: 1 docentstage, 1 workshop; deelname: 2 vo-scholen, 2 mbo-instellingen of -colleges.",
        ])
        // The mbo institution first (its own teachers or its colleges' took part), then the schools.
        #expect(judgement.contributions.map(\.detail) == [
            "2× deelgenomen sinds 1 augustus 2024: Docentstages zorg (10 oktober 2024); Workshop curriculum (20 maart 2025)",
            "Docentstages zorg (10 oktober 2024)", "Docentstages zorg (10 oktober 2024); Workshop curriculum (20 maart 2025)",
        ])
        let later = try Self.fixture(Self.runIn, Self.firstYear, Self.lastYear).judge(asOf: "2026-09-01")
        #expect(later.contributions.map(\.kind) == [.missing, .missing, .missing])
        #expect(later.contributions[0].detail == "niet deelgenomen sinds 1 augustus 2025")
    }
}
