import Testing

/// rules/bedrijfsleven.lua: every vo school reports at least one stage, werkbezoek or
/// praktijkopdracht per school year: a level of 100% to keep from the start.
@Suite("rule bedrijfsleven")
struct BedrijfslevenRuleTests {
    static let schools = """
        id;name;board;stadsdeel;levels
        b1;B-school;bestuur-noord;;vmbo-b
        b2;Praktijkschool;bestuur-noord;;PrO
        b3;Havoschool;bestuur-noord;;havo
        """
    static let header = "school;school_year;reported_on;lob_voorlichting;praktijkgericht;stages;werkbezoeken;praktijkopdrachten;pro_vso_able;pro_vso_offered\n"

    static func fixture(b3SecondYear: String) throws -> RuleFixture {
        try RuleFixture(target: "bedrijfsleven", files: ["schools": schools, "school-years": header + """
            b1;2024-25;2025-07-10;;;2;;;;
            b2;2024-25;2025-07-10;;;0;0;0;;
            b3;2024-25;2025-07-10;ja;;;;;;
            b1;2025-26;2026-07-09;;;1;;;;
            b2;2025-26;2026-07-09;;;;1;;;
            b3;2025-26;2026-07-09;;;\(b3SecondYear);;;

            """])
    }

    @Test func everyStatus() throws {
        let fixture = try Self.fixture(b3SecondYear: "0;0;3")
        try fixture.expect("2024-01-01", .noData, value: nil, expected: nil, needed: nil)
        // b2 reported no activity; b3 left the three numbers empty, so it has no return for this
        // target (counted apart, not as failing): 1 of 2, one school below the level, a risk.
        try fixture.expect("2025-07-10", .atRisk, value: 50, expected: 100, needed: 50)
        #expect(try fixture.judge(asOf: "2025-07-10").contributions.map(\.kind) == [.contributes, .missing, .unreported])
        // Every school at the level before the deadline: on track, not yet achieved.
        try fixture.expect("2026-07-09", .onTrack, value: 100, expected: 100, needed: 0)
        try Self.fixture(b3SecondYear: "0;0;0").expect("2026-07-09", .atRisk, value: 66.7, expected: 100, needed: 33.3)
        #expect(try fixture.judge(asOf: "2027-07-10").status == .noData)
    }

    @Test func schoolsSeeTheirActivities() throws {
        let judgement = try Self.fixture(b3SecondYear: "0;0;3").judge(asOf: "2026-07-09")
        #expect(judgement.contributions.map(\.detail) == [
            "1 stage, 0 werkbezoeken, 0 praktijkopdrachten (opgave 2025-26)",
            "0 stages, 1 werkbezoek, 0 praktijkopdrachten (opgave 2025-26)",
            "0 stages, 0 werkbezoeken, 3 praktijkopdrachten (opgave 2025-26)",
        ])
        #expect(judgement.notes.last == "In de opgaven over 2025-26 samen: 1 stage, 1 werkbezoek, 3 praktijkopdrachten.")
    }
}
