import Testing

/// rules/havo-routes.lua: three steps of exploring a havo route via the mbo, 0 → 3 by 2027-07-31.
@Suite("rule havo-routes")
struct HavoRoutesRuleTests {
    static let steps = """
        step;date
        verkenning-gestart;2024-06-01
        bevindingen-gerapporteerd;2026-09-01
        besluit;2027-07-31
        """

    @Test func stepsAlongTheLine() throws {
        let fixture = try RuleFixture(target: "havo-routes", files: ["havo-milestones": Self.steps])
        try fixture.expect("2024-01-01", .onTrack, value: 0, expected: 0, needed: 3, projection: .some(nil))
        try fixture.expect("2024-06-01", .onTrack, value: 1, expected: 0.3, needed: 2)
        try fixture.expect("2026-06-01", .behind, value: 1, expected: 2, needed: 2, projection: 1.5)
        try fixture.expect("2026-09-01", .atRisk, value: 2, expected: 2.2, needed: 1)
        try fixture.expect("2027-07-31", .achieved, value: 3, expected: 3, needed: 0)
        let judgement = try fixture.judge(asOf: "2026-09-01")
        #expect(judgement.counted.map(\.label) == ["verkenning gestart (1 juni 2024)", "bevindingen gerapporteerd (1 september 2026)"])
        #expect(judgement.counted.map(\.source) == ["state/havo-milestones.csv:2", "state/havo-milestones.csv:3"])
        #expect(judgement.notes == ["Volgende stap: besluit genomen."])
    }

    @Test func noStepsIsBehindOnceTheLineExpectsTwo() throws {
        let fixture = try RuleFixture(target: "havo-routes", files: [:])
        try fixture.expect("2026-06-01", .behind, value: 0, expected: 2, needed: 3, projection: 0)
    }

    @Test func aStepWithoutTheOneBeforeIsFlagged() throws {
        let fixture = try RuleFixture(target: "havo-routes", files: ["havo-milestones": "step;date\nbevindingen-gerapporteerd;2025-01-01\n"])
        let judgement = try fixture.judge(asOf: "2027-08-01")
        #expect(judgement.status == .behind && judgement.value == 1)
        #expect(judgement.findings.map(\.message)
                == ["De stap 'bevindingen gerapporteerd' is gezet zonder de stap ervoor ('verkenning gestart'); klopt havo-milestones.csv?"])
    }
}
