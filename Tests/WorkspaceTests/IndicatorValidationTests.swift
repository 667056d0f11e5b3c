import CovenantModel
import Foundation
import Testing
import WorkspaceLoader

/// Measured indicators: their declaration in covenant.yaml, their rows in state/measurements.csv,
/// and the targets that follow them. Every mistake is named with its file, line and column.
@Suite("measured indicators")
struct IndicatorValidationTests {
    /// The minimal workspace's covenant with two indicators measured per institution and school
    /// year (uitval weighted by instroom), one for the region per calendar year, and a target on each.
    static let indicators = """
        indicators:
          - id: uitval
            title: {nl: Uitval in jaar 1, en: Dropout in year 1}
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

        """
    static let targets = """
          - id: uitval-omlaag
            action_line: lob
            title: Uitval onder de 8%
            kind: indicator-level
            indicator: uitval
            baseline: {period: 2023-24}
            target: {value: 8}
          - id: meer-instroom
            action_line: lob
            title: Honderd studenten meer
            kind: indicator-improvement
            indicator: instroom
            baseline: {period: 2023-24}
            target: {improvement: 100}

        """
    static let measurements = """
        indicator;party;period;value;unit;published;source
        uitval;roc-test;2023-24;10,5;%;;voorbeeld
        instroom;roc-test;2023-24;400;;;voorbeeld
        uitval;regio;2024-25;9.5;;2025-10-01;voorbeeld
        stages;regio;2024;71;;;voorbeeld

        """

    static func covenant(indicators: String = indicators, targets: String = targets) throws -> String {
        let minimal = try String(contentsOf: WorkspaceFixtures.minimal.appendingPathComponent("covenant.yaml"), encoding: .utf8)
        return minimal.replacingOccurrences(of: "\ntargets:\n", with: "\n\(indicators)targets:\n") + targets
    }

    static func load(covenant: String? = nil, measurements: String = measurements) throws -> WorkspaceLoadResult {
        let workspace = try AssembledWorkspace(files: [
            "covenant.yaml": Data((covenant ?? Self.covenant()).utf8),
            "state/measurements.csv": Data(measurements.utf8),
        ])
        return WorkspaceLoader.load(from: workspace.url)
    }

    static func firstLines(_ result: WorkspaceLoadResult) -> [String] {
        result.diagnostics.map { String($0.description.split(separator: "\n")[0]) }
    }

    @Test func aValidDeclarationLoadsWithItsBaselinesTakenFromTheMeasurements() throws {
        let result = try Self.load()
        let workspace = try #require(result.workspace, "\(Self.firstLines(result))")
        #expect(workspace.measurements.count == 4)
        let covenant = workspace.covenant
        #expect(covenant.indicators.map(\.id) == ["uitval", "instroom", "stages"])
        let uitval = try #require(covenant.targets.first { $0.id == "uitval-omlaag" })
        // The region has no row for 2023-24: its value is roc-test's, weighted by its instroom.
        #expect(uitval.baselineValue == 10.5)
        #expect(uitval.baselineDate == WorkspaceFixtures.day("2024-07-31"), "a measured baseline describes its period's last day")
        #expect(uitval.freshness == covenant.indicators[0].freshness, "the indicator's freshness is the target's")
        #expect(uitval.unit == "%")
        let instroom = try #require(covenant.targets.first { $0.id == "meer-instroom" })
        #expect(instroom.baselineValue == 400 && instroom.targetValue == 500, "an improvement's level is the baseline moved by it")
        #expect(instroom.unit == "studenten" && instroom.unitSingular == "student")
        // A measurement is part of the state from its publication day (by default its period's last day).
        #expect(workspace.state(asOf: WorkspaceFixtures.day("2025-09-30")).measurements.count == 3)
        #expect(workspace.state(asOf: WorkspaceFixtures.day("2025-10-01")).measurements.count == 4)
    }

    /// One defect each, in the measurements or the declaration, with the one message it gets.
    @Test(arguments: [
        ("uitval;roc-tset;2024-25;9;;;\n", "state/measurements.csv:6:8: error: party: unknown party 'roc-tset' — did you mean 'roc-test'?"),
        ("uitvaal;roc-test;2024-25;9;;;\n", "state/measurements.csv:6:1: error: indicator: unknown indicator 'uitvaal' — did you mean 'uitval'?"),
        ("uitval;bestuur-roc;2024-25;9;;;\n", "state/measurements.csv:6:8: error: party: 'bestuur-roc' is a board; uitval is measured for the region (regio), mbo institutions"),
        ("instroom;regio;2024-25;9;;;\n", "state/measurements.csv:6:10: error: party: instroom is not measured for the region as a whole, but for mbo institutions"),
        ("uitval;roc-test;2024;9;;;\n", "state/measurements.csv:6:17: error: period: '2024' is not a period of the kind school-year (a school year)"),
        ("stages;regio;2025-Q1;9;;;\n", "state/measurements.csv:6:14: error: period: '2025-Q1' is not a period of the kind year (a calendar year)"),
        ("uitval;roc-test;2024-25;104;;;\n", "state/measurements.csv:6:25: error: value: 104 is not a percentage (0 to 100)"),
        ("uitval;roc-test;2024-25;9%;;;\n", "state/measurements.csv:6:25: error: value: '9%' is not a number"),
        ("uitval;roc-test;2023-24;9;;;\n", "state/measurements.csv:6:17: error: uitval of roc-test for 2023-24 is already given, on line 2"),
        ("uitval;roc-test;2024-25;9;studenten;;\n", "state/measurements.csv:6:27: error: unit: 'studenten' is not the unit of uitval (%)"),
        ("uitval;roc-test;2024-25;9;;31-02-2025;\n", "state/measurements.csv:6:28: error: published: '31-02-2025' is not a date: February 2025 has 28 days"),
        ("uitval;roc-test;2024-25;9;;2024-05-01;\n", "state/measurements.csv:6:28: error: published: 2024-05-01 is before 2024-25 began (2024-08-01)"),
        ("instroom;roc-test;2024-25;1.500;;;\n", "state/measurements.csv:6:27: error: value: '1.500' is ambiguous: 1500 with a thousands separator, or 1.500?"),
        ("instroom;roc-test;2024-25;2000000000;;;\n", "state/measurements.csv:6:27: error: value: '2000000000' is too large: a number here is at most 1,000,000,000 (or −1,000,000,000)"),
        ("instroom;roc-test;2024-25;-3;;;\n", "state/measurements.csv:6:27: error: value: -3 is negative, but instroom weighs another indicator's region value"),
    ])
    func aWrongMeasurementIsNamedWhereItIs(_ row: String, _ message: String) throws {
        var measurements = Self.measurements + row
        // Every row of a weighted indicator needs its weight, except in the case about that.
        if row.hasPrefix("uitval;roc-test;2024-25") { measurements += "instroom;roc-test;2024-25;410;;;\n" }
        let result = try Self.load(measurements: measurements)
        #expect(result.workspace == nil)
        #expect(Self.firstLines(result) == [message])
        #expect(result.diagnostics.allSatisfy { $0.hint?.isEmpty == false }, "every problem says how to fix it")
    }

    @Test func aWeightedRowWithoutItsWeightIsNamed() throws {
        let result = try Self.load(measurements: Self.measurements + "uitval;roc-test;2024-25;9;;;\n")
        #expect(Self.firstLines(result) == ["state/measurements.csv:6: error: uitval of roc-test for 2024-25 has no weight: instroom is missing for that party and period"])
    }

    @Test(arguments: [
        ("    direction: higher\n    parties: region", "    direction: down\n    parties: region",
         "error: indicator 'stages': direction: unknown direction (higher or lower: which is better) 'down'"),
        ("    periods: year\n", "    periods: year\n    region: sum\n", "error: indicator 'stages': region: percentages do not add up to a region's value"),
        ("    periods: year\n", "    periods: year\n    weight: instroom\n", "error: indicator 'stages': weight: a weight belongs only with 'region: weighted'"),
        ("    periods: year\n", "    periods: month\n", "error: indicator 'stages': periods: unknown period kind 'month'"),
        ("    parties: region\n", "    parties: [region, wijken]\n", "error: indicator 'stages': parties: unknown party kind 'wijken'"),
        ("    weight: instroom\n", "    weight: uitval\n", "error: indicator 'uitval': weight: 'uitval' is not another indicator"),
        ("    parties: [institutions]\n    periods: school-year\n    region: sum\n", "    parties: [institutions, schools]\n    periods: school-year\n    region: mean\n",
         "error: indicator 'instroom': region: 'region: mean' would combine values of different kinds of party (institutions, schools)"),
    ])
    func aWrongDeclarationIsNamedWhereItIs(_ old: String, _ new: String, _ message: String) throws {
        let indicators = Self.indicators.replacingOccurrences(of: old, with: new)
        #expect(indicators != Self.indicators)
        let result = try Self.load(covenant: try Self.covenant(indicators: indicators), measurements: "indicator;party;period;value\n")
        #expect(result.workspace == nil)
        let reported = Self.firstLines(result).filter { !$0.contains("target '") }
        #expect(reported.count == 1 && reported[0].hasPrefix("covenant.yaml:") && reported[0].hasSuffix(message), "\(Self.firstLines(result))")
    }

    @Test func targetsOnIndicatorsAreChecked() throws {
        let cases: [(String, String)] = [
            ("    kind: indicator-level\n    indicator: uitvaal\n    baseline: {period: 2023-24}\n    target: {value: 8}\n",
             "target 'nieuw': indicator: unknown indicator 'uitvaal' — did you mean 'uitval'?"),
            ("    kind: indicator-level\n    baseline: {period: 2023-24}\n    target: {value: 8}\n",
             "target 'nieuw': indicator: is missing: which indicator does this target follow?"),
            ("    kind: indicator-level\n    indicator: uitval\n    baseline: {period: 2023}\n    target: {value: 8}\n",
             "target 'nieuw': baseline.period: '2023' is not a period of the kind school-year (a school year)"),
            ("    kind: indicator-level\n    indicator: uitval\n    baseline: {period: 2022-23}\n    target: {value: 8}\n",
             "target 'nieuw': baseline.period: there is no region value of uitval for 2022-23"),
            ("    kind: indicator-level\n    indicator: uitval\n    baseline: {period: 2023-24}\n    target: {value: 108}\n",
             "target 'nieuw': target.value: 108 is more than 100; uitval is a percentage"),
            ("    kind: indicator-improvement\n    indicator: uitval\n    baseline: {value: 1}\n    target: {improvement: 2}\n",
             "target 'nieuw': target.improvement: 1 improved by 2 is -1, which cannot be"),
            ("    kind: indicator-improvement\n    indicator: uitval\n    baseline: {period: 2023-24}\n    target: {value: 8}\n",
             "target 'nieuw': target.value: an improvement names its amount ('improvement'), not the value"),
            ("    kind: cumulative-count\n    indicator: uitval\n    baseline: {value: 1}\n    target: {value: 8}\n",
             "target 'nieuw': indicator: belongs only with the kinds indicator-level, indicator-every-period and indicator-improvement"),
        ]
        for (lines, message) in cases {
            let target = "  - id: nieuw\n    action_line: lob\n    title: Nieuw\n" + lines
            let result = try Self.load(covenant: try Self.covenant(targets: Self.targets + target))
            #expect(result.workspace == nil, "\(lines)")
            let reported = Self.firstLines(result)
            #expect(reported.count == 1 && reported.first?.hasPrefix("covenant.yaml:") == true && reported.first?.hasSuffix("error: " + message) == true,
                    "\(reported)")
        }
    }

    @Test func theRegionsValueIsTheRegionsRowOrTheDeclaredCombinationNeverADivisionByNothing() throws {
        let source = SourceLocation(file: "state/measurements.csv", line: 1)
        let year = Period(schoolYear: SchoolYear(startYear: 2024))
        func value(_ indicator: String, _ party: MeasuredParty, _ number: Double) -> MeasuredValue {
            MeasuredValue(indicator: indicator, party: party, period: year, value: number, published: year.last, origin: nil, note: nil, source: source)
        }
        var indicator = Indicator(id: "u", title: "U", unit: "%", direction: .lower, parties: [.region, .institutions],
                                  periods: .schoolYear, region: .weighted, weight: "w", freshness: nil, source: source)
        let rows = [value("u", .institution("a"), 10), value("u", .institution("b"), 20), value("w", .institution("a"), 300), value("w", .institution("b"), 100)]
        #expect(indicator.regionSeries(rows, weights: rows).map(\.value) == [12.5])
        // Weights that add up to nothing give no region value rather than a division by zero.
        let unweighed = [value("u", .institution("a"), 10), value("w", .institution("a"), 0)]
        #expect(indicator.regionSeries(unweighed, weights: unweighed).isEmpty)
        // The region's own row wins over any combination.
        #expect(indicator.regionSeries(rows + [value("u", .region, 14)], weights: rows).map(\.value) == [14])
        indicator.region = .mean
        #expect(indicator.regionSeries(rows).map(\.value) == [15])
        indicator.region = .sum
        #expect(indicator.regionSeries(rows).map(\.basis) == [.sum])
        indicator.region = nil
        #expect(indicator.regionSeries(rows).isEmpty, "without a declaration the parties' values make no region value")
    }

    @Test func aLevelTheBaselineAlreadyMeetsIsAWarning() throws {
        let target = "  - id: nieuw\n    action_line: lob\n    title: Nieuw\n    kind: indicator-level\n    indicator: uitval\n    baseline: {period: 2023-24}\n    target: {value: 12}\n"
        let result = try Self.load(covenant: try Self.covenant(targets: Self.targets + target))
        #expect(result.workspace != nil, "a warning, not an error: the covenant may say so")
        #expect(Self.firstLines(result).contains { $0.hasSuffix("warning: target 'nieuw': the baseline (10.5) already meets the target (12); it is achieved from the start") },
                "\(Self.firstLines(result))")
    }
}
