import Testing

/// rules/data-delen.lua: data shared in both directions (vo → mbo and mbo → vo) in every whole
/// school year; the value is the number of directions shared in the running year.
@Suite("rule data-delen")
struct DataDelenRuleTests {
    static let files = [
        "schools": """
            id;name;board;stadsdeel;levels
            s1;B-school;bestuur-noord;;vmbo-b
            s2;T-school;bestuur-noord;;vmbo-gt
            s3;K-school;bestuur-noord;;vmbo-k
            s4;Havoschool;bestuur-noord;;havo
            """,
        "data-sharing": """
            date;from;to;kind
            2025-01-28;roc-test;s1;studiesucces
            2025-03-18;s1;roc-test;nco-rapportage
            2025-10-14;roc-test;s2;uitvalredenen
            2026-09-15;s2;roc-test;nco-rapportage
            2027-02-01;roc-test;s1;studiesucces
            """,
    ]

    let fixture: RuleFixture
    init() throws { fixture = try RuleFixture(target: "data-delen", files: Self.files) }

    @Test func bothDirectionsEveryYear() throws {
        try fixture.expect("2024-01-01", .onTrack, value: 0, expected: 0, needed: 2)
        try fixture.expect("2025-01-28", .onTrack, value: 1, expected: 1, needed: 1)
        try fixture.expect("2025-08-01", .onTrack, value: 0, expected: 0, needed: 2)
        try fixture.expect("2026-02-01", .onTrack, value: 1, expected: 1, needed: 1)
        try fixture.expect("2026-07-31", .behind, value: 1, expected: 2, needed: 1)
        // 2025-26 had only mbo → vo.
        try fixture.expect("2026-08-01", .behind, value: 0, expected: 0, needed: 2)
        try fixture.expect("2027-02-01", .behind, value: 2, expected: 1, needed: 0)
        try fixture.expect("2027-08-01", .behind, value: 2, expected: 2, needed: 0)
        #expect(try fixture.judge(asOf: "2028-02-02").status == .noData)
    }

    @Test func bothDirectionsInEveryYearIsAchieved() throws {
        var files = Self.files
        files["data-sharing"]! += "\n2026-03-17;s2;roc-test;nco-rapportage\n"
        let fixture = try RuleFixture(target: "data-delen", files: files)
        try fixture.expect("2026-09-15", .onTrack, value: 1, expected: 0.3, needed: 1)
        try fixture.expect("2027-02-01", .achieved, value: 2, expected: 1, needed: 0)
        try fixture.expect("2027-08-01", .achieved, value: 2, expected: 2, needed: 0)
    }

    @Test func whoSharedWhat() throws {
        let judgement = try fixture.judge(asOf: "2026-08-01")
        #expect(judgement.years.map(\.outcome) == [.runIn, .met, .missed, .running])
        #expect(judgement.years.map(\.value) == [0, 2, 1, 0])
        #expect(judgement.reason == "2025-26 had 1 van de 2 richtingen (afspraak: 2 per schooljaar); 2026-27 tot nu toe 0.")
        #expect(judgement.notes == [
            "2024-25: 1 vo-school gaf inzage, 1 mbo-instelling gaf inzicht aan 1 vo-school.",
            "2025-26: 0 vo-scholen gaven inzage, 1 mbo-instelling gaf inzicht aan 1 vo-school.",
        ])
        #expect(judgement.contributions.map(\.contributor) == [.school("s1"), .school("s2"), .school("s3"), .institution("roc-test")])
        // Each side is asked only what it can do itself: s2 received insight from the mbo but gave
        // none, so it is asked to give (its NCO data); what it receives is the mbo's part.
        #expect(judgement.contributions.map(\.kind) == [.missing, .missing, .missing, .contributes])
        #expect(judgement.contributions[3].detail == "sinds 1 augustus 2025: inzicht gegeven aan vo-scholen 1× (1 school); inzage gekregen (NCO) 0×")
        #expect(judgement.contributions[1].detail == "sinds 1 augustus 2025: inzage gegeven aan het mbo (NCO) 0×; inzicht van het mbo gekregen 1×")
        #expect(try fixture.judge(asOf: "2027-02-01").counted.map(\.label)
                == ["T-school → ROC Test: NCO-rapportage (15 september 2026)", "ROC Test → B-school: studiesucces (1 februari 2027)"])
    }
}
