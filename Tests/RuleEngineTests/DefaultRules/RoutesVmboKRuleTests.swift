import Testing

/// rules/routes-vmbo-k.lua: new DLR/GLR routes vmbo-k → niveau 4, counted from 'in-ontwikkeling'
/// on or after 2024-01-01; 0 → 3 by 2027-07-31, and at least one in every whole school year.
@Suite("rule routes-vmbo-k")
struct RoutesVmboKRuleTests {
    static let files = [
        "schools": """
            id;name;board;stadsdeel;levels
            k1;Kaderschool 1;bestuur-noord;Nieuw-West;vmbo-b vmbo-k
            k2;Kaderschool 2;bestuur-noord;Noord;vmbo-k
            k3;Kaderschool 3;bestuur-noord;;vmbo-k
            k4;Kaderschool 4;bestuur-noord;;vmbo-k
            k5;Kaderschool 5;bestuur-noord;;vmbo-k
            """,
        "routes": """
            id;name;schools;institution;college;kind;from_level;to_level;sector;qualifications
            rk0;Oude route;k4;roc-test;;DLR;vmbo-k;4;zorg;
            rk1;Route zorg;k1;roc-test;;DLR;vmbo-k;4;zorg;
            rk2;Route techniek;k2;roc-test;;DLR;vmbo-k;4;techniek;
            rk3;Route onderwijs;k3;roc-test;;DLR;vmbo-k;4;onderwijs;
            rk4;Route naar niveau 3;k1;roc-test;;DLR;vmbo-k;3;zorg;
            rk6;Route ict;k4;roc-test;;DLR;vmbo-k;4;ict;
            """,
        "route-stages": """
            route;stage;date
            rk0;in-ontwikkeling;2023-05-01
            rk1;verkenning;2024-02-01
            rk1;in-ontwikkeling;2024-06-03
            rk1;gestopt;2026-09-01
            rk2;verkenning;2026-01-05
            rk2;in-ontwikkeling;2026-08-03
            rk3;in-ontwikkeling;2027-07-31
            rk4;in-ontwikkeling;2024-09-01
            rk6;in-ontwikkeling;2027-07-31
            """,
        "waivers": """
            target;school;from;until;reason;decided_by
            routes-vmbo-k;k5;2024-01-01;;Kaderafdeling sluit;stuurgroep 2024-01-15
            """,
    ]

    let fixture: RuleFixture
    init() throws { fixture = try RuleFixture(target: "routes-vmbo-k", files: Self.files) }

    @Test func theBaselineDayShowsNoRoutes() throws {
        // rk0 was developed before the covenant; rk4 goes to niveau 3: neither counts.
        try fixture.expect("2024-01-01", .onTrack, value: 0, expected: 0, needed: 3, projection: .some(nil))
        #expect(try fixture.judge(asOf: "2024-01-01").neededPerSchoolYear == 1)
    }

    @Test func aRouteBegunBeforeTheFirstWholeSchoolYearCountsForIt() throws {
        // 1 route against 1,3 on the line to 3: below the line by less than one, a risk; the
        // yearly commitment is met (rk1 counts for 2024-25).
        try fixture.expect("2025-07-31", .atRisk, value: 1, expected: 1.3, needed: 2)
        let judgement = try fixture.judge(asOf: "2025-08-01")
        #expect(judgement.status == .atRisk)
        // The commitment starts with 2024-25: the run-in year is no row of its own.
        #expect(judgement.years.map(\.schoolYear) == ["2024-25", "2025-26"])
        #expect(judgement.years.map(\.outcome) == [.met, .running])
        #expect(judgement.reason?.hasPrefix("Jaarafspraak: 2025-26: 0 van de 1 nieuwe route, naar rato 0 verwacht") == true)
        #expect(judgement.counted.map(\.label) == ["Route zorg (in ontwikkeling sinds 3 juni 2024)"])
    }

    @Test func aSchoolYearWithoutANewRouteIsBehindAndSaysWhetherTheEndNumberIsReachable() throws {
        try fixture.expect("2026-07-31", .behind, value: 1, expected: 2.2, needed: 2)
        // On the line again by count, but 2025-26 brought no new route: the commitment is broken.
        try fixture.expect("2026-08-03", .behind, value: 2, expected: 2.2, needed: 1)
        let judgement = try fixture.judge(asOf: "2026-08-03")
        #expect(judgement.years.first { $0.schoolYear == "2025-26" }?.outcome == .missed)
        #expect(judgement.reason == "Jaarafspraak: 2025-26 had 0 van de 1 nieuwe route (afspraak: 1 per schooljaar); 2026-27 tot nu toe 1."
                + " Eindaantal: 2 van de 3 routes, 0,2 onder de lijn (verwacht 2,2); in dit tempo 2,8 op 31 juli 2027."
                + " Nog haalbaar: 1 nodig vóór 31 juli 2027.")
    }

    @Test func aStoppedRouteNoLongerCountsNotEvenForItsYear() throws {
        try fixture.expect("2026-09-01", .behind, value: 1, expected: 2.2, needed: 2)
        // rk1 stopped, so 2024-25 has no new route any more, and neither has 2025-26.
        #expect(try fixture.judge(asOf: "2026-09-01").years.filter { $0.outcome == .missed }.map(\.schoolYear) == ["2024-25", "2025-26"])
    }

    @Test func reachingTheEndNumberAfterAMissedYearIsStillBehind() throws {
        // Three routes on the deadline day, but 2025-26 had none: the covenant's "elk schooljaar"
        // was not kept, and the reason says both.
        try fixture.expect("2027-07-31", .behind, value: 3, expected: 3, needed: 0)
        try fixture.expect("2027-08-01", .behind, value: 3, expected: 3, needed: 0)
        let reason = try #require(try fixture.judge(asOf: "2027-07-31").reason)
        #expect(reason.contains("2025-26 had 0 van de 1 nieuwe route ") && reason.contains("Eindaantal: doel gehaald: 3 van de 3 routes."))
    }

    @Test func contributionsAndFocus() throws {
        let judgement = try fixture.judge(asOf: "2027-07-31")
        #expect(judgement.contributions.map(\.kind) == [.candidate, .contributes, .contributes, .contributes, .waived])
        #expect(judgement.notes.suffix(2) == [
            "Focusstadsdelen (scholen): Nieuw-West 0, Zuidoost 0, Noord 1.",
            "Maatschappelijk cruciale sectoren (routes): onderwijs 1, zorg 0, techniek 1, ict 1.",
        ])
    }
}
