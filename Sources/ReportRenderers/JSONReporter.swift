import CovenantModel
import Foundation
import ReportModel
import TargetJudgement

/// `report.json`: the report model for other programs, in the versioned schema documented in
/// docs/report-json.md. Numbers are numbers and dates ISO text whatever the language; every key
/// is always present (`null` when there is no value); keys are sorted so the bytes are stable.
public struct JSONReporter: Reporter {
    /// Raised when a change removes or renames a key, or changes what one means.
    /// Version 2: `expected` and `projection` are exact (no longer whole units),
    /// `trajectory.expected_path` is a list of segments, and targets carry `reason`,
    /// `status_method`, `projection_basis`, `years` and `unreported`.
    /// Version 3 adds keys only: `boards`, `routes`, `non_parties`, `comparison`, a self-check's
    /// `board`, `routes`, `calendar` and `changes`, its rows' `window`, `shared_ask` and `peers`, and
    /// a contribution kind `candidate`; later also `returns` (in the report and in each board).
    public static let schemaVersion = 3

    public init() {}

    public func render(_ report: Report) throws -> [RenderedFile] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(report))
        return [RenderedFile(path: "report.json", contents: Array(data) + [0x0A])]
    }

    struct Document: Encodable {
        var schema_version = JSONReporter.schemaVersion
        var language: String
        var covenant: String
        var region: String?
        var as_of: String
        var school_year: String
        var baseline_date: String
        var deadline: String
        var remaining_school_years: [String]
        var status_counts: [String: Int]
        var action_lines: [ActionLine]
        var targets: [TargetEntry]
        var gaps: [Gap]
        var self_checks: [Check]
        var sections: [Section]
        var plugin_problems: [Problem]
        var provenance: ProvenanceEntry

        /// The parts added in schema version 3 are encoded straight from the report.
        let report: Report

        init(_ report: Report) {
            self.report = report
            language = report.language.rawValue
            covenant = report.covenantName
            region = report.region
            as_of = report.asOf.description
            school_year = report.schoolYear.description
            baseline_date = report.baselineDate.description
            deadline = report.deadline.description
            remaining_school_years = report.remainingSchoolYears.map(\.description)
            status_counts = Dictionary(uniqueKeysWithValues: report.statusCounts.map { ($0.status.rawValue, $0.count) })
            action_lines = report.actionLines.map { ActionLine(id: $0.id, title: $0.title, targets: $0.targetIDs) }
            targets = report.targets.map(TargetEntry.init)
            gaps = report.gaps.map(Gap.init)
            self_checks = report.selfChecks.map(Check.init)
            sections = report.sections.map(Section.init)
            plugin_problems = report.pluginProblems.map { Problem(plugin: $0.plugin, stage: $0.stage, message: $0.message, hint: $0.hint) }
            provenance = ProvenanceEntry(as_of: report.provenance.asOf.description, data_sha256: report.provenance.dataHash,
                                         rules_sha256: report.provenance.rulesHash, plugins_sha256: report.provenance.pluginsHash,
                                         koers_version: report.provenance.koersVersion)
        }

        func encode(to encoder: Encoder) throws {
            try encodeAll(encoder, [
                ("schema_version", schema_version), ("language", language), ("covenant", covenant), ("region", region),
                ("as_of", as_of), ("school_year", school_year), ("baseline_date", baseline_date), ("deadline", deadline),
                ("remaining_school_years", remaining_school_years), ("status_counts", status_counts),
                ("action_lines", action_lines), ("targets", targets), ("gaps", gaps), ("self_checks", self_checks),
                ("sections", sections), ("plugin_problems", plugin_problems), ("provenance", provenance),
                ("boards", report.boards.map(Self.board)), ("routes", report.routes.map(Self.route)),
                ("non_parties", report.nonParties.map { line in
                    Row(entries: [("id", line.contributor.id), ("kind", line.contributor.isSchool ? "school" : "institution"),
                                  ("name", line.name), ("board", line.board), ("counts_for", line.countsFor)])
                }),
                ("comparison", report.comparison.map(Self.comparison)),
                ("data_checks", report.dataChecks.map { finding in
                    Row(entries: [("plugin", finding.plugin), ("severity", finding.severity.rawValue), ("message", finding.message),
                                  ("source", finding.source)])
                }),
                ("returns", report.returns.map(Self.returns)),
                ("last_approval", report.lastApproval.map { approval in
                    Row(entries: [("submission", approval.submission), ("reviewer", approval.reviewer), ("day", approval.day.description)])
                }),
            ])
        }

        /// One school year's annual returns: due, expected, received, on time, who is missing.
        static func returns(_ line: ReturnCompleteness) -> Row {
            Row(entries: [("school_year", line.schoolYear.description), ("due", line.due.description), ("expected", line.expected),
                          ("received", line.received), ("on_time", line.onTime), ("missing", line.missing), ("closed", line.closed)])
        }

        static func board(_ board: BoardPage) -> Row {
            Row(entries: [
                ("id", board.id), ("name", board.name), ("sector", board.sector.rawValue), ("party", board.isParty), ("page", board.pageName),
                ("members", board.members.map { member in
                    Row(entries: [("id", member.contributor.id), ("kind", member.contributor.isSchool ? "school" : "institution"),
                                  ("name", member.name), ("party", member.isParty), ("open", member.open), ("page", member.page)])
                }),
                ("targets", board.targets.map { line in
                    Row(entries: [("target", line.targetID), ("window", line.window), ("contributing", line.contributing), ("asked", line.asked),
                                  ("candidates", line.candidates), ("named", line.named), ("city_contributing", line.cityContributing),
                                  ("city_named", line.cityNamed)])
                }),
                ("routes", board.routes.map(\.id)), ("calendar", board.calendar.map(Self.calendarItem)),
                ("changes", board.changes.map(Self.change)), ("returns", board.returns.map(Self.returns)),
            ])
        }

        static func route(_ page: RoutePage) -> Row {
            Row(entries: [
                ("id", page.line.id), ("name", page.line.name), ("kind", page.kind.rawValue), ("stage", page.line.stage.rawValue),
                ("since", page.line.since.description), ("schools", page.line.schoolIDs), ("institution", page.line.institutionID),
                ("next_step", page.line.nextStep), ("open_requirements", page.line.openRequirements),
                ("stages", page.stages.map { stage in
                    Row(entries: [("stage", stage.stage.rawValue), ("date", stage.day.description), ("planned", stage.planned)])
                }),
                ("cohorts", page.cohorts.map { Row(entries: [("school_year", $0.schoolYear.description), ("students", $0.students)]) }),
                ("requirements_met", page.requirementsMet.map {
                    Row(entries: [("requirement", $0.requirement.description), ("date", $0.day.description), ("evidence", $0.evidence)])
                }),
                ("targets", page.targets.map(\.id)), ("page", page.line.pageName),
            ])
        }

        static func calendarItem(_ item: CalendarItem) -> Row {
            Row(entries: [("date", item.day.description), ("kind", item.kind.rawValue), ("title", item.title), ("detail", item.detail),
                          ("uid", item.uid)])
        }

        static func change(_ line: ChangeLine) -> Row {
            Row(entries: [("date", line.day.description), ("kind", line.kind.rawValue), ("text", line.text), ("parties", line.parties),
                          ("source", line.source)])
        }

        static func comparison(_ comparison: Comparison) -> Row {
            let basis: String = switch comparison.basis {
            case .given: "given"
            case .monitoring: "monitoring"
            case .sixMonths: "six_months"
            }
            return Row(entries: [
                ("compared_to", comparison.day.description), ("basis", basis),
                ("targets", comparison.targets.map { change in
                    Row(entries: [("target", change.targetID), ("status_then", change.statusThen.rawValue), ("status_now", change.statusNow.rawValue),
                                  ("value_then", change.valueThen), ("value_now", change.valueNow),
                                  ("added", change.added.map(\.label)), ("removed", change.removed.map(\.label))])
                }),
                ("records", comparison.records.map(Self.change)),
            ])
        }
    }

    struct ActionLine: Encodable { var id: String; var title: String; var targets: [String] }

    struct Problem: Encodable {
        var plugin: String, stage: String, message: String, hint: String?
        func encode(to encoder: Encoder) throws {
            try encodeAll(encoder, [("plugin", plugin), ("stage", stage), ("message", message), ("hint", hint)])
        }
    }

    /// A plugin's section; each block has `type` and the fields of that type, as plugins write them.
    struct Section: Encodable {
        var id: String, title: String, plugin: String, blocks: [Block]
        init(_ section: ReportSection) {
            id = section.id
            title = section.title
            plugin = section.plugin
            blocks = section.blocks.map(Block.init)
        }
    }

    struct Block: Encodable {
        var block: ContentBlock
        func encode(to encoder: Encoder) throws {
            switch block {
            case .heading(let text): try encodeAll(encoder, [("type", "heading"), ("text", text)])
            case .paragraph(let text): try encodeAll(encoder, [("type", "paragraph"), ("text", text)])
            case .table(let columns, let rows):
                try encodeAll(encoder, [("type", "table"), ("columns", columns), ("rows", rows.map { $0.map(CellValue.init) })])
            case .bars(let title, let unit, let items):
                try encodeAll(encoder, [("type", "bars"), ("title", title), ("unit", unit),
                                        ("items", items.map { Bar(label: $0.label, value: $0.value) })])
            }
        }
        struct Bar: Encodable { var label: String; var value: Double }
        struct CellValue: Encodable {
            var cell: ContentBlock.Cell
            init(_ cell: ContentBlock.Cell) { self.cell = cell }
            func encode(to encoder: Encoder) throws {
                var container = encoder.singleValueContainer()
                switch cell {
                case .text(let text): try container.encode(text)
                case .number(let value): try container.encode(value)
                }
            }
        }
    }

    struct Point: Encodable { var date: String; var value: Double }
    struct District: Encodable { var district: String; var contributing: Int; var named: Int }

    struct TargetEntry: Encodable {
        var entries: [(String, any Encodable)]
        init(_ target: TargetReport) {
            let point = { (p: Trajectory.Point) in Point(date: p.day.description, value: p.value) }
            entries = [
                ("id", target.id), ("action_line", target.actionLine), ("title", target.title), ("kind", target.kind.rawValue),
                ("owner", target.owner.rawValue), ("unit", target.unit), ("rule", target.rule), ("status", target.status.rawValue),
                ("value", target.value), ("expected", target.expected), ("expected_on", target.trajectory.expectedOn.description),
                ("target", target.target), ("needed", target.needed),
                ("needed_per_school_year", target.neededPerSchoolYear), ("projection", target.projection),
                ("projection_basis", target.projectionBasis?.rawValue), ("reason", target.reason),
                ("status_method", target.statusMethod?.rawValue), ("unreported", target.unreported),
                ("years", target.years.map { year in
                    Row(entries: [("school_year", year.schoolYear), ("value", year.value), ("required", year.required),
                                  ("result", year.outcome.rawValue), ("expected", year.expected), ("planned", year.planned),
                                  ("unreported", year.unreported)])
                }),
                ("baseline", target.baselineValue), ("baseline_date", target.baselineDate.description),
                ("deadline", target.deadline.description), ("method", target.method), ("covenant_note", target.covenantNote),
                ("trajectory", Row(entries: [
                    ("measured", target.trajectory.actual.map(point)),
                    ("expected_path", target.trajectory.expectedPath.map { $0.map(point) }),
                    ("projection", target.trajectory.projection.map(point)),
                ])),
                ("counted", target.counted.map { ["label": $0.label, "source": $0.source] }),
                ("contributions", target.contributions.map(ContributionEntry.init)),
                ("focus_districts", target.focusDistricts.map { District(district: $0.district.rawValue, contributing: $0.contributing, named: $0.named) }),
                ("waivers", target.waivers),
                ("findings", target.findings.map { ["severity": $0.severity.rawValue, "message": $0.message] }),
                ("notes", target.notes),
                ("error", target.failure.map(ErrorEntry.init)),
            ]
        }
        func encode(to encoder: Encoder) throws { try encodeAll(encoder, entries) }
    }

    struct ContributionEntry: Encodable {
        var line: ContributionLine
        func encode(to encoder: Encoder) throws {
            let (school, institution) = ids(line.contributor)
            try encodeAll(encoder, [("school", school), ("institution", institution), ("name", line.name),
                                    ("kind", line.kind.rawValue), ("detail", line.detail)])
        }
    }

    struct ErrorEntry: Encodable {
        var failure: RuleFailure
        func encode(to encoder: Encoder) throws {
            try encodeAll(encoder, [("script", failure.script), ("line", failure.line), ("message", failure.message), ("hint", failure.hint)])
        }
    }

    struct Gap: Encodable {
        var gap: TargetGap
        func encode(to encoder: Encoder) throws {
            let entry = { (e: GapEntry) in ["id": e.id, "name": e.name, "detail": e.detail] }
            try encodeAll(encoder, [
                ("target", gap.targetID), ("status", gap.status.rawValue), ("reason", gap.reason), ("deadline", gap.deadline.description),
                ("needed", gap.needed), ("needed_per_school_year", gap.neededPerSchoolYear),
                ("programme_team", gap.programmeTeam), ("schools", gap.schools.map(entry)), ("institutions", gap.institutions.map(entry)),
                ("shared_ask", gap.sharedAsk.map { ask in Row(entries: [("needed", ask.needed), ("unit", ask.unit), ("candidates", ask.candidates)]) }),
                ("candidates", gap.candidates.map { candidate in
                    Row(entries: [("id", candidate.id), ("kind", candidate.isInstitution ? "institution" : "school"), ("name", candidate.name),
                                  ("detail", candidate.detail)])
                }),
            ])
        }
    }

    struct Check: Encodable {
        var check: SelfCheck
        func encode(to encoder: Encoder) throws {
            let (school, institution) = ids(check.contributor)
            try encodeAll(encoder, [
                ("school", school), ("institution", institution), ("name", check.name), ("stadsdeel", check.stadsdeel?.rawValue),
                ("example", check.isExample), ("page", check.pageName),
                ("targets", check.rows.map { row in
                    Row(entries: [("target", row.targetID), ("kind", row.kind?.rawValue ?? "error"), ("detail", row.detail),
                                  ("error", row.failure.map(ErrorEntry.init)),
                                  ("asked_by", row.askedBy.description), ("city_status", row.cityStatus.rawValue), ("city_reason", row.cityReason),
                                  ("city_value", row.cityValue), ("city_contributing", row.cityContributing), ("city_named", row.cityNamed),
                                  ("window", row.window), ("shared_ask", row.sharedAsk.map { ask in
                                      Row(entries: [("needed", ask.needed), ("unit", ask.unit), ("candidates", ask.candidates)])
                                  }), ("peers", row.peers)])
                }),
                ("board", check.boardID), ("routes", check.routes.map(\.id)),
                ("calendar", check.calendar.map(Document.calendarItem)), ("changes", check.changes.map(Document.change)),
            ])
        }
    }

    /// One self-check on its own, for the party itself: the same `self_checks` entry as in the
    /// whole report, with the covenant, the date and the provenance around it.
    struct SelfCheckDocument: Encodable {
        var report: Report
        var check: SelfCheck
        func encode(to encoder: Encoder) throws {
            try encodeAll(encoder, [
                ("schema_version", JSONReporter.schemaVersion), ("language", report.language.rawValue), ("covenant", report.covenantName),
                ("as_of", report.asOf.description), ("school_year", report.schoolYear.description), ("self_check", Check(check: check)),
                ("provenance", ProvenanceEntry(as_of: report.provenance.asOf.description, data_sha256: report.provenance.dataHash,
                                               rules_sha256: report.provenance.rulesHash, plugins_sha256: report.provenance.pluginsHash,
                                               koers_version: report.provenance.koersVersion)),
            ])
        }
    }

    struct Row: Encodable {
        var entries: [(String, any Encodable)]
        func encode(to encoder: Encoder) throws { try encodeAll(encoder, entries) }
    }

    struct ProvenanceEntry: Encodable {
        var as_of: String
        var data_sha256: String
        var rules_sha256: String
        var plugins_sha256: String
        var koers_version: String
    }
}

/// A contributor as the two keys JSON readers get: the one that applies is set, the other null.
private func ids(_ contributor: Contributor) -> (school: String?, institution: String?) {
    switch contributor {
    case .school(let id): (id, nil)
    case .institution(let id): (nil, id)
    }
}

/// Encodes every pair, `nil` as `null`: a reader can rely on every documented key being there.
private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private func encodeAll(_ encoder: Encoder, _ entries: [(String, any Encodable)]) throws {
    var container = encoder.container(keyedBy: Key.self)
    for (key, value) in entries {
        if let optional = value as? OptionalEncodable, optional.isNil {
            try container.encodeNil(forKey: Key(key))
        } else {
            try container.encode(value, forKey: Key(key))
        }
    }
}

private protocol OptionalEncodable { var isNil: Bool { get } }
extension Optional: OptionalEncodable {
    var isNil: Bool { self == nil }
}
