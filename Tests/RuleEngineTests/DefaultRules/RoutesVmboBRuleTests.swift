import Testing

/// rules/routes-vmbo-b.lua: distinct vmbo-b schools with a DLR or GLR from 'in-ontwikkeling' on;
/// baseline 4 on 2024-01-01, target 12 on 2027-07-31 (1307 days).
@Suite("rule routes-vmbo-b")
struct RoutesVmboBRuleTests {
    static let files = [
        "schools": """
            id;name;board;stadsdeel;levels
            v1;School 1;bestuur-noord;Noord;vmbo-b vmbo-k
            v2;School 2;bestuur-noord;Zuidoost;vmbo-b
            v3;School 3;bestuur-noord;;vmbo-b
            v4;School 4;bestuur-noord;;vmbo-b
            v5;School 5;bestuur-noord;Nieuw-West;vmbo-b
            v6;School 6;bestuur-noord;;vmbo-b
            v7;School 7;bestuur-noord;;vmbo-b
            v8;School 8;bestuur-noord;;vmbo-b
            v9;School 9;bestuur-noord;;vmbo-b
            v10;School 10;bestuur-noord;;vmbo-b
            v11;School 11;bestuur-noord;;vmbo-b
            v12;School 12;bestuur-noord;;vmbo-b
            v13;School 13;bestuur-noord;;vmbo-b
            v14;School 14;bestuur-noord;;vmbo-b
            h1;Havoschool;bestuur-noord;;havo
            """,
        "routes": """
            id;name;schools;institution;college;kind;from_level;to_level;sector;qualifications
            r1;Route 1;v1;roc-test;;GLR;vmbo-b;2;zorg;
            r1b;Tweede route 1;v1;roc-test;;DLR;vmbo-b;2;techniek;
            r2;Route 2;v2;roc-test;;GLR;vmbo-b;2;zorg;
            r3;Route 3;v3;roc-test;;GLR;vmbo-b;2;techniek;
            r4;Route 4;v4;roc-test;;GLR;vmbo-b;2;handel;
            r5;Route 5;v5;roc-test;;DLR;vmbo-b;2;ict;
            r6;Route 6;v6;roc-test;;DLR;vmbo-b;2;zorg;
            r7;Route 7;v7;roc-test;;DLR;vmbo-b;2;zorg;
            r8a;Gestopte route 8;v8;roc-test;;DLR;vmbo-b;2;zorg;
            r8;Route 8;v8;roc-test;;DLR;vmbo-b;2;zorg;
            r9;Route 9;v9;roc-test;;DLR;vmbo-b;2;zorg;
            r10;Route 10;v10;roc-test;;DLR;vmbo-b;2;zorg;
            r11;Route 11;v11;roc-test;;DLR;vmbo-b;2;zorg;
            r12;Route 12;v12;roc-test;;DLR;vmbo-b;2;zorg;
            r13;Route 13;v13;roc-test;;DLR;vmbo-b;2;zorg;
            r14;Gestapelde route 14;v14;roc-test;;gestapeld;vmbo-b;2;zorg;
            """,
        "route-stages": """
            route;stage;date
            r1;eerste-cohort-gestart;2019-08-01
            r1b;in-ontwikkeling;2024-03-01
            r2;eerste-cohort-gestart;2019-08-01
            r3;eerste-cohort-gestart;2019-08-01
            r4;eerste-cohort-gestart;2019-08-01
            r5;in-ontwikkeling;2024-09-02
            r6;in-ontwikkeling;2025-02-03
            r7;verkenning;2025-01-01
            r7;in-ontwikkeling;2026-04-01
            r8a;in-ontwikkeling;2024-10-01
            r8a;gestopt;2025-03-03
            r8;in-ontwikkeling;2027-07-31
            r9;in-ontwikkeling;2027-07-31
            r10;in-ontwikkeling;2027-07-31
            r11;in-ontwikkeling;2027-07-31
            r12;in-ontwikkeling;2027-07-31
            r13;verkenning;2024-05-01
            r14;eerste-cohort-gestart;2024-09-01
            r14;gestopt;2027-01-04
            """,
        "waivers": """
            target;school;from;until;reason;decided_by
            routes-vmbo-b;v13;2024-01-01;;School 13 fuseert met school 12;stuurgroep 2024-01-15
            """,
    ]

    let fixture: RuleFixture
    init() throws { fixture = try RuleFixture(target: "routes-vmbo-b", files: Self.files) }

    @Test func theBaselineDayShowsTheCovenantsBaseline() throws {
        try fixture.expect("2024-01-01", .onTrack, value: 4, expected: 4, needed: 8, projection: .some(nil))
        let judgement = try fixture.judge(asOf: "2024-01-01")
        #expect(judgement.neededPerSchoolYear == 2)  // 8 over 2023-24 … 2026-27
        #expect(judgement.notes == [
            "4 van de 4 routes lopen (eerste cohort gestart).",
            "Focusstadsdelen (scholen): Nieuw-West 0, Zuidoost 1, Noord 1.",
            "Maatschappelijk cruciale sectoren (routes): onderwijs 0, zorg 2, techniek 1, ict 0.",
        ])
    }

    @Test func everyStatusAlongTheLine() throws {
        // A route in development counts; a school with two routes counts once (v1).
        try fixture.expect("2025-03-01", .onTrack, value: 7, expected: 6.6, needed: 5, projection: 13.2)
        // r8a stopped on 2025-03-03: v8 no longer counts; one below the line is a risk.
        try fixture.expect("2025-07-31", .behind, value: 6, expected: 7.5, needed: 6, projection: 8.5)
        try fixture.expect("2025-12-01", .behind, value: 6, expected: 8.3, needed: 6, projection: 7.7)
        // Route targets have no freshness limit: a quiet register (nothing changed for a year) still counts.
        try fixture.expect("2026-03-15", .behind, value: 6, expected: 8.9, needed: 6)
        try fixture.expect("2026-04-01", .behind, value: 7, expected: 9, needed: 5, projection: 8.8)
        try fixture.expect("2027-07-30", .behind, value: 7, expected: 12, needed: 5, projection: 7)
    }

    @Test func theDeadlineDayAndAfter() throws {
        try fixture.expect("2027-07-31", .achieved, value: 12, expected: 12, needed: 0, projection: 12)
        try fixture.expect("2027-08-01", .achieved, value: 12, expected: 12, needed: 0, projection: 12)
    }

    @Test func theSchoolYearBoundarySpreadsWhatIsNeededOverFewerYears() throws {
        #expect(try fixture.judge(asOf: "2025-07-31").neededPerSchoolYear == 2)  // 6 over three school years
        #expect(try fixture.judge(asOf: "2025-08-01").neededPerSchoolYear == 3)  // 6 over two
    }

    @Test func eachSchoolSeesItsContribution() throws {
        let contributions = try fixture.judge(asOf: "2025-08-01").contributions
        let bySchool = Dictionary(uniqueKeysWithValues: contributions.map { ($0.contributor.id, $0) })
        #expect(contributions.count == 14)  // the vmbo-b schools, not the havo school
        #expect(bySchool["v1"]?.kind == .contributes)
        // The city needs a number of schools: each school without a route is a candidate, not asked alone.
        #expect(bySchool["v7"]?.kind == .candidate && bySchool["v7"]?.detail == "Route 7: verkenning, telt vanaf de fase in ontwikkeling")
        #expect(bySchool["v8"]?.kind == .candidate && bySchool["v8"]?.detail == "Gestopte route 8: gestopt, telt niet mee")
        #expect(bySchool["v13"]?.kind == .waived)
        #expect(bySchool["v14"]?.detail == "nog geen leerroute vmbo-b")  // a gestapelde route is no leerroute
        let waivers = try fixture.judge(asOf: "2025-08-01").waivers
        #expect(waivers.map(\.school) == ["v13"] && waivers.map(\.reason) == ["School 13 fuseert met school 12"])
    }
}
