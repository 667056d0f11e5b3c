import CovenantModel
import TargetJudgement
import Testing

/// rules/praktijkgericht.lua: the share of vmbo-gt schools whose newest fresh report says they offer
/// a praktijkgericht programma; the covenant gives no baseline, so the line runs from the first
/// measurement (the 2024-25 returns, dated 2025-07-10) to 100% on 2027-07-31.
@Suite("rule praktijkgericht")
struct PraktijkgerichtRuleTests {
    static let schools = """
        id;name;board;stadsdeel;levels
        g1;T-school 1;bestuur-noord;;vmbo-gt
        g2;T-school 2;bestuur-noord;;vmbo-gt havo
        g3;T-school 3;bestuur-noord;;vmbo-b vmbo-gt
        g4;T-school 4;bestuur-noord;;vmbo-gt
        g5;B-school;bestuur-noord;;vmbo-b
        """
    static let waivers = """
        target;school;from;until;reason;decided_by
        praktijkgericht;g4;2024-01-01;2025-07-31;Voert het programma in met de nieuwe leerweg;stuurgroep 2024-01-15
        """
    static let header = "school;school_year;reported_on;lob_voorlichting;praktijkgericht;stages;werkbezoeken;praktijkopdrachten;pro_vso_able;pro_vso_offered\n"
    static let firstYear = """
        g1;2024-25;2025-07-10;;ja;;;;;
        g2;2024-25;2025-07-10;;nee;;;;;
        g3;2024-25;2025-07-10;ja;;;;;;
        g4;2024-25;2025-07-10;;nee;;;;;
        g5;2024-25;2025-07-10;ja;;;;;;

        """

    static func fixture(secondYear: [String]) throws -> RuleFixture {
        let rows = zip(["g1", "g2", "g3", "g4"], secondYear).map { "\($0);2025-26;2026-07-09;;\($1);;;;;" }
        return try RuleFixture(target: "praktijkgericht", files: [
            "schools": schools, "waivers": waivers,
            "school-years": header + firstYear + rows.joined(separator: "\n") + "\n",
        ])
    }

    @Test func everyStatusAlongTheLine() throws {
        let fixture = try Self.fixture(secondYear: ["ja", "ja", "nee", "ja"])
        try fixture.expect("2024-01-01", .noData, value: nil, expected: nil, needed: nil)
        // g4 is waived until 2025-07-31 and g3 did not answer (no return, counted apart): 1 of 2,
        // which is the first measurement, so the line starts there.
        try fixture.expect("2025-07-10", .onTrack, value: 50, expected: 50, needed: 50)
        // The waiver has ended: g4's "nee" counts, in the first measurement too (1 of 3). No return
        // has come since, so the share is compared with the line on the day of the first
        // measurement: it does not slip day by day while there is nothing new to measure.
        try fixture.expect("2025-08-01", .onTrack, value: 33.3, expected: 33.3, needed: 66.7)
        try fixture.expect("2026-07-08", .onTrack, value: 33.3, expected: 33.3, needed: 66.7)
        #expect(try fixture.judge(asOf: "2026-07-08").expectedOn == Day(iso: "2025-07-10"))
        // The 2025-26 returns: 3 of 4 against the line on their day, 9 July 2026 (65,6%).
        try fixture.expect("2026-07-09", .onTrack, value: 75, expected: 65.6, needed: 25)
        // Months later, still compared on 9 July 2026.
        try fixture.expect("2026-10-01", .onTrack, value: 75, expected: 65.6, needed: 25)
        #expect(try fixture.judge(asOf: "2026-10-01").reason
                == "Nieuwste opgaven: 3 van de 4 scholen (75%) voldoen, verwacht 65,6% op 9 juli 2026 (de lijn van 33% op 10 juli 2025 naar 100%).")
    }

    @Test func behindAndAchieved() throws {
        // 1 of 4 on 9 July 2026 against 65,6%: 1,6 schools below the line.
        try Self.fixture(secondYear: ["ja", "nee", "nee", "nee"]).expect("2026-10-01", .behind, value: 25, expected: 65.6, needed: 75, projection: 16.1)
        try Self.fixture(secondYear: ["ja", "ja", "ja", "ja"]).expect("2026-07-09", .achieved, value: 100, expected: 65.6, needed: 0)
    }

    /// A return from before the covenant (2022-23) is the earliest measurement, not a crash.
    @Test func aReturnFromBeforeTheCovenantStartsTheLine() throws {
        let fixture = try RuleFixture(target: "praktijkgericht", files: [
            "schools": Self.schools, "waivers": Self.waivers,
            "school-years": Self.header + "g1;2022-23;2023-07-10;;ja;;;;;\n" + Self.firstYear,
        ])
        let judgement = try fixture.judge(asOf: "2024-03-01")
        #expect(judgement.status == .onTrack && judgement.value == 100)
        #expect(judgement.expectedPath?.first?.first == PathPoint(day: Day(iso: "2023-07-10")!, value: 100))
        #expect(judgement.reason == "Nieuwste opgaven: 1 van de 1 school (100%) voldoet; 2 scholen zonder opgave.")
    }

    @Test func staleReportsGiveNoData() throws {
        let judgement = try Self.fixture(secondYear: ["ja", "ja", "nee", "ja"]).judge(asOf: "2027-07-31")
        #expect(judgement.status == .noData)
        #expect(judgement.reason == "Geen actuele opgaven van de 4 scholen.")
        #expect(judgement.contributions.map(\.kind) == [.unreported, .unreported, .unreported, .unreported])
    }

    @Test func eachSchoolSeesItsAnswerAndTheSchoolsWithoutOne() throws {
        let judgement = try Self.fixture(secondYear: ["ja", "ja", "nee", "ja"]).judge(asOf: "2025-07-10")
        #expect(judgement.contributions.map(\.contributor.id) == ["g1", "g2", "g3", "g4"])
        #expect(judgement.contributions.map(\.kind) == [.contributes, .missing, .unreported, .waived])
        #expect(judgement.contributions.map(\.detail) == [
            "biedt een praktijkgericht programma (opgave 2024-25)", "nog geen praktijkgericht programma (opgave 2024-25)",
            "geen opgave", "vrijgesteld",
        ])
        #expect(judgement.findings.isEmpty)
        #expect(judgement.unreported == 1)
        #expect(judgement.reason == "Nieuwste opgaven: 1 van de 2 scholen (50%) voldoet; dit is de eerste meting, waar de lijn naar 100% begint; 1 school zonder opgave.")
        #expect(judgement.notes == ["1 van de 2 scholen (nieuwste opgaven)"])
        #expect(judgement.counted.map(\.source) == ["state/school-years.csv:2"])
    }
}
