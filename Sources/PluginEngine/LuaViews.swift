import CovenantModel
import LuaHost
import ReportModel
import TargetJudgement

/// The `results` global of a plugin's `sections`: the rules' results on the evaluation day, by
/// target id.
enum ResultsView {
    static func results(_ judgements: [TargetJudgement], covenant: Covenant) -> LuaValue {
        let titles = Dictionary(covenant.targets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return .record(Dictionary(judgements.map { judgement in
            let target = titles[judgement.targetID]
            return (judgement.targetID, LuaValue.record([
                "id": .string(judgement.targetID), "title": target.map { .string($0.title) } ?? .nil,
                "unit": target?.unit.map(LuaValue.string) ?? .nil, "status": .string(judgement.status.rawValue),
                "reason": judgement.reason.map(LuaValue.string) ?? .nil, "value": number(judgement.value), "expected": number(judgement.expected),
                "target": number(judgement.target ?? target?.targetValue), "needed": number(judgement.needed),
                "needed_per_school_year": number(judgement.neededPerSchoolYear), "projection": number(judgement.projection),
                "contributions": .array(judgement.contributions.map(contribution)),
            ]))
        }, uniquingKeysWith: { first, _ in first }))
    }

    static func number(_ value: Double?) -> LuaValue {
        guard let value else { return .nil }
        return value == value.rounded() && abs(value) < 1e15 ? .integer(Int64(value)) : .number(value)
    }

    static func contribution(_ contribution: Contribution) -> LuaValue {
        .record(contributorField(contribution.contributor).merging(
            ["kind": .string(contribution.kind.rawValue), "detail": contribution.detail.map(LuaValue.string) ?? .nil]) { first, _ in first })
    }

    /// `school = id` or `institution = id`, as rules write contributions.
    static func contributorField(_ contributor: Contributor) -> [String: LuaValue] {
        switch contributor {
        case .school(let id): ["school": .string(id)]
        case .institution(let id): ["institution": .string(id)]
        }
    }
}

/// The `report` global of a plugin format's `render`: the report model as plain tables, with
/// numbers as numbers and every label already in the report's language.
enum ReportView {
    static func report(_ report: Report) -> LuaValue {
        let words = report.words
        let number = ResultsView.number
        return .record([
            "language": .string(report.language.rawValue),
            "covenant": .record(["name": .string(report.covenantName), "region": report.region.map(LuaValue.string) ?? .nil,
                                 "baseline": .string(report.baselineDate.description), "deadline": .string(report.deadline.description)]),
            "as_of": .string(report.asOf.description), "school_year": .string(report.schoolYear.description),
            "targets": .array(report.targets.map { target in
                .record([
                    "id": .string(target.id), "action_line": .string(target.actionLine), "title": .string(target.title),
                    "kind": .string(target.kind.rawValue), "owner": .string(target.owner.rawValue), "unit": target.unit.map(LuaValue.string) ?? .nil,
                    "status": .string(target.status.rawValue), "status_label": .string(words.status(target.status)),
                    "reason": target.reason.map(LuaValue.string) ?? .nil, "value": number(target.value), "expected": number(target.expected), "target": number(target.target),
                    "needed": number(target.needed), "needed_per_school_year": number(target.neededPerSchoolYear),
                    "projection": number(target.projection), "baseline": number(target.baselineValue),
                    "deadline": .string(target.deadline.description),
                    "error": target.failure.map { .string($0.description) } ?? .nil,
                    "contributions": .array(target.contributions.map { line in
                        .record(ResultsView.contributorField(line.contributor).merging([
                            "name": .string(line.name), "kind": .string(line.kind.rawValue), "detail": line.detail.map(LuaValue.string) ?? .nil,
                            "stadsdeel": line.stadsdeel.map { .string($0.rawValue) } ?? .nil,
                        ]) { first, _ in first })
                    }),
                ])
            }),
            "provenance": .record([
                "as_of": .string(report.provenance.asOf.description), "data": .string(report.provenance.dataHash),
                "rules": .string(report.provenance.rulesHash), "plugins": .string(report.provenance.pluginsHash),
                "koers_version": .string(report.provenance.koersVersion),
            ]),
        ])
    }
}
