import Testing

/// rules/lob-voorlichting.lua: every school with vmbo or havo gives study-choice information about
/// the mbo, every school year, so 100% is expected from the start.
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
        // l5 is waived, l4 (PrO) is not a vmbo or havo school: 3 of 3.
        try fixture.expect("2025-07-10", .onTrack, value: 100, expected: 100, needed: 0, projection: .some(nil))
        // The waiver ended on the school-year boundary: one school short is a risk.
        try fixture.expect("2025-07-31", .onTrack, value: 100, expected: 100, needed: 0)
        try fixture.expect("2025-08-01", .atRisk, value: 75, expected: 100, needed: 25)
        // l3 left the question open in 2025-26, so its 2024-25 answer counts: 2 of 4.
        try fixture.expect("2026-07-09", .behind, value: 33.3, expected: 100, needed: 66.7)
    }

    @Test func aSchoolWhoseAnswerIsStaleCountsAsNotMeetingIt() throws {
        try fixture.expect("2026-07-12", .behind, value: 33.3, expected: 100, needed: 66.7)
        let judgement = try fixture.judge(asOf: "2026-07-12")
        #expect(judgement.contributions.first { $0.contributor.id == "l3" }?.detail == "laatste opgave (2024-25) is verouderd")
        #expect(judgement.findings.first?.message == "1 school zonder actuele opgave telt als niet voldaan: l3.")
        #expect(judgement.notes == ["1 van de 4 scholen", "2024-25: 3 van de 4 opgaven voldoen.", "2025-26: 1 van de 3 opgaven voldoen."])
    }

    @Test func allReportsStaleGivesNoData() throws {
        #expect(try fixture.judge(asOf: "2027-07-10").status == .noData)
    }
}
