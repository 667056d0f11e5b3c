import Testing

/// rules/pro-vso-roc.lua: PrO/vso students offered a ROC trajectory out of those able, summed over
/// each school's newest fresh report; the covenant gives no baseline, so the line runs from the first
/// measurement (60% on 2025-07-10) to 100% on 2027-07-31.
@Suite("rule pro-vso-roc")
struct ProVsoRocRuleTests {
    static let files = [
        "schools": """
            id;name;board;stadsdeel;levels
            p1;Praktijkschool 1;bestuur-noord;Noord;PrO
            p2;Vso-school 2;bestuur-noord;;vso
            p3;Praktijkschool 3;bestuur-noord;;PrO
            p4;Vso-school 4;bestuur-noord;;vso
            m1;Mavo;bestuur-noord;;vmbo-gt
            """,
        "school-years": """
            school;school_year;reported_on;lob_voorlichting;praktijkgericht;stages;werkbezoeken;praktijkopdrachten;pro_vso_able;pro_vso_offered
            p1;2024-25;2025-07-10;;;;;;20;10
            p2;2024-25;2025-07-10;;;;;;10;8
            p1;2025-26;2026-07-09;;;;;;20;20
            p2;2025-26;2026-07-09;;;;;;10;10
            """,
        "waivers": """
            target;school;from;until;reason;decided_by
            pro-vso-roc;p4;2024-01-01;;Alleen leerlingen met uitstroomprofiel dagbesteding;stuurgroep 2024-01-15
            """,
    ]

    let fixture: RuleFixture
    init() throws { fixture = try RuleFixture(target: "pro-vso-roc", files: Self.files) }

    @Test func withoutReportsThereIsNoData() throws {
        try fixture.expect("2024-01-01", .noData, value: nil, expected: nil, needed: nil)
        #expect(try fixture.judge(asOf: "2024-01-01").reason == "Geen actuele opgaven van de 3 scholen.")
    }

    @Test func theShareOfStudentsAlongTheLine() throws {
        // 18 of 30 students: the first measurement, so the line starts at 60%. Until the next returns
        // the share is compared with the line on that day: there is no new measurement to judge.
        try fixture.expect("2025-07-10", .onTrack, value: 60, expected: 60, needed: 40, projection: .some(nil))
        try fixture.expect("2026-05-01", .onTrack, value: 60, expected: 60, needed: 40, projection: .some(nil))
        try fixture.expect("2026-07-08", .onTrack, value: 60, expected: 60, needed: 40, projection: .some(nil))
        // Every student of the schools that reported, but p3 has made no return: on track, and the
        // reason says so; it cannot be achieved while a school is unknown.
        try fixture.expect("2026-07-09", .onTrack, value: 100, expected: 79.4, needed: 0)
        #expect(try fixture.judge(asOf: "2026-07-09").reason?.hasSuffix("kregen een ROC-traject aangeboden; 1 school zonder opgave.") == true)
    }

    /// Returns that count no student able: nothing to measure, and the reason says so.
    @Test func returnsWithoutStudentsHaveNothingToMeasure() throws {
        var files = Self.files
        files["school-years"] = "school;school_year;reported_on;lob_voorlichting;praktijkgericht;stages;werkbezoeken;praktijkopdrachten;pro_vso_able;pro_vso_offered\n"
            + "p1;2024-25;2025-07-10;;;;;;0;0\np2;2024-25;2025-07-10;;;;;;0;0\n"
        let judgement = try RuleFixture(target: "pro-vso-roc", files: files).judge(asOf: "2025-08-01")
        #expect(judgement.status == .noData)
        #expect(judgement.reason == "De actuele opgaven tellen samen 0 leerlingen: er is niets om te meten.")
    }

    @Test func staleReportsGiveNoData() throws {
        let judgement = try fixture.judge(asOf: "2027-07-12")
        #expect(judgement.status == .noData)
        #expect(judgement.reason == "Geen actuele opgaven van de 3 scholen.")
    }

    @Test func perSchoolSharesAndTheSchoolsWithoutAReport() throws {
        let judgement = try fixture.judge(asOf: "2025-07-10")
        #expect(judgement.contributions.map(\.contributor.id) == ["p1", "p2", "p3", "p4"])
        #expect(judgement.contributions.map(\.kind) == [.missing, .missing, .unreported, .waived])
        #expect(judgement.contributions[0].detail == "10 van de 20 leerlingen kregen een ROC-traject aangeboden (opgave 2024-25)")
        #expect(judgement.contributions[2].detail == "geen opgave")
        #expect(judgement.unreported == 1)
        #expect(judgement.notes.first == "18 van de 30 leerlingen (nieuwste opgaven)")
    }
}
