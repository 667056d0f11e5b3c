import CovenantModel
import TargetJudgement

/// The pages of each party: boards, routes, calendars, comparison with similar schools, and what
/// changed since an earlier day. Everything here is read from the state and the rule results the
/// report already holds; nothing is judged anew.
extension ReportBuilder {
    /// Whether the school or institution is bound by the covenant.
    func isParty(_ contributor: Contributor) -> Bool {
        switch contributor {
        case .school(let id): schoolsByID[id]?.isParty ?? true
        case .institution(let id): institutionsByID[id]?.isParty ?? true
        }
    }

    func partnerIDs(of route: RouteLine) -> [String] { route.schoolIDs + [route.institutionID] }

    // MARK: Routes

    /// Every route that has reached a stage, with what comes next and what the law still asks.
    func routeLines(openRequirements: [String: [String]]) -> [RouteLine] {

        let collegeNames = Dictionary(state.colleges.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return state.routes.map { routeState in
            let route = routeState.route
            let planned = route.stages.first { $0.planned && $0.date > state.asOf && $0.stage != .gestopt }
            return RouteLine(
                id: route.id, name: route.name, stage: routeState.stage, since: routeState.stageSince,
                institution: name(of: .institution(route.institution)), institutionID: route.institution,
                college: route.college.map { collegeNames[$0] ?? $0 },
                schools: route.schools.map { name(of: .school($0)) }, schoolIDs: route.schools,
                nextStep: words.nextStep(after: routeState.stage, planned: planned.map { ($0.stage, $0.date) }),
                openRequirements: (openRequirements[route.id] ?? []).map { code in
                    LegalRequirement.allCases.first { $0.description == code }.map { "\(code) \(requirementWords($0))" } ?? code
                },
                isExample: route.origin == "voorbeeld")
        }
    }

    /// What a legal requirement asks, in the report's language.
    private func requirementWords(_ requirement: LegalRequirement) -> String {
        requirement.words.text(in: language)
    }

    func routePages(_ lines: [RouteLine], targets: [TargetReport]) -> [RoutePage] {
        let byID = Dictionary(state.routes.map { ($0.route.id, $0) }, uniquingKeysWith: { first, _ in first })
        return lines.compactMap { line in
            guard let routeState = byID[line.id] else { return nil }
            let route = routeState.route
            let future = route.stages.filter { $0.planned && $0.date > state.asOf }
            let partners = route.schools.map { Contributor.school($0) } + [.institution(route.institution)]
            return RoutePage(
                line: line, kind: route.kind, fromLevel: route.fromLevel, toLevel: route.toLevel, sector: route.sector,
                qualifications: route.qualifications,
                partners: partners.map { ($0, name(of: $0), isParty($0) ? SelfCheck.pageName(for: $0) : nil) },
                stages: routeState.stages.map { ($0.stage, $0.date, $0.note, false) } + future.map { ($0.stage, $0.date, $0.note, true) },
                cohorts: routeState.cohorts.map { ($0.schoolYear, $0.students) },
                requirementsMet: routeState.requirementsMet.map { ($0.requirement, $0.date, $0.evidence) },
                targets: targets.filter { $0.countedRoutePages.contains(line.id) }.map { ($0.id, $0.title) },
                source: route.source.description)
        }
    }

    // MARK: Boards

    func boardPages(targets: [TargetReport], selfChecks: [SelfCheck], routes: [RouteLine], changes: [ChangeLine]) -> [BoardPage] {
        let checks = Dictionary(selfChecks.map { ($0.contributor, $0) }, uniquingKeysWith: { first, _ in first })
        let signatories = state.covenant.signatoryBoards
        // Everything a board page looks up, gathered once: a national report has hundreds of
        // boards, thousands of contributions per target and thousands of routes.
        let schoolsByBoard = Dictionary(grouping: state.schools.filter { $0.board != nil }, by: { $0.board! })
        let institutionsByBoard = Dictionary(grouping: state.institutions.filter { $0.board != nil }, by: { $0.board! })
        let contributionIndex = targets.map(ContributionIndex.init)
        let routesByPartner = Self.positions(of: routes, by: partnerIDs)
        let changesByParty = Self.positions(of: changes, by: \.parties)
        let firstReturns = ReturnCompleteness.firstReturns(in: state)
        return state.boards.map { board in
            let schools = schoolsByBoard[board.id] ?? []
            let members = schools.map {
                MemberLine(contributor: .school($0.id), name: $0.name, stadsdeel: $0.stadsdeel, isParty: $0.isParty,
                           isExample: $0.origin == "voorbeeld", open: checks[.school($0.id)]?.missingCount ?? 0,
                           page: $0.isParty ? SelfCheck.pageName(for: .school($0.id)) : nil)
            } + (institutionsByBoard[board.id] ?? []).map {
                MemberLine(contributor: .institution($0.id), name: $0.name, stadsdeel: nil, isParty: $0.isParty,
                           isExample: $0.origin == "voorbeeld", open: checks[.institution($0.id)]?.missingCount ?? 0,
                           page: $0.isParty ? SelfCheck.pageName(for: .institution($0.id)) : nil)
            }
            let ids = members.map(\.contributor)
            let lines = zip(targets, contributionIndex).compactMap { target, index -> BoardTargetLine? in
                let own = index.contributions(of: ids)
                guard !own.isEmpty else { return nil }
                // The city's figures for the same kind of organisation as the board's.
                let kinds = Set(own.map(\.contributor.isSchool))
                let city = kinds.map { index.cityFigures[$0] ?? (0, 0) }
                    .reduce((contributing: 0, named: 0)) { sum, figure in (sum.contributing + figure.contributing, sum.named + figure.named) }
                return BoardTargetLine(
                    targetID: target.id, title: target.title, cityStatus: target.status, window: target.window,
                    contributing: own.filter { $0.kind == .contributes }.map(\.name),
                    asked: own.filter { $0.kind == .missing || $0.kind == .unreported }.map(\.name),
                    candidates: own.filter { $0.kind == .candidate }.count,
                    named: own.filter { $0.kind != .waived }.count,
                    cityContributing: city.contributing, cityNamed: city.named,
                    sharedAsk: own.contains { $0.kind == .candidate } ? target.sharedAsk : nil)
            }
            let memberIDs = Set(ids.map(\.id))
            let theirRoutes = Set(memberIDs.flatMap { routesByPartner[$0] ?? [] }).sorted().map { routes[$0] }
            // Each member's returns, named; meetings and route steps once for the whole board.
            var calendar: [CalendarItem] = members.filter(\.isParty).flatMap { member -> [CalendarItem] in
                self.calendar(for: member.contributor, routes: []).compactMap { item -> CalendarItem? in
                    guard item.kind == .returnDue || item.kind == .returnExpires else { return nil }
                    var named = item
                    named.title = "\(member.name): \(item.title)"
                    return named
                }
            }
            calendar += plannedMeetings(for: [board.id] + Array(memberIDs), uidOwner: "bestuur-\(board.id)")
            calendar += plannedRouteSteps(theirRoutes, uidOwner: "bestuur-\(board.id)")
            var page = BoardPage(id: board.id, name: board.name, sector: board.sector, isParty: signatories.contains(board.id),
                                 isExample: board.origin == "voorbeeld", members: members, targets: lines, routes: theirRoutes,
                                 calendar: Self.sorted(calendar),
                                 changes: Set(memberIDs.flatMap { changesByParty[$0] ?? [] }).sorted().map { changes[$0] })
            page.returns = ReturnCompleteness.of(schools, in: state, firstReturns: firstReturns)
            return page
        }
    }

    /// The positions of `items` by each key `keys` gives an item, in the items' order.
    private static func positions<T>(of items: [T], by keys: (T) -> [String]) -> [String: [Int]] {
        var positions: [String: [Int]] = [:]
        for (position, item) in items.enumerated() {
            for key in Set(keys(item)) { positions[key, default: []].append(position) }
        }
        return positions
    }

    /// One target's contributions by contributor, and the city's figures per kind of
    /// organisation (schools, institutions), for board pages.
    private struct ContributionIndex {
        let all: [ContributionLine]
        let positions: [Contributor: [Int]]
        /// By `isSchool`: how many contribute, and how many are named (all but the waived).
        let cityFigures: [Bool: (contributing: Int, named: Int)]

        init(_ target: TargetReport) {
            all = target.contributions
            var positions: [Contributor: [Int]] = [:]
            var figures: [Bool: (contributing: Int, named: Int)] = [:]
            for (position, line) in all.enumerated() {
                positions[line.contributor, default: []].append(position)
                guard line.kind != .waived else { continue }
                var figure = figures[line.contributor.isSchool] ?? (0, 0)
                figure.named += 1
                if line.kind == .contributes { figure.contributing += 1 }
                figures[line.contributor.isSchool] = figure
            }
            self.positions = positions
            cityFigures = figures
        }

        /// The contributions of `contributors`, in the target's order.
        func contributions(of contributors: [Contributor]) -> [ContributionLine] {
            Set(contributors.flatMap { positions[$0] ?? [] }).sorted().map { all[$0] }
        }
    }

    // MARK: Non-parties

    func nonParties(_ targets: [TargetReport]) -> [NonPartyLine] {
        let others = state.schools.filter { !$0.isParty }.map { (Contributor.school($0.id), $0.name, $0.board) }
            + state.institutions.filter { !$0.isParty }.map { (Contributor.institution($0.id), $0.name, $0.board) }
        return others.map { contributor, name, board in
            NonPartyLine(contributor: contributor, name: name, board: board.map(boardName),
                         countsFor: targets.filter { target in target.contributions.contains { $0.contributor == contributor } }.map(\.title))
        }
    }

    // MARK: Calendar

    /// A party's dated items from the evaluation date on: its annual return due and when its last
    /// one stops counting, planned meetings it is invited to, and planned steps of its routes.
    func calendar(for contributor: Contributor, routes: [RouteLine]) -> [CalendarItem] {

        let owner = SelfCheck.pageName(for: contributor)
        var items: [CalendarItem] = []
        if case .school(let id) = contributor {
            let year = state.schoolYear
            let returns = calendarSources.returnsBySchool[id] ?? []
            let made = returns.contains { $0.schoolYear == year }
            if !made {
                let due = state.covenant.annualReturnDeadline(of: year)
                items.append(CalendarItem(day: due, kind: .returnDue, title: words.returnDue(year),
                                          detail: words.returnDueDetail(year, due: due), uid: "return-due-\(year)@\(owner)"))
            }
            let freshness = state.covenant.targets.filter { $0.kind == .coverage }.compactMap(\.freshness)
                .min { $0.oldestFreshDay(on: state.asOf) > $1.oldestFreshDay(on: state.asOf) }
            if let freshness, let last = returns.max(by: { $0.reportedOn < $1.reportedOn }) {
                let expires = Self.lastFreshDay(of: last.reportedOn, freshness: freshness)
                items.append(CalendarItem(day: expires, kind: .returnExpires,
                                          title: words.returnExpires(last.schoolYear, reportedOn: last.reportedOn, expired: expires < state.asOf),
                                          detail: nil, uid: "return-expires-\(last.schoolYear)@\(owner)"))
            }
        }
        var ids = [contributor.id]
        if case .institution(let id) = contributor { ids += state.colleges.filter { $0.institution == id }.map(\.id) }
        items += plannedMeetings(for: ids, uidOwner: owner)
        items += plannedRouteSteps(routes, uidOwner: owner)
        return Self.sorted(items)
    }

    /// Planned meetings of the calendar's kinds that any of `ids` takes part in, each once.
    private func plannedMeetings(for ids: [String], uidOwner: String) -> [CalendarItem] {
        let positions = Set(ids.flatMap { calendarSources.plannedMeetingsByParticipant[$0] ?? [] }).sorted()
        return positions.map { position in
            let event = calendarSources.plannedMeetings[position]
            return CalendarItem(day: event.date, kind: .meeting, title: event.title, detail: words.labels["plannedMeeting"],
                                uid: "\(event.id)@\(uidOwner)")
        }
    }

    private func plannedRouteSteps(_ routes: [RouteLine], uidOwner: String) -> [CalendarItem] {
        Set(routes.map(\.id)).sorted().flatMap { id in
            (calendarSources.plannedStepsByRoute[id] ?? []).map { planned in
                CalendarItem(day: planned.step.date, kind: .routeStep, title: words.plannedRouteStep(route: planned.routeName, stage: planned.step.stage),
                             detail: planned.step.note, uid: "\(id)-\(planned.step.stage.rawValue)@\(uidOwner)")
            }
        }
    }

    /// The last day a record made on `day` is fresh: the day before the freshness ends.
    static func lastFreshDay(of day: Day, freshness: Freshness) -> Day {
        // The newest day on which `day` is still the oldest fresh day or later.
        var low = day, high = day.adding(days: 366 * 11)
        while low < high {
            let middle = low.adding(days: (high.ordinal - low.ordinal + 1) / 2)
            if freshness.oldestFreshDay(on: middle) <= day { low = middle } else { high = middle.adding(days: -1) }
        }
        return low
    }

    static func sorted(_ items: [CalendarItem]) -> [CalendarItem] {
        items.sorted { ($0.day, $0.uid) < ($1.day, $1.uid) }
    }

    // MARK: What changed

    func comparison(_ input: ComparisonInput, judgements now: [String: TargetJudgement]) -> Comparison {
        let then = Dictionary(input.judgements.map { ($0.targetID, $0) }, uniquingKeysWith: { first, _ in first })
        let targets = state.covenant.targets.map { target -> TargetChange in
            let before = then[target.id], after = now[target.id]
            let counted = Set(before?.counted ?? []), counting = Set(after?.counted ?? [])
            var change = TargetChange(targetID: target.id, title: target.title, unit: target.unit,
                                      statusThen: before?.status ?? .noData, statusNow: after?.status ?? .noData,
                                      valueThen: before?.value, valueNow: after?.value,
                                      added: (after?.counted ?? []).filter { !counted.contains($0) },
                                      removed: (before?.counted ?? []).filter { !counting.contains($0) })
            change.measured = target.kind.isIndicator
            return change
        }
        return Comparison(day: input.day, basis: input.basis, targets: targets, records: changedRecords(since: input.day))
    }

    /// Dated records after `day` up to the evaluation date, oldest first.
    private func changedRecords(since day: Day) -> [ChangeLine] {
        guard let workspace else { return [] }

        let window = { (date: Day) in date > day && date <= state.asOf }
        var lines: [ChangeLine] = []
        for route in workspace.routes {
            let reached = route.stages.filter { !$0.planned }
            for (index, stage) in reached.enumerated() where window(stage.date) {
                let previous = index > 0 ? reached[index - 1].stage : nil
                lines.append(ChangeLine(day: stage.date, kind: .routeStage,
                                        text: words.routeStageChange(route: route.name, from: previous, to: stage.stage),
                                        parties: route.schools + [route.institution], source: stage.source.description))
            }
        }
        for event in workspace.events where !event.planned && window(event.date) {
            lines.append(ChangeLine(day: event.date, kind: .meeting, text: words.meetingHeld(event.title, participants: event.participants.count),
                                    parties: event.participants + institutionsOfColleges(event.participants), source: event.source.description))
        }
        for report in workspace.schoolYearReports where window(report.reportedOn) {
            lines.append(ChangeLine(day: report.reportedOn, kind: .annualReturn,
                                    text: words.annualReturn(school: name(of: .school(report.school)), schoolYear: report.schoolYear),
                                    parties: [report.school], source: report.source.description))
        }
        for sharing in workspace.dataSharing where window(sharing.date) {
            lines.append(ChangeLine(day: sharing.date, kind: .dataSharing,
                                    text: words.dataShared(from: organisationName(sharing.from), to: organisationName(sharing.to), kind: sharing.kind),
                                    parties: [sharing.from, sharing.to], source: sharing.source.description))
        }
        return lines.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
    }

    private func institutionsOfColleges(_ ids: [String]) -> [String] {
        state.colleges.filter { ids.contains($0.id) }.map(\.institution)
    }

    private func organisationName(_ id: String) -> String {
        if schoolsByID[id] != nil { return name(of: .school(id)) }
        return name(of: .institution(id))
    }
}

/// How schools with the same levels do on a target, as counts: a school sees where it stands
/// among its peers without any of them being named.
struct PeerIndex {
    /// The schools by their set of levels, grouped once for every self-check.
    private let byLevels: [Set<EducationLevel>: [School]]

    init(schools: [School]) {
        byLevels = Dictionary(grouping: schools, by: \.levels)
    }

    /// `kinds`: each school's contribution to the target, by id (built once per target).
    func lines(for school: School, kinds: [String: Contribution.Kind], words: Vocabulary) -> [String] {
        let peers = (byLevels[school.levels] ?? []).filter { $0.id != school.id }
        guard !peers.isEmpty else { return [] }
        func line(_ group: [School], district: Stadsdeel?) -> String? {
            let named = group.filter { kinds[$0.id] != nil && kinds[$0.id] != .waived }
            guard !named.isEmpty else { return nil }
            let contributing = named.filter { kinds[$0.id] == .contributes }.count
            return words.peers(levels: school.levels.sorted().map(\.rawValue).joined(separator: ", "),
                               contributing: contributing, named: named.count, district: district)
        }
        var out = [line(peers, district: nil)]
        if let district = school.stadsdeel, district.isFocusDistrict {
            out.append(line(peers.filter { $0.stadsdeel == district }, district: district))
        }
        return out.compactMap { $0 }
    }
}

/// The sources of the parties' calendars, gathered once per report by party and route.
struct CalendarSources: Sendable {
    /// Meetings planned after the evaluation date, of the kinds a calendar shows, in file order.
    let plannedMeetings: [Event]
    /// Positions in ``plannedMeetings`` by participant id (a school, institution, college or board).
    let plannedMeetingsByParticipant: [String: [Int]]
    /// Route steps planned after the evaluation date, by route id, with the route's name.
    let plannedStepsByRoute: [String: [(routeName: String, step: RouteStageRecord)]]
    /// Each school's annual returns visible on the evaluation date.
    let returnsBySchool: [String: [SchoolYearReport]]

    init(state: CovenantState, workspace: Workspace?) {
        let kinds: Set<Event.Kind> = [.decanenoverleg, .kennisdeling, .monitoring, .stuurgroep]
        plannedMeetings = (workspace?.events ?? state.plannedEvents).filter { event in
            event.planned && event.date > state.asOf && kinds.contains(event.kind)
        }
        var byParticipant: [String: [Int]] = [:]
        for (position, event) in plannedMeetings.enumerated() {
            for participant in Set(event.participants) { byParticipant[participant, default: []].append(position) }
        }
        plannedMeetingsByParticipant = byParticipant
        var steps: [String: [(routeName: String, step: RouteStageRecord)]] = [:]
        for route in workspace?.routes ?? [] {
            for step in route.stages where step.planned && step.date > state.asOf {
                steps[route.id, default: []].append((route.name, step))
            }
        }
        plannedStepsByRoute = steps
        returnsBySchool = Dictionary(grouping: state.schoolYearReports, by: \.school)
    }
}
