import Testing

/// rules/routes-vmbo-t.lua: schools whose DLR/GLR vmbo-gt → niveau 4 was registered with DUO (its
/// first cohort can start the next August) or started, on or after 2024-01-01; a school already
/// running one then (Terra Nova in Amsterdam) does not count. 0 → 4 by 2027-07-31.
@Suite("rule routes-vmbo-t")
struct RoutesVmboTRuleTests {
    static let files = [
        "schools": """
            id;name;board;stadsdeel;levels
            t0;Pioniersschool;bestuur-noord;Oost;vmbo-gt havo
            t1;T-school 1;bestuur-noord;Zuidoost;vmbo-gt
            t2;T-school 2;bestuur-noord;;vmbo-gt
            t3;T-school 3;bestuur-noord;;vmbo-gt
            t4;T-school 4;bestuur-noord;;vmbo-gt
            t5;T-school 5;bestuur-noord;;vmbo-gt
            t6;T-school 6;bestuur-noord;;vmbo-gt
            """,
        "routes": """
            id;name;schools;institution;college;kind;from_level;to_level;sector;qualifications
            rt0;Pioniersroute;t0;roc-test;;DLR;vmbo-gt;4;overig;
            rt0b;Tweede pioniersroute;t0;roc-test;;DLR;vmbo-gt;4;zorg;
            rt1;Route 1;t1;roc-test;;DLR;vmbo-gt;4;ict;
            rt2;Route 2;t2;roc-test;;DLR;vmbo-gt;4;onderwijs;
            rt3;Route 3;t3;roc-test;;DLR;vmbo-gt;4;zorg;
            rt4;Route 4;t4;roc-test;;DLR;vmbo-gt;4;zorg;
            rt5;Route 5;t5;roc-test;;DLR;vmbo-gt;4;techniek;
            """,
        "route-stages": """
            route;stage;date
            rt0;eerste-cohort-gestart;2023-08-01
            rt0b;eerste-cohort-gestart;2025-08-25
            rt1;in-ontwikkeling;2024-03-01
            rt1;eerste-cohort-gestart;2024-08-26
            rt2;eerste-cohort-gestart;2025-08-25
            rt3;duo-registratie;2026-05-01
            rt3;eerste-cohort-gestart;2027-08-23
            rt4;eerste-cohort-gestart;2026-08-24
            rt4;gestopt;2027-01-15
            rt5;eerste-cohort-gestart;2027-08-24
            """,
        "waivers": """
            target;school;from;until;reason;decided_by
            routes-vmbo-t;t6;2024-01-01;;Geen tl-afdeling meer;stuurgroep 2024-01-15
            """,
    ]

    let fixture: RuleFixture
    init() throws { fixture = try RuleFixture(target: "routes-vmbo-t", files: Self.files) }

    @Test func aSchoolThatAlreadyRanARouteDoesNotCount() throws {
        try fixture.expect("2024-01-01", .onTrack, value: 0, expected: 0, needed: 4, projection: .some(nil))
        #expect(try fixture.judge(asOf: "2024-01-01").notes.first
                == "Pioniersschool biedt de route al sinds 1 augustus 2023 aan en telt niet mee voor de 4.")
        // Its second route, started in 2025, does not make it count either.
        try fixture.expect("2025-08-25", .onTrack, value: 2, expected: 1.8, needed: 2)
    }

    /// Cohorts start in August, after the deadline of 31 July 2027: a reading that waited for the
    /// first cohort would make the last school impossible a year early. A school counts once its
    /// route is registered with DUO.
    @Test func aSchoolCountsOnceItsRouteIsRegisteredWithDUO() throws {
        try fixture.expect("2026-04-30", .atRisk, value: 2, expected: 2.6, needed: 2)
        try fixture.expect("2026-05-01", .onTrack, value: 3, expected: 2.6, needed: 1)
        #expect(try fixture.judge(asOf: "2026-05-01").reason == "3 van de 4 scholen; verwacht 2,6.")
        // Route 3's first cohort starting later changes nothing: the school counts once.
        try fixture.expect("2027-08-23", .behind, value: 3, expected: 4, needed: 1)
    }

    @Test func aSchoolCountsOnceItsFirstCohortStarted() throws {
        try fixture.expect("2024-08-25", .atRisk, value: 0, expected: 0.7, needed: 4)
        try fixture.expect("2024-08-26", .onTrack, value: 1, expected: 0.7, needed: 3)
        try fixture.expect("2026-08-24", .achieved, value: 4, expected: 3, needed: 0)
    }

    @Test func aStoppedRouteNoLongerCounts() throws {
        try fixture.expect("2027-01-15", .atRisk, value: 3, expected: 3.4, needed: 1)
    }

    @Test func theDeadlineDayAndAfter() throws {
        try fixture.expect("2027-07-31", .behind, value: 3, expected: 4, needed: 1, projection: 3)
        try fixture.expect("2027-08-23", .behind, value: 3, expected: 4, needed: 1)
        try fixture.expect("2027-08-24", .achieved, value: 4, expected: 4, needed: 0)
    }

    @Test func schoolsSeeWhatIsMissing() throws {
        let judgement = try fixture.judge(asOf: "2026-06-01")
        #expect(judgement.contributions.map(\.contributor.id) == ["t1", "t2", "t3", "t4", "t5", "t6"])
        #expect(judgement.contributions.map(\.kind) == [.contributes, .contributes, .contributes, .candidate, .candidate, .waived])
        #expect(judgement.contributions[2].detail == "Route 3 (bij DUO geregistreerd op 1 mei 2026; het eerste cohort start in augustus)")
        #expect(judgement.contributions[3].detail == "nog geen leerroute vmbo-t naar niveau 4")
        #expect(judgement.counted.map(\.label) == ["Route 1", "Route 2", "Route 3"])  // not the pioneer's second route
        #expect(judgement.notes.contains("2 van de 3 getelde routes lopen al (eerste cohort gestart); 0 routes zijn in voorbereiding (nog niet bij DUO geregistreerd)."))
    }
}
