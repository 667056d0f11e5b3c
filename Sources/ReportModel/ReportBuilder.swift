import CovenantModel
import TargetJudgement

/// Makes the report model from the rule results: the judgements on the evaluation date and on
/// the earlier days of ``TrajectorySampling``. It never runs a rule itself.
public struct ReportBuilder: Sendable {
    public let state: CovenantState
    public let language: Language
    /// The whole history, for what lies after the evaluation date (planned route steps) and for
    /// what changed since a comparison day; `nil` leaves both out.
    public let workspace: Workspace?

    /// The report's words, with the covenant's singular units ("1 bijeenkomst").
    var words: Vocabulary { language.words.with(singulars: state.covenant.unitSingulars, area: state.covenant.area) }
    /// Schools and institutions by id, looked up once per contribution (a search of the lists
    /// would grow with the square of the schools at national scale).
    let schoolsByID: [String: School]
    let institutionsByID: [String: Institution]
    /// What the parties' calendars are made of, by party and route, gathered once: a search of
    /// every route, meeting and return per party grew with the square of the parties (at national
    /// scale it was a third of a report's time).
    let calendarSources: CalendarSources

    public init(state: CovenantState, language: Language) {
        self.state = state
        self.language = language
        workspace = nil
        schoolsByID = Dictionary(state.schools.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        institutionsByID = Dictionary(state.institutions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        calendarSources = CalendarSources(state: state, workspace: nil)
    }

    public init(workspace: Workspace, asOf: Day, language: Language) {
        self.init(state: workspace.state(asOf: asOf), language: language, workspace: workspace)
    }

    private init(state: CovenantState, language: Language, workspace: Workspace) {
        self.state = state
        self.language = language
        self.workspace = workspace
        schoolsByID = Dictionary(state.schools.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        institutionsByID = Dictionary(state.institutions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        calendarSources = CalendarSources(state: state, workspace: workspace)
    }

    /// The judgements on an earlier day to compare the report with.
    public struct ComparisonInput: Sendable {
        public var day: Day
        public var basis: Comparison.Basis
        public var judgements: [TargetJudgement]
        public init(day: Day, basis: Comparison.Basis, judgements: [TargetJudgement]) {
            self.day = day
            self.basis = basis
            self.judgements = judgements
        }
    }

    /// - Parameters:
    ///   - judgements: one per target, on `state.asOf`, in the covenant's order.
    ///   - history: the judgements on earlier days, oldest first (the last may be `state.asOf`).
    ///   - plugins: what the workspace's plugins added on `state.asOf`.
    ///   - openRequirements: per route id, the legal requirements still open (the route_law plugin's `derive`).
    ///   - comparison: the judgements on an earlier day, for what changed.
    public func report(judgements: [TargetJudgement], history: [(day: Day, judgements: [TargetJudgement])],
                       plugins: PluginContributions = PluginContributions(), provenance: Provenance,
                       openRequirements: [String: [String]] = [:], comparison: ComparisonInput? = nil) -> Report {

        let byTarget = Dictionary(judgements.map { ($0.targetID, $0) }, uniquingKeysWith: { first, _ in first })
        let routePageBySource = Dictionary(state.routes.map { ($0.route.source.description, $0.route.id) }, uniquingKeysWith: { first, _ in first })
        var targets = state.covenant.targets.map { target in
            targetReport(target, judgement: byTarget[target.id] ?? TargetJudgement(targetID: target.id, status: .noData),
                         history: history.map { sample in (sample.day, sample.judgements.first { $0.targetID == target.id }?.value) },
                         routePages: routePageBySource)
        }
        let compared = comparison.map { self.comparison($0, judgements: byTarget) }
        if let compared {
            let changes = Dictionary(compared.targets.map { ($0.targetID, $0) }, uniquingKeysWith: { first, _ in first })
            for index in targets.indices { targets[index].change = changes[targets[index].id] }
        }
        let actionLines = state.covenant.actionLines.map { line in
            ActionLineReport(id: line.id, title: line.title, targetIDs: targets.filter { $0.actionLine == line.id }.map(\.id))
        }
        let routes = routeLines(openRequirements: openRequirements)
        let selfChecks = selfChecks(targets, routes: routes, changes: compared?.records ?? [])
        var report = Report(
            language: language, covenantName: state.covenant.name, region: state.covenant.region, asOf: state.asOf,
            schoolYear: state.schoolYear, baselineDate: state.covenant.baselineDate, deadline: state.covenant.deadline,
            remainingSchoolYears: state.covenant.schoolYears.filter { $0.lastDay >= state.asOf },
            targets: targets, actionLines: actionLines,
            gaps: targets.filter { $0.status != .achieved }.map { gap(for: $0, words: words) },
            selfChecks: selfChecks, sections: plugins.sections + dataCheckSection(plugins.findings),
            pluginProblems: plugins.problems, provenance: provenance)
        report.unitSingulars = state.covenant.unitSingulars
        report.area = state.covenant.area
        report.dataChecks = plugins.findings
        report.routes = routePages(routes, targets: targets)
        report.boards = boardPages(targets: targets, selfChecks: selfChecks, routes: routes, changes: compared?.records ?? [])
        report.nonParties = nonParties(targets)
        report.returns = ReturnCompleteness.of(state.schools, in: state)
        report.lastApproval = Self.lastApproval(in: state)
        report.comparison = compared
        return report
    }

    /// The latest portal approval named by a record the state holds on its day: reached and
    /// planned route steps, requirements, meetings held and planned, annual returns.
    static func lastApproval(in state: CovenantState) -> PortalApproval? {
        let routes = state.routes.flatMap { route in
            route.stages.map(\.origin) + route.route.stages.filter(\.planned).map(\.origin) + route.requirementsMet.map(\.origin)
        }
        let origins = routes + (state.events + state.plannedEvents).map(\.origin) + state.schoolYearReports.map(\.origin)
        // The latest by day (submission numbers are given when a party starts, not when approved).
        return origins.compactMap { $0 }.flatMap(PortalApproval.all(in:)).max { ($0.day, $0.submission) < ($1.day, $1.submission) }
    }

    /// The plugins' data-quality findings as one table, so that every format shows them.
    private func dataCheckSection(_ findings: [DataCheckFinding]) -> [ReportSection] {
        guard !findings.isEmpty else { return [] }

        let rows = findings.map { finding -> [ContentBlock.Cell] in
            // The record a finding is about is in the report's appendix of sources, not in the table people read.
            [.text(words.severity(finding.severity)), .text(finding.message), .text(finding.plugin)]
        }
        // The footer names the plugins that made the findings (route_law, …), not Koers itself.
        var plugins: [String] = []
        for finding in findings where !plugins.contains(finding.plugin) { plugins.append(finding.plugin) }
        return [ReportSection(id: "data-checks", title: words.labels["dataChecks"]!, plugin: plugins.joined(separator: ", "), blocks: [
            .paragraph(words.labels["dataChecksIntro"]!),
            .table(columns: ["severity", "finding", "plugin"].map { words.labels[$0]! }, rows: rows),
        ])]
    }

    private func targetReport(_ target: Target, judgement: TargetJudgement, history: [(day: Day, value: Double?)],
                              routePages: [String: String]) -> TargetReport {

        // A school or institution that did not sign is never asked anything; what it adds still
        // counts for the city (a route is a route), and says so.
        let contributions = judgement.contributions.compactMap { contribution -> ContributionLine? in
            let isParty = self.isParty(contribution.contributor)
            guard isParty || contribution.kind == .contributes else { return nil }
            return ContributionLine(contributor: contribution.contributor, name: name(of: contribution.contributor),
                                    stadsdeel: stadsdeel(of: contribution.contributor), kind: contribution.kind,
                                    detail: contribution.detail, isParty: isParty)
        }
        let candidates = contributions.filter { $0.kind == .candidate }.count
        let schoolLines = contributions.filter { if case .school = $0.contributor { true } else { false } }
        let districts = Stadsdeel.focusDistricts.compactMap { district -> DistrictLine? in
            let there = schoolLines.filter { $0.stadsdeel == district && $0.kind != .waived }
            return there.isEmpty ? nil : DistrictLine(district: district, contributing: there.filter { $0.kind == .contributes }.count, named: there.count)
        }
        var report = TargetReport(
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
        report.countedRoutePages = judgement.counted.map { record in record.source.flatMap { routePages[$0] } }
        report.window = words.window(of: target, judgedSchoolYear: judgement.judgedSchoolYear, schoolYear: state.schoolYear)
        if candidates > 0 {
            report.sharedAsk = SharedAsk(needed: max(0, judgement.needed ?? 0), unit: target.unit, candidates: candidates)
            report.sharedAsk?.measured = target.kind.isIndicator
        }
        return report
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
                                                             by: target.deadline, yearly: target.kind == .countPerSchoolYear,
                                                             measured: target.isMeasured))
            } else if schools.isEmpty && institutions.isEmpty && target.sharedAsk == nil {
                programmeTeam.append(words.coordinate(needed: needed, unit: target.unit, measured: target.isMeasured))
            }
        }
        let candidates = target.contributions.filter { $0.kind == .candidate }.map { line in
            GapEntry(id: line.contributor.id, name: line.name, detail: line.detail, isInstitution: !line.contributor.isSchool)
        }
        var gap = TargetGap(targetID: target.id, title: target.title, status: target.status, reason: target.reason, unit: target.unit,
                            deadline: target.deadline,
                            needed: target.needed, neededPerSchoolYear: target.neededPerSchoolYear, programmeTeam: programmeTeam,
                            schools: schools, institutions: institutions, sharedAsk: target.sharedAsk, candidates: candidates)
        gap.measured = target.isMeasured
        return gap
    }

    private func selfChecks(_ targets: [TargetReport], routes: [RouteLine], changes: [ChangeLine]) -> [SelfCheck] {
        // Only parties have a self-check: the others are listed, not judged.
        let contributors = state.schools.filter(\.isParty).map { Contributor.school($0.id) }
            + state.institutions.filter(\.isParty).map { Contributor.institution($0.id) }
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
            let kinds = own.reduce(into: [String: Contribution.Kind]()) { kinds, entry in
                if case .school(let id) = entry.key { kinds[id] = entry.value.kind }
            }
            return (target: target, own: own, sides: sides, schoolKinds: kinds)
        }
        let peers = PeerIndex(schools: state.schools.filter(\.isParty))
        let routesOf = Dictionary(grouping: routes.flatMap { route in partnerIDs(of: route).map { ($0, route) } }, by: \.0)
            .mapValues { $0.map(\.1) }
        return contributors.map { contributor in
            let rows = indexed.compactMap { entry -> SelfCheckRow? in
                let target = entry.target
                let sameKind = entry.sides[contributor.isSchool] ?? Side()
                let askedBy = target.kind == .countPerSchoolYear ? min(state.schoolYear.lastDay, target.deadline) : target.deadline
                // A failing rule names no one, so every self-check shows the target as not judged
                // (a page that silently lacked it would look complete).
                if let failure = target.failure {
                    var row = SelfCheckRow(targetID: target.id, title: target.title, kind: nil, detail: nil, failure: failure,
                                           askedBy: max(askedBy, state.asOf), cityStatus: target.status, cityReason: nil, cityValue: nil,
                                           cityTarget: target.target, unit: target.unit, cityContributing: 0, cityNamed: 0,
                                           window: target.window)
                    row.measured = target.isMeasured
                    return row
                }
                guard let own = entry.own[contributor] else { return nil }
                var row = SelfCheckRow(targetID: target.id, title: target.title, kind: own.kind, detail: own.detail, failure: nil,
                                       askedBy: max(askedBy, state.asOf), cityStatus: target.status, cityReason: target.reason,
                                       cityValue: target.value,
                                       cityTarget: target.target, unit: target.unit,
                                       cityContributing: sameKind.contributing, cityNamed: sameKind.named, window: target.window)
                row.measured = target.isMeasured
                if own.kind == .candidate { row.sharedAsk = target.sharedAsk }
                if case .school(let id) = contributor, let school = schoolsByID[id] {
                    row.peers = peers.lines(for: school, kinds: entry.schoolKinds, words: words)
                }
                return row
            }
            let mine = changes.filter { $0.parties.contains(contributor.id) }
            switch contributor {
            case .school(let id):
                let school = schoolsByID[id]!
                return SelfCheck(contributor: contributor, name: school.name, stadsdeel: school.stadsdeel,
                                 board: school.board.map(boardName), levels: school.levels.sorted().map(\.rawValue),
                                 isExample: school.origin == "voorbeeld", rows: rows, boardID: school.board,
                                 routes: routesOf[id] ?? [], calendar: calendar(for: contributor, routes: routesOf[id] ?? []),
                                 changes: mine)
            case .institution(let id):
                let institution = institutionsByID[id]!
                return SelfCheck(contributor: contributor, name: institution.name, stadsdeel: nil,
                                 board: institution.board.map(boardName), levels: [],
                                 isExample: institution.origin == "voorbeeld", rows: rows, boardID: institution.board,
                                 routes: routesOf[id] ?? [], calendar: calendar(for: contributor, routes: routesOf[id] ?? []),
                                 changes: mine)
            }
        }
    }

    func name(of contributor: Contributor) -> String {
        switch contributor {
        case .school(let id): schoolsByID[id]?.name ?? id
        case .institution(let id): institutionsByID[id]?.name ?? id
        }
    }

    private func stadsdeel(of contributor: Contributor) -> Stadsdeel? {
        guard case .school(let id) = contributor else { return nil }
        return schoolsByID[id]?.stadsdeel
    }

    func boardName(_ id: String) -> String { state.boards.first { $0.id == id }?.name ?? id }
}

extension Contributor {
    /// Schools are compared with schools, institutions with institutions.
    public var isSchool: Bool {
        if case .school = self { true } else { false }
    }
}
