import CovenantModel
import Foundation
import RuleEngine
import TargetJudgement
import Testing
import WorkspaceLoader

/// Targets on measured indicators, judged by `koers.judge_indicator`: a level reached by the
/// deadline (down and up), a level kept in every period, an improvement against the baseline
/// period; one party and many, a baseline of 0, missing periods, stale data and a waiver.
@Suite("indicator targets")
struct IndicatorTargetTests {
    /// The minimal workspace with a second mbo institution, three indicators and a target of each
    /// kind; every target's rule is the two-line `koers.judge_indicator` rule.
    final class Fixture {
        let url: URL

        static let covenant = """
            name: Indicatorconvenant
            period: {baseline: 2024-01-01, deadline: 2027-07-31}
            parties:
              - {name: ROC Test, role: mbo, board: bestuur-roc}
              - {name: Bestuur Noord, role: vo, board: bestuur-noord}
              - {name: Bestuur Zuid, role: vo, board: bestuur-zuid}
            action_lines:
              - {id: meten, title: Meten}
            indicators:
              - id: uitval
                title: Uitval in jaar 1
                unit: "%"
                direction: lower
                parties: [region, institutions]
                periods: school-year
                region: weighted
                weight: instroom
                freshness: 18 months
              - id: instroom
                title: Instroom
                unit: {one: student, other: studenten}
                direction: higher
                parties: [institutions]
                periods: school-year
                region: sum
              - id: stages
                title: Stages
                unit: "%"
                direction: higher
                parties: region
                periods: year
              - id: lob
                title: LOB-gesprekken
                unit: "%"
                direction: higher
                parties: [schools]
                periods: school-year
                region: mean
            targets:
              - id: uitval-omlaag
                action_line: meten
                title: Uitval onder de 8%
                kind: indicator-level
                indicator: uitval
                baseline: {period: 2023-24}
                target: {value: 8}
              - id: uitval-minder
                action_line: meten
                title: Uitval 2 procentpunt lager
                kind: indicator-improvement
                indicator: uitval
                baseline: {period: 2023-24}
                target: {improvement: 2}
              - id: meer-instroom
                action_line: meten
                title: Vijftig studenten meer
                kind: indicator-improvement
                indicator: instroom
                baseline: {period: 2023-24}
                target: {improvement: 50}
              - id: stages-omhoog
                action_line: meten
                title: Stages naar 70%
                kind: indicator-level
                indicator: stages
                baseline: {value: 50}
                target: {value: 70}
              - id: stages-elk-jaar
                action_line: meten
                title: Elk jaar 70% stages
                kind: indicator-every-period
                indicator: stages
                baseline: {}
                target: {value: 70}
              - id: lob-iedereen
                action_line: meten
                title: LOB voor negen op de tien
                kind: indicator-level
                indicator: lob
                baseline: {value: 60}
                target: {value: 90}

            """
        /// The baseline school year: uitval 10 at roc-test (300 students) and 12 at roc-twee (100): 10,5 for the region.
        static let baseline = """
            indicator;party;period;value;published;source
            uitval;roc-test;2023-24;10;;voorbeeld
            uitval;roc-twee;2023-24;12;;voorbeeld
            instroom;roc-test;2023-24;300;;voorbeeld
            instroom;roc-twee;2023-24;100;;voorbeeld

            """

        init(measurements: String, waivers: String = "") throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("koers-indicators-\(UUID().uuidString)")
            let manager = FileManager.default
            try manager.copyItem(at: RuleFixture.minimal, to: url)
            try Data(Self.covenant.utf8).write(to: url.appendingPathComponent("covenant.yaml"))
            try Data("id;name;board\nroc-test;ROC Test;bestuur-roc\nroc-twee;ROC Twee;bestuur-roc\n".utf8)
                .write(to: url.appendingPathComponent("state/institutions.csv"))
            try Data((Self.baseline + measurements).utf8).write(to: url.appendingPathComponent("state/measurements.csv"))
            try Data(("target;school;from;until;reason;decided_by\n" + waivers).utf8).write(to: url.appendingPathComponent("state/waivers.csv"))
            try manager.createDirectory(at: url.appendingPathComponent("rules"), withIntermediateDirectories: true)
            for target in ["uitval-omlaag", "uitval-minder", "meer-instroom", "stages-omhoog", "stages-elk-jaar", "lob-iedereen"] {
                try Data("local koers = require(\"koers\")\nreturn koers.judge_indicator { state = state, target = target }\n".utf8)
                    .write(to: url.appendingPathComponent("rules/\(target).lua"))
            }
        }

        deinit { try? FileManager.default.removeItem(at: url) }

        func judge(_ target: String, on date: String) throws -> TargetJudgement {
            let result = WorkspaceLoader.load(from: url)
            let workspace = try #require(result.workspace, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
            let judgements = RuleRunner(workspace: url).judge(workspace.state(asOf: Day(iso: date)!))
            let judgement = try #require(judgements.first { $0.targetID == target })
            #expect(judgement.failure == nil, "\(judgement.failure?.description ?? "")")
            return judgement
        }
    }

    static func shown(_ value: Double?) -> Double? { RuleFixture.shown(value) }

    // The line of uitval-omlaag: from 10,5% on 31 July 2024 (the baseline school year's last day)
    // to 8% on 31 July 2027, 1095 days; on 31 July 2025 it is 10,5 − 2,5 × 365/1095 = 9,67.

    @Test func aLevelDownIsJudgedOnTheNewestWeightedValueAgainstTheLine() throws {
        // 2024-25: 9 at roc-test (320 students) and 11 at roc-twee (110): (2880 + 1210)/430 = 9,51.
        let fixture = try Fixture(measurements: """
            uitval;roc-test;2024-25;9;2025-10-01;voorbeeld
            uitval;roc-twee;2024-25;11;2025-10-01;voorbeeld
            instroom;roc-test;2024-25;320;2025-10-01;voorbeeld
            instroom;roc-twee;2024-25;110;2025-10-01;voorbeeld

            """)
        let judgement = try fixture.judge("uitval-omlaag", on: "2025-11-01")
        #expect(judgement.status == .onTrack)
        #expect(Self.shown(judgement.value) == 9.5 && Self.shown(judgement.expected) == 9.7 && judgement.target == 8)
        #expect(judgement.method == .indicator && judgement.expectedOn == Day(iso: "2025-07-31"))
        #expect(judgement.expectedPath == [[PathPoint(day: Day(iso: "2024-07-31")!, value: 10.5), PathPoint(day: Day(iso: "2027-07-31")!, value: 8)]])
        #expect(judgement.reason == "9,5% over 2024-25; verwacht 9,7% op 31 juli 2025.")
        #expect(Self.shown(judgement.needed) == 1.5)
        // Each institution's own newest value against the level: both still above 8%.
        #expect(judgement.contributions.map(\.kind) == [.missing, .missing])
        #expect(judgement.contributions.map(\.detail) == ["9% over 2024-25", "11% over 2024-25"])
        // Before the figures were published, the baseline itself is the newest value: on its line.
        let before = try fixture.judge("uitval-omlaag", on: "2025-09-30")
        #expect(before.status == .onTrack && before.value == 10.5 && before.expected == 10.5)
    }

    @Test(arguments: [
        // A region row wins over the combination of the parties' values.
        ("9.9", TargetStatus.atRisk, "9,9% over 2024-25, 0,2 procentpunt boven de lijn (verwacht 9,7% op 31 juli 2025); in dit tempo 8,7% op 31 juli 2027."),
        ("11", .behind, "11% over 2024-25, 1,3 procentpunt boven de lijn (verwacht 9,7% op 31 juli 2025); in dit tempo 12% op 31 juli 2027."),
        ("7.9", .achieved, "Doel gehaald: 7,9% over 2024-25 (doel: 8% of lager)."),
        // Just below the line shows with the decimals that keep it below: 9,66 against 9,67, not 9,7 against 9,7.
        ("9.66", .onTrack, "9,66% over 2024-25; verwacht 9,67% op 31 juli 2025."),
    ])
    func aLevelDownHasEveryStatus(_ value: String, _ status: TargetStatus, _ reason: String) throws {
        let fixture = try Fixture(measurements: "uitval;regio;2024-25;\(value);;voorbeeld\n")
        let judgement = try fixture.judge("uitval-omlaag", on: "2025-08-01")
        #expect(judgement.status == status)
        #expect(judgement.reason == reason)
    }

    @Test func aLevelWithADecimalIsShownWithIt() throws {
        // uitval-minder: 10,5 improved by 2 is 8,5; a whole percentage would show it as 9%.
        let fixture = try Fixture(measurements: "uitval;regio;2024-25;8.4;;voorbeeld\n")
        let judgement = try fixture.judge("uitval-minder", on: "2025-08-01")
        #expect(judgement.status == .achieved)
        #expect(judgement.reason == "Doel gehaald: 8,4% over 2024-25 (doel: 8,5% of lager).")
    }

    @Test func theRegionsCombinedValueCountsOnceEveryPartyPublished() throws {
        let fixture = try Fixture(measurements: """
            uitval;roc-test;2024-25;9;2025-10-01;voorbeeld
            instroom;roc-test;2024-25;320;2025-10-01;voorbeeld
            uitval;roc-twee;2024-25;11;2025-11-01;voorbeeld
            instroom;roc-twee;2024-25;110;2025-11-01;voorbeeld

            """)
        // Only roc-test had published: the region's 2024-25 figure is not yet known (not roc-test's 9%).
        let partial = try fixture.judge("uitval-omlaag", on: "2025-10-15")
        #expect(partial.value == 10.5 && partial.expectedOn == Day(iso: "2024-07-31"))
        let complete = try fixture.judge("uitval-omlaag", on: "2025-11-01")
        #expect(Self.shown(complete.value) == 9.5 && complete.expectedOn == Day(iso: "2025-07-31"))
    }

    @Test func fromTheDeadlineOnALevelNotReachedIsBehind() throws {
        let fixture = try Fixture(measurements: "uitval;regio;2026-27;8.2;;voorbeeld\n")
        let judgement = try fixture.judge("uitval-omlaag", on: "2027-07-31")
        #expect(judgement.status == .behind)
        #expect(judgement.reason == "Deadline 31 juli 2027 bereikt met 8,2% over 2026-27 (doel: 8% of lager).")
    }

    @Test func aLevelUpForOnePartyTheRegion() throws {
        // From 50% on 1 January 2024 to 70% on 31 July 2027 (1307 days); 2025 ends after 730 of them.
        let fixture = try Fixture(measurements: "stages;regio;2024;55;;voorbeeld\nstages;regio;2025;62;;voorbeeld\n")
        let judgement = try fixture.judge("stages-omhoog", on: "2026-02-01")
        let expected = 50 + 20 * 730 / 1307.0
        #expect(judgement.value == 62 && abs((judgement.expected ?? 0) - expected) < 1e-9)
        #expect(judgement.status == .onTrack && judgement.expectedOn == Day(iso: "2025-12-31"))
        #expect(judgement.contributions.isEmpty, "measured for the region only: no party's own line")
        let lower = try Fixture(measurements: "stages;regio;2025;59;;voorbeeld\n").judge("stages-omhoog", on: "2026-02-01")
        #expect(lower.status == .behind, "59 is more than one below 61,2, and the pace (65,9) does not reach 70")
    }

    @Test func anImprovementMovesTheBaselineByItsAmountInTheIndicatorsDirection() throws {
        let fixture = try Fixture(measurements: "uitval;regio;2024-25;9.6;;voorbeeld\ninstroom;roc-test;2024-25;330;;voorbeeld\ninstroom;roc-twee;2024-25;100;;voorbeeld\n")
        let down = try fixture.judge("uitval-minder", on: "2025-08-01")
        #expect(down.target == 8.5, "10,5 improved by 2 is 8,5: lower is better")
        #expect(down.status == .onTrack, "9,6 against the line 9,83")
        let up = try fixture.judge("meer-instroom", on: "2025-08-01")
        #expect(up.target == 450 && up.value == 430, "400 improved by 50; 330 + 100")
        #expect(up.status == .onTrack, "430 against the line's 416,7")
    }

    @Test func aBaselineOfZeroIsABaselineLikeAnyOther() throws {
        let fixture = try Fixture(measurements: "")
        // Rewrite the instroom baseline as nothing at all: 0 students, an improvement of 50 from 0.
        let file = fixture.url.appendingPathComponent("state/measurements.csv")
        // (uitval, weighted by instroom, then takes its baseline from a region row: weights that add up to 0 make no value.)
        let zero = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "2023-24;300", with: "2023-24;0")
            .replacingOccurrences(of: "2023-24;100", with: "2023-24;0") + "uitval;regio;2023-24;10.5;;voorbeeld\ninstroom;roc-test;2024-25;20;;voorbeeld\n"
        try Data(zero.utf8).write(to: file)
        let judgement = try fixture.judge("meer-instroom", on: "2025-08-01")
        #expect(judgement.target == 50 && judgement.value == 20)
        #expect(judgement.expected.map { $0.isFinite } == true && judgement.projection.map { $0.isFinite } == true)
        #expect(judgement.status == .onTrack, "20 against 16,7 on the line from 0 to 50")
        #expect(judgement.reason == "20 studenten over 2024-25; verwacht 16,7 studenten op 31 juli 2025.")
    }

    @Test func aLevelInEveryPeriodNamesTheMissedAndTheMissingPeriods() throws {
        let kept = try Fixture(measurements: "stages;regio;2024;72;;voorbeeld\nstages;regio;2025;71;;voorbeeld\n").judge("stages-elk-jaar", on: "2026-02-01")
        #expect(kept.status == .onTrack && kept.method == .periods)
        #expect(kept.years.map(\.outcome) == [.met, .met] && kept.years.map(\.schoolYear) == ["2024", "2025"])
        #expect(kept.reason == "Elke periode tot nu toe gehaald: 2024: 72%; 2025: 71% (afspraak: elke periode 70% of hoger).")
        let missed = try Fixture(measurements: "stages;regio;2024;72;;voorbeeld\nstages;regio;2025;69.5;;voorbeeld\n").judge("stages-elk-jaar", on: "2026-02-01")
        #expect(missed.status == .behind)
        #expect(missed.reason == "Niveau niet gehaald in 2025: 69,5% (afspraak: elke periode 70% of hoger).")
        let gap = try Fixture(measurements: "stages;regio;2025;75;;voorbeeld\n").judge("stages-elk-jaar", on: "2026-02-01")
        #expect(gap.status == .atRisk)
        #expect(gap.reason == "Geen meting over 2024, terwijl een latere periode wel gemeten is; gemeten: 2025: 75% (afspraak: elke periode 70% of hoger).")
        let all = try Fixture(measurements: "stages;regio;2024;72;;voorbeeld\nstages;regio;2025;71;;voorbeeld\nstages;regio;2026;70;;voorbeeld\nstages;regio;2027;73;2027-07-31;voorbeeld\n")
            .judge("stages-elk-jaar", on: "2027-07-31")
        #expect(all.status == .achieved)
        // From the deadline on every period that ended by then is due: 2026's figure not yet in is a risk, not a success.
        let late = try Fixture(measurements: "stages;regio;2024;72;;voorbeeld\nstages;regio;2025;71;;voorbeeld\n").judge("stages-elk-jaar", on: "2027-07-31")
        #expect(late.status == .atRisk)
        #expect(late.reason == "Geen meting over 2026 (afgelopen vóór de deadline); gemeten: 2024: 72%; 2025: 71% (afspraak: elke periode 70% of hoger).")
    }

    @Test func staleOrMissingDataHasNoStatus() throws {
        let fixture = try Fixture(measurements: "uitval;regio;2024-25;9;2025-10-01;voorbeeld\n")
        // 18 months after the newest publication the value no longer says how things stand.
        let stale = try fixture.judge("uitval-omlaag", on: "2027-05-01")
        #expect(stale.status == .noData)
        #expect(stale.reason?.contains("1 oktober 2025") == true, "\(stale.reason ?? "")")
        let none = try fixture.judge("stages-omhoog", on: "2025-01-01")
        #expect(none.status == .noData && none.reason == "Nog geen meting van Stages.")
    }

    @Test func aWaivedPartyIsShownAsWaivedAndTheRegionsValueStands() throws {
        let measurements = """
            lob;noordschool;2024-25;92;;voorbeeld
            lob;zuidschool;2024-25;64;;voorbeeld

            """
        let waived = try Fixture(measurements: measurements, waivers: "lob-iedereen;zuidschool;2025-01-01;;Verbouwing;stuurgroep 2025-01-10\n")
        let judgement = try waived.judge("lob-iedereen", on: "2025-08-01")
        // noordschool meets 90%, zuidschool is waived, praktijkschool has no measurement (counted apart).
        #expect(judgement.contributions.map(\.kind) == [.contributes, .waived, .unreported])
        #expect(judgement.contributions.map(\.detail) == ["92% over 2024-25", "64% over 2024-25", "geen meting"])
        #expect(judgement.value == 78, "the region's value is the schools' mean, the waived one's included: it was measured")
        #expect(judgement.waivers.count == 1)
    }

    @Test func aRuleReadsADeclaredTableTheMeasurementsAndASeriesAsTyped() throws {
        let fixture = try Fixture(measurements: "uitval;regio;2024-25;9.5;;voorbeeld\nuitval;roc-test;2024-25;9;;voorbeeld\ninstroom;roc-test;2024-25;300;;voorbeeld\n")
        let covenant = fixture.url.appendingPathComponent("covenant.yaml")
        try Data((Fixture.covenant + """
            tables:
              - name: overeenkomsten
                dated_by: getekend
                columns:
                  - {name: route, type: text, required: true}
                  - {name: getekend, type: date, required: true}
                  - {name: leerlingen, type: integer}
                  - {name: compleet, type: yes-no}
                  - {name: partners, type: parties}

            """).utf8).write(to: covenant)
        try Data("route;getekend;leerlingen;compleet;partners;source\nr1;2025-01-15;12;ja;noordschool roc-test;voorbeeld\nr2;2026-01-15;;nee;;\n".utf8)
            .write(to: fixture.url.appendingPathComponent("state/overeenkomsten.csv"))
        // The rule lists what it sees as notes: the declared table's rows, typed, and the series.
        try Data("""
            local koers = require("koers")
            local out = {}
            for _, row in ipairs(state.tables.overeenkomsten) do
              out[#out + 1] = row.route .. " " .. math.type(row.leerlingen) .. " " .. tostring(row.compleet) .. " "
                .. table.concat(row.partners, "+") .. " " .. tostring(row.example) .. " " .. row.source
            end
            for _, point in ipairs(koers.series(state, "uitval")) do out[#out + 1] = "regio " .. point.period .. " " .. point.value .. " " .. point.from end
            for _, point in ipairs(koers.series(state, "uitval", "roc-test")) do out[#out + 1] = point.party .. " " .. point.period .. " " .. point.value end
            local keys = {}
            for _, pair in ipairs({ { "Measurement", state.measurements[1] }, { "Indicator", state.indicators.uitval },
                                    { "RegionPoint", state.indicators.uitval.region_series[1] }, { "TableRow", state.tables.overeenkomsten[1] } }) do
              for key in pairs(pair[2]) do keys[#keys + 1] = pair[1] .. "." .. key end
            end
            table.sort(keys)
            out[#out + 1] = table.concat(keys, ",")
            return { status = "on_track", notes = out }

            """.utf8).write(to: fixture.url.appendingPathComponent("rules/stages-omhoog.lua"))
        let judgement = try fixture.judge("stages-omhoog", on: "2025-08-01")
        #expect(Array(judgement.notes.dropLast()) == [
            "r1 integer true noordschool+roc-test true state/overeenkomsten.csv:2",
            "regio 2023-24 10.5 weighted", "regio 2024-25 9.5 region",
            "roc-test 2023-24 10.0", "roc-test 2024-25 9.0",
        ], "r2 is signed after the day; the region's own row wins over the combination")
        // Every key the rules get is typed in rules/koers.meta.lua, and every typed key is passed.
        let classes = try RuleAuthorDocumentationTests.metaClasses()
        let passed = Set((judgement.notes.last ?? "").split(separator: ",").map(String.init))
        for name in ["Measurement", "Indicator", "RegionPoint"] {
            let typed = Set((classes[name] ?? [:]).keys.map { "\(name).\($0)" })
            let given = passed.filter { $0.hasPrefix(name + ".") }
            #expect(given.subtracting(typed).isEmpty && typed.subtracting(given).subtracting(["Indicator.unit_one", "Indicator.region", "Indicator.weight", "Measurement.note"]).isEmpty,
                    "\(name): passed \(given.sorted()), typed \(typed.sorted())")
        }
        #expect(passed.contains("TableRow.example") && passed.contains("TableRow.source"))
    }
}
