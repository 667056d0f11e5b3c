import ArgumentParser
import CovenantModel
import Foundation
import KoersPipeline
import PluginEngine
import ReportModel
import RuleEngine
import TargetJudgement

/// `koers status`: one line per target, or JSON, as of a day.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Judge every target with its rule script and print one line per target.",
        discussion: """
            Loads the workspace (refusing data with errors, as koers validate lists them), runs each \
            target's rule in the sandbox and prints its status, value, expected value, target and what \
            is still needed. A failing rule gives status 'fout' with its file and line; the other targets \
            are still judged.

            The table follows --lang (Dutch by default), every number with its unit. With --explain \
            only that target's reasoning is printed. A day before the covenant's baseline date is \
            judged, and said to be before the covenant.

            Exit codes: 0 all rules ran; 2 a rule failed (the output is still complete); 65 the data has \
            errors; 66 the workspace folder does not exist; 64 usage error.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var limitOptions: LimitOptions

    @Flag(help: "Print JSON instead of lines.")
    var json = false

    @OptionGroup var explain: ExplainOption
    @OptionGroup var language: LanguageOption
    @OptionGroup var timingsOption: TimingsOption

    func run() throws {
        let timings = StageTimings(isOn: timingsOption.timings)
        defer { timings.report() }
        let loaded = try workspace.loadValidated(for: Bilingual(nl: "status", en: "status"), language: language.lang)
        timings.mark("load")
        try explain.validate(against: loaded.covenant, language: language.lang)
        AsOfOption.noteIfBefore(asOf.day, loaded.covenant, language: language.lang)
        let pipeline = ReportPipeline(workspace: workspace.url, asOf: asOf.day, limits: limitOptions.limits, language: language.lang)
        let (state, judgements, problems) = pipeline.judge(loaded)
        timings.mark("rules")
        // --explain asks about one target: its reasoning alone, not the whole table first.
        if json {
            print(try StatusJSON.text(judgements, state: state))
        } else if explain.explain == nil {
            print(StatusLines.text(judgements, state: state, language: language.lang), terminator: "")
        }
        if explain.explain != nil {
            let report = ReportBuilder(state: state, language: language.lang).report(
                judgements: judgements, history: [],
                provenance: pipeline.provenance())
            print((json ? "\n" : "") + (explain.text(report) ?? ""), terminator: "")
        }
        Evaluation.reportFailures(ReportPipeline.failures(judgements: judgements, problems: problems), language: language.lang)
        if judgements.contains(where: { $0.status == .error }) || !problems.isEmpty { throw KoersExit.scriptFailed }
    }
}

/// The status as aligned lines in the report's language, every number with its unit.
enum StatusLines {
    static func text(_ judgements: [TargetJudgement], state: CovenantState, language: Language = .nl) -> String {
        let dutch = language == .nl
        let words = language.words.with(singulars: state.covenant.unitSingulars, area: state.covenant.area)
        var rows = [dutch ? ["id", "status", "waarde", "verwacht", "doel", "nog nodig", "reden"]
                          : ["id", "status", "value", "expected", "target", "still needed", "why"]]
        for judgement in judgements {
            let target = state.covenant.targets.first { $0.id == judgement.targetID }
            let unit = target?.unit, measured = target?.kind.isIndicator ?? false
            let shown = words.shown(value: judgement.value, expected: judgement.expected, unit: unit, method: judgement.method)
            rows.append([judgement.targetID, words.status(judgement.status), shown.value, shown.expected,
                         words.amount(judgement.target, unit: unit, measured: measured), words.shortfall(judgement.needed, unit: unit, measured: measured),
                         judgement.failure.map { "\($0.script)\($0.line.map { ":\($0)" } ?? ""): \($0.message)" } ?? judgement.reason ?? ""])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max()! }
        let before = state.asOf < state.covenant.baselineDate
            ? (dutch ? ", vóór de start van het convenant op \(words.date(state.covenant.baselineDate))"
                     : ", before the covenant started on \(words.date(state.covenant.baselineDate))") : ""
        var out = dutch ? "Stand van \(state.covenant.name) op \(state.asOf) (schooljaar \(state.schoolYear)\(before))\n\n"
            : "Status of \(state.covenant.name) as of \(state.asOf) (school year \(state.schoolYear)\(before))\n\n"
        for row in rows {
            let line = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            // A row without a reason ends at its last number, not in padding.
            out += String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        return out
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "–" }
        if value == value.rounded() { return String(Int(value)) }
        return String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }
}

/// The status as JSON, with sorted keys so the same inputs give the same bytes.
enum StatusJSON {
    struct Target: Encodable {
        var id: String
        var status: String
        var reason: String?
        var value: Double?
        var target: Double?
        var expected: Double?
        var needed: Double?
        var neededPerSchoolYear: Double?
        var projection: Double?
        var counted: [Counted]
        var contributions: [ContributionEntry]
        var findings: [FindingEntry]
        var notes: [String]
        var waivers: [String]
        var error: String?
        enum CodingKeys: String, CodingKey {
            case id, status, reason, value, target, expected, needed, neededPerSchoolYear = "needed_per_school_year", projection
            case counted, contributions, findings, notes, waivers, error
        }

        /// Every key is always there: a number the rule did not give is `null`, not absent.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(status, forKey: .status)
            try container.encode(reason, forKey: .reason)
            try container.encode(value, forKey: .value)
            try container.encode(target, forKey: .target)
            try container.encode(expected, forKey: .expected)
            try container.encode(needed, forKey: .needed)
            try container.encode(neededPerSchoolYear, forKey: .neededPerSchoolYear)
            try container.encode(projection, forKey: .projection)
            try container.encode(counted, forKey: .counted)
            try container.encode(contributions, forKey: .contributions)
            try container.encode(findings, forKey: .findings)
            try container.encode(notes, forKey: .notes)
            try container.encode(waivers, forKey: .waivers)
            try container.encode(error, forKey: .error)
        }
    }
    struct Counted: Encodable { var label: String; var source: String? }
    /// `school` or `institution` is set, the other is `null`.
    struct ContributionEntry: Encodable {
        var school: String?
        var institution: String?
        var kind: String
        var detail: String?
        init(_ contribution: Contribution) {
            if case .school(let id) = contribution.contributor { school = id }
            if case .institution(let id) = contribution.contributor { institution = id }
            kind = contribution.kind.rawValue
            detail = contribution.detail
        }
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(school, forKey: .school)
            try container.encode(institution, forKey: .institution)
            try container.encode(kind, forKey: .kind)
            try container.encode(detail, forKey: .detail)
        }
        enum CodingKeys: String, CodingKey { case school, institution, kind, detail }
    }
    struct FindingEntry: Encodable { var severity: String; var message: String }
    struct Document: Encodable {
        var asOf: String
        var targets: [Target]
        enum CodingKeys: String, CodingKey { case asOf = "as_of", targets }
    }

    /// `school zuidschool van 2024-01-01 tot en met 2024-07-31: Verbouwing (besluit: …; state/waivers.csv:2)`.
    static func waiverText(_ waiver: Waiver) -> String {
        let who = waiver.school.map { "school \($0)" } ?? "het hele doel"
        return "\(who) van \(waiver.from)\(waiver.until.map { " tot en met \($0)" } ?? ""): \(waiver.reason) (besluit: \(waiver.decidedBy); \(waiver.source))"
    }

    static func text(_ judgements: [TargetJudgement], state: CovenantState) throws -> String {
        let document = Document(asOf: state.asOf.description, targets: judgements.map { judgement in
            Target(id: judgement.targetID, status: judgement.status.rawValue, reason: judgement.reason, value: judgement.value, target: judgement.target,
                   expected: judgement.expected, needed: judgement.needed, neededPerSchoolYear: judgement.neededPerSchoolYear,
                   projection: judgement.projection,
                   counted: judgement.counted.map { Counted(label: $0.label, source: $0.source) },
                   contributions: judgement.contributions.map(ContributionEntry.init),
                   findings: judgement.findings.map { FindingEntry(severity: $0.severity.rawValue, message: $0.message) },
                   notes: judgement.notes, waivers: judgement.waivers.map(waiverText), error: judgement.failure?.description)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
