import Testing

/// rules/lob-voorlichting.lua: every school with vmbo or havo gives study-choice information about
/// the mbo, every school year: a level of 100% to keep from the start, judged on the newest school
/// year for which at least half of the schools made their return.
@Suite("rule lob-voorlichting")
struct LobVoorlichtingRuleTests {
    static let files = [
        "schools": """
            id;name;board;stadsdeel;levels
            l1;B-school;bestuur-noord;;vmbo-b
            l2;Havoschool;bestuur-noord;;havo
            l3;T-school;bestuur-noord;;vmbo-gt
            l4;Praktijkschool;bestuur-noord;;PrO
            l5;K-school;bestuur-noord;;vmbo-k
            """,
        "school-years": """
            school;school_year;reported_on;lob_voorlichting;praktijkgericht;stages;werkbezoeken;praktijkopdrachten;pro_vso_able;pro_vso_offered
            l1;2024-25;2025-07-10;ja;;;;;;
            l2;2024-25;2025-07-10;ja;;;;;;
            l3;2024-25;2025-07-10;ja;;;;;;
            l4;2024-25;2025-07-10;nee;;;;;;
            l5;2024-25;2025-07-10;nee;;;;;;
            l1;2025-26;2026-07-09;ja;;;;;;
            l2;2025-26;2026-07-09;nee;;;;;;
            l3;2025-26;2026-07-09;;;2;;;;
            l5;2025-26;2026-07-09;nee;;;;;;
            """,
        "waivers": """
            target;school;from;until;reason;decided_by
            lob-voorlichting;l5;2024-01-01;2025-07-31;Verbouwing;stuurgroep 2024-01-15
            """,
    ]

    let fixture: RuleFixture
    init() throws { fixture = try RuleFixture(target: "lob-voorlichting", files: Self.files) }

    @Test func everyStatus() throws {
        try fixture.expect("2024-01-01", .noData, value: nil, expected: nil, needed: nil)
        // l5 is waived, l4 (PrO) is not a vmbo or havo school: 3 of 3 in 2024-25. A level held
        // before the deadline is on track; it is achieved only when the period is over.
        try fixture.expect("2025-07-10", .onTrack, value: 100, expected: 100, needed: 0, projection: .some(nil))
        try fixture.expect("2025-07-31", .onTrack, value: 100, expected: 100, needed: 0)
        // The waiver ended on the school-year boundary: l5's "nee" for 2024-25 now counts, one
        // school below the level is a risk.
        try fixture.expect("2025-08-01", .atRisk, value: 75, expected: 100, needed: 25)
        #expect(try fixture.judge(asOf: "2025-08-01").reason == "Opgaven over 2024-25: 3 van de 4 scholen (75%) voldoen, het niveau is 100%.")
        // 2025-26 is judged once three of the four made their return: 1 of 3 (l3 left the question open).
        try fixture.expect("2026-07-09", .behind, value: 33.3, expected: 100, needed: 66.7)
    }

    @Test func aSchoolWithoutAReturnIsCountedApartNotAsFailing() throws {
        let judgement = try fixture.judge(asOf: "2026-07-12")
        #expect(judgement.status == .behind)
        #expect(judgement.contributions.first { $0.contributor.id == "l3" }?.kind == .unreported)
        #expect(judgement.contributions.first { $0.contributor.id == "l3" }?.detail == "geen opgave over 2025-26 (laatste: 2024-25)")
        #expect(judgement.unreported == 1)
        #expect(judgement.reason == "Opgaven over 2025-26: 1 van de 3 scholen (33%) voldoet, het niveau is 100%; 1 school zonder opgave over 2025-26.")
        #expect(judgement.judgedSchoolYear == "2025-26")
        #expect(judgement.years.map(\.schoolYear) == ["2024-25", "2025-26"])
        #expect(judgement.years.map(\.unreported) == [0, 1])
        #expect(judgement.notes == ["1 van de 3 scholen (opgaven over 2025-26)"])
    }

    /// The cliff the old reading had: returns older than the limit counted as "does not meet",
    /// so the share fell from 90% to 20% overnight. Now an old year's returns stay that year's
    /// returns, and when the newest are older than the limit the status says so.
    @Test func oldReturnsAreNoDataWithTheReasonNotAFall() throws {
        let judgement = try fixture.judge(asOf: "2027-07-10")
        #expect(judgement.status == .noData)
        #expect(judgement.value.map { ($0 * 10).rounded() / 10 } == 33.3)
        #expect(judgement.reason?.hasPrefix("Geen actuele gegevens: de nieuwste zijn van 9 juli 2026, ouder dan de grens van 12 maanden. Op die gegevens gaf de regel: „") == true)
    }
}
