import Testing

/// rules/evaluatie.lua: two monitoring moments in every whole school year.
@Suite("rule evaluatie")
struct EvaluatieRuleTests {
    static func fixture(springOf2026: Bool = false, stuurgroep: Bool = true) throws -> RuleFixture {
        var rows = ["2024-03-26", "2024-11-12", "2025-05-27", "2025-11-18"] + (springOf2026 ? ["2026-05-12"] : [])
            + ["2026-11-10", "2027-05-25"]
        rows = rows.map { "monitoring-\($0);\($0);monitoring;;Voortgangsbespreking;bestuur-noord" }
        if stuurgroep { rows.append("stuurgroep-2026-03-10;2026-03-10;stuurgroep;;Stuurgroep: middelen;bestuur-noord") }
        return try RuleFixture(target: "evaluatie", files: ["events": "id;date;kind;form;title;participants\n" + rows.joined(separator: "\n") + "\n"])
    }

    @Test func twiceEveryYear() throws {
        let fixture = try Self.fixture()
        try fixture.expect("2024-01-01", .onTrack, value: 0, expected: 0, needed: 2)
        try fixture.expect("2025-08-01", .onTrack, value: 0, expected: 0, needed: 2)
        try fixture.expect("2026-07-31", .behind, value: 1, expected: 2, needed: 1)
        try fixture.expect("2026-08-01", .behind, value: 0, expected: 0, needed: 2)
        try fixture.expect("2027-05-25", .behind, value: 2, expected: 1.6, needed: 0)
        try fixture.expect("2027-08-01", .behind, value: 2, expected: 2, needed: 0)
        try Self.fixture(springOf2026: true).expect("2027-05-25", .achieved, value: 2, expected: 1.6, needed: 0)
    }

    @Test func aStuurgroepMeetingKeepsTheRegisterFreshButIsNoMonitoringMoment() throws {
        try Self.fixture().expect("2026-08-19", .behind, value: 0, expected: 0.1, needed: 2)
        let stale = try Self.fixture(stuurgroep: false).judge(asOf: "2026-08-19")
        #expect(stale.status == .noData)
        #expect(stale.findings.first?.message
                == "Geen actuele gegevens: de nieuwste zijn van 18 november 2025, ouder dan de grens van 9 maanden.")
    }
}
