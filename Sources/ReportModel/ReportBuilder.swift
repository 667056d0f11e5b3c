import CovenantModel
import TargetJudgement

/// Makes the report model from the rule results: the judgements on the evaluation date and on
/// the earlier days of ``TrajectorySampling``. It never runs a rule itself.
public struct ReportBuilder: Sendable {
    public let state: CovenantState
    public let language: Language

    public init(state: CovenantState, language: Language) {
        self.state = state
        self.language = language
    }

    /// - Parameters:
    ///   - judgements: one per target, on `state.asOf`, in the covenant's order.
    ///   - history: the judgements on earlier days, oldest first (the last may be `state.asOf`).
    ///   - plugins: what the workspace's plugins added on `state.asOf`.
    public func report(judgements: [TargetJudgement], history: [(day: Day, judgements: [TargetJudgement])],
                       plugins: PluginContributions = PluginContributions(), provenance: Provenance) -> Report {
        let words = language.words
        let byTarget = Dictionary(judgements.map { ($0.targetID, $0) }, uniquingKeysWith: { first, _ in first })
        let targets = state.covenant.targets.map { target in
            targetReport(target, judgement: byTarget[target.id] ?? TargetJudgement(targetID: target.id, status: .noData),
                         history: history.map { sample in (sample.day, sample.judgements.first { $0.targetID == target.id }?.value) })
        }
        let actionLines = state.covenant.actionLines.map { line in
            ActionLineReport(id: line.id, title: line.title, targetIDs: targets.filter { $0.actionLine == line.id }.map(\.id))
        }
        return Report(
            language: language, covenantName: state.covenant.name, region: state.covenant.region, asOf: state.asOf,
            schoolYear: state.schoolYear, baselineDate: state.covenant.baselineDate, deadline: state.covenant.deadline,
            remainingSchoolYears: state.covenant.schoolYears.filter { $0.lastDay >= state.asOf },
            targets: targets, actionLines: actionLines,
            gaps: targets.filter { $0.status != .achieved }.map { gap(for: $0, words: words) },
            selfChecks: selfChecks(targets), sections: plugins.sections + dataCheckSection(plugins.findings),
            pluginProblems: plugins.problems, provenance: provenance)
    }

    /// The plugins' data-quality findings as one table, so that every format shows them.
    private func dataCheckSection(_ findings: [DataCheckFinding]) -> [ReportSection] {
        guard !findings.isEmpty else { return [] }
        let words = language.words
        let rows = findings.map { finding -> [ContentBlock.Cell] in
            [.text(words.severity(finding.severity)), .text(finding.message), .text(finding.source ?? ""), .text(finding.plugin)]
        }
        return [ReportSection(id: "data-checks", title: words.labels["dataChecks"]!, plugin: "koers", blocks: [
            .paragraph(words.labels["dataChecksIntro"]!),
            .table(columns: ["severity", "finding", "source", "plugin"].map { words.labels[$0]! }, rows: rows),
        ])]
    }

    private func targetReport(_ target: Target, judgement: TargetJudgement, history: [(day: Day, value: Double?)]) -> TargetReport {
        let words = language.words
        let contributions = judgement.contributions.map { contribution in
            ContributionLine(contributor: contribution.contributor, name: name(of: contribution.contributor),
                             stadsdeel: stadsdeel(of: contribution.contributor), kind: contribution.kind, detail: contribution.detail)
        }
        let schoolLines = contributions.filter { if case .school = $0.contributor { true } else { false } }
        let districts = Stadsdeel.focusDistricts.compactMap { district -> DistrictLine? in
            let there = schoolLines.filter { $0.stadsdeel == district && $0.kind != .waived }
            return there.isEmpty ? nil : DistrictLine(district: district, contributing: there.filter { $0.kind == .contributes }.count, named: there.count)
        }
        return TargetReport(
            id: target.id, actionLine: target.actionLine, title: target.title, kind: target.kind, owner: target.owner,
            unit: target.unit, rule: target.rule, status: judgement.status, value: judgement.value, expected: judgement.expected,
            target: judgement.target ?? target.targetValue, needed: judgement.needed, neededPerSchoolYear: judgement.neededPerSchoolYear,
            projection: judgement.projection, projectionBasis: judgement.projectionBasis, reason: judgement.reason,
            statusMethod: judgement.method, years: judgement.years, unreported: judgement.unreported,
            baselineValue: target.baselineValue, baselineDate: target.baselineDate,
            deadline: target.deadline, covenantNote: target.notes, method: words.method(for: target, judgement: judgement),
            trajectory: Trajectory(target: target, judgement: judgement, history: history, asOf: state.asOf),
            counted: judgement.counted, contributions: contributions, focusDistricts: districts,
            waivers: judgement.waivers.map { words.waiver($0, schoolName: $0.school.map { name(of: .school($0)) }) },
            findings: judgement.findings, notes: judgement.notes, failure: judgement.failure)
    }

    private func gap(for target: TargetReport, words: Vocabulary) -> TargetGap {
        let missing = target.contributions.filter { $0.kind == .missing || $0.kind == .unreported }
        let schools = missing.compactMap { line -> GapEntry? in
            guard case .school(let id) = line.contributor else { return nil }
            return GapEntry(id: id, name: line.name, detail: line.detail)
        }
        let institutions = missing.compactMap { line -> GapEntry? in
            guard case .institution(let id) = line.contributor else { return nil }
            return GapEntry(id: id, name: line.name, detail: line.detail)
        }
        var programmeTeam: [String] = []
        if let failure = target.failure {
            programmeTeam.append(words.fixRule(failure))
        } else if target.status == .noData {
            programmeTeam.append(words.supplyData(target.findings.first?.message))
        } else if let needed = target.needed, needed > 0 {
            if target.owner == .programmeTeam {
                programmeTeam.append(words.programmeTeamTask(needed: needed, perSchoolYear: target.neededPerSchoolYear, unit: target.unit,
                                                             by: target.deadline, yearly: target.kind == .countPerSchoolYear))
            } else if schools.isEmpty && institutions.isEmpty {
                programmeTeam.append(words.coordinate(needed: needed, unit: target.unit))
            }
        }
        return TargetGap(targetID: target.id, title: target.title, status: target.status, reason: target.reason, unit: target.unit,
                         deadline: target.deadline,
                         needed: target.needed, neededPerSchoolYear: target.neededPerSchoolYear, programmeTeam: programmeTeam,
                         schools: schools, institutions: institutions)
    }

    private func selfChecks(_ targets: [TargetReport]) -> [SelfCheck] {
        let contributors = state.schools.map { Contributor.school($0.id) } + state.institutions.map { Contributor.institution($0.id) }
        // Per target, once: each contributor's line, and the city's counts per side (schools or
        // institutions). Looking them up per contributor would grow with the square of the schools.
        struct Side { var contributing = 0, named = 0 }
        let indexed = targets.map { target in
            var own: [Contributor: ContributionLine] = [:]
            var sides: [Bool: Side] = [:]
            for contribution in target.contributions {
                if own[contribution.contributor] == nil { own[contribution.contributor] = contribution }
                guard contribution.kind != .waived else { continue }
                sides[contribution.contributor.isSchool, default: Side()].named += 1
                if contribution.kind == .contributes { sides[contribution.contributor.isSchool, default: Side()].contributing += 1 }
            }
            return (target: target, own: own, sides: sides)
        }
        let schoolsByID = Dictionary(state.schools.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let institutionsByID = Dictionary(state.institutions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return contributors.map { contributor in
            let rows = indexed.compactMap { entry -> SelfCheckRow? in
                let target = entry.target
                let sameKind = entry.sides[contributor.isSchool] ?? Side()
                let askedBy = target.kind == .countPerSchoolYear ? min(state.schoolYear.lastDay, target.deadline) : target.deadline
                // A failing rule names no one, so every self-check shows the target as not judged
                // (a page that silently lacked it would look complete).
                if let failure = target.failure {
                    return SelfCheckRow(targetID: target.id, title: target.title, kind: nil, detail: nil, failure: failure,
                                        askedBy: max(askedBy, state.asOf), cityStatus: target.status, cityReason: nil, cityValue: nil,
                                        cityTarget: target.target, unit: target.unit, cityContributing: 0, cityNamed: 0)
                }
                guard let own = entry.own[contributor] else { return nil }
                return SelfCheckRow(targetID: target.id, title: target.title, kind: own.kind, detail: own.detail, failure: nil,
                                    askedBy: max(askedBy, state.asOf), cityStatus: target.status, cityReason: target.reason,
                                    cityValue: target.value,
                                    cityTarget: target.target, unit: target.unit,
                                    cityContributing: sameKind.contributing, cityNamed: sameKind.named)
            }
            switch contributor {
            case .school(let id):
                let school = schoolsByID[id]!
                return SelfCheck(contributor: contributor, name: school.name, stadsdeel: school.stadsdeel,
                                 board: school.board.map(boardName), levels: school.levels.sorted().map(\.rawValue),
                                 isExample: school.origin == "voorbeeld", rows: rows)
            case .institution(let id):
                let institution = institutionsByID[id]!
                return SelfCheck(contributor: contributor, name: institution.name, stadsdeel: nil,
                                 board: institution.board.map(boardName), levels: [],
                                 isExample: institution.origin == "voorbeeld", rows: rows)
            }
        }
    }


    private func name(of contributor: Contributor) -> String {
        switch contributor {
        case .school(let id): state.schools.first { $0.id == id }?.name ?? id
        case .institution(let id): state.institutions.first { $0.id == id }?.name ?? id
        }
    }

    private func stadsdeel(of contributor: Contributor) -> Stadsdeel? {
        guard case .school(let id) = contributor else { return nil }
        return state.schools.first { $0.id == id }?.stadsdeel
    }

    private func boardName(_ id: String) -> String { state.boards.first { $0.id == id }?.name ?? id }
}

private extension Contributor {
    /// Schools are compared with schools, institutions with institutions.
    var isSchool: Bool {
        if case .school = self { true } else { false }
    }
}
