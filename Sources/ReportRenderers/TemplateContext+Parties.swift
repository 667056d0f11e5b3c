import CovenantModel
import ReportModel
import TargetJudgement

/// The contexts of board and route pages, calendars and what changed (keys in docs/reports.md).
extension TemplateContext {
    /// The context of one board's page.
    func board(_ board: BoardPage) -> [String: Any] {
        var context = header()
        var summary = boardSummary(board)
        summary["members"] = board.members.map { member -> [String: Any] in
            ["name": member.name, "id": member.contributor.id, "page": member.page ?? "", "hasPage": member.page != nil,
             "kindLabel": words.labels[member.contributor.isSchool ? "kindSchool" : "kindInstitution"]!,
             "stadsdeel": member.stadsdeel?.rawValue ?? "", "open": member.open, "isExample": member.isExample,
             "isParty": member.isParty]
        }
        summary["targets"] = board.targets.map { line -> [String: Any] in
            [
                "targetID": line.targetID, "title": line.title, "cityStatus": line.cityStatus.rawValue,
                "cityStatusLabel": words.status(line.cityStatus), "window": line.window,
                "contributing": line.contributing.joined(separator: ", "), "hasContributing": !line.contributing.isEmpty,
                "contributingCount": line.contributing.count, "named": line.named,
                "asked": line.asked.joined(separator: ", "), "hasAsked": !line.asked.isEmpty,
                "share": "\(line.contributing.count) \(words.labels["of"]!) \(line.cityContributing)",
                "cityShare": "\(line.cityContributing) \(words.labels["of"]!) \(line.cityNamed)",
                "sharedAsk": line.sharedAsk.map { words.sharedAsk($0, schools: true) } ?? "", "hasSharedAsk": line.sharedAsk != nil,
                "candidates": line.candidates, "hasCandidates": line.candidates > 0,
            ]
        }
        summary["hasTargets"] = !board.targets.isEmpty
        summary["routes"] = board.routes.map(routeSummary)
        summary["hasRoutes"] = !board.routes.isEmpty
        summary["calendar"] = board.calendar.map(calendarItem)
        summary["hasCalendar"] = !board.calendar.isEmpty
        summary["changes"] = board.changes.map(changeLine)
        summary["hasChanges"] = !board.changes.isEmpty
        summary["returns"] = returns(board.returns)
        summary["hasReturns"] = !board.returns.isEmpty
        context["board"] = summary
        context["hasComparison"] = report.comparison != nil
        if let comparison = report.comparison {
            context["comparison"] = ["basis": words.comparisonBasis(comparison.basis, day: comparison.day), "dayISO": comparison.day.description]
        }
        return context
    }

    func boardSummary(_ board: BoardPage) -> [String: Any] {
        [
            "id": board.id, "name": board.name, "page": board.pageName, "sector": board.sector.rawValue,
            "isParty": board.isParty, "isExample": board.isExample,
            "memberCount": board.members.count, "open": board.members.reduce(0) { $0 + $1.open },
            "calendarFile": board.pageName, "hasCalendarFile": !board.calendar.isEmpty,
        ]
    }

    /// The context of one route's page.
    func route(_ page: RoutePage) -> [String: Any] {
        var context = header()
        var summary = routeSummary(page.line)
        summary["kind"] = page.kind.rawValue
        summary["levels"] = "\(page.fromLevel.rawValue) → \(page.toLevel.map { "mbo \(words.labels["level"]!) \($0)" } ?? "mbo")"
        summary["sector"] = page.sector.rawValue
        summary["qualifications"] = page.qualifications.joined(separator: ", ")
        summary["hasQualifications"] = !page.qualifications.isEmpty
        summary["partners"] = page.partners.map { partner -> [String: Any] in
            ["name": partner.name, "page": partner.page ?? "", "hasPage": partner.page != nil,
             "kindLabel": words.labels[partner.contributor.isSchool ? "kindSchool" : "kindInstitution"]!]
        }
        summary["stages"] = page.stages.map { stage -> [String: Any] in
            ["stage": words.stage(stage.stage), "date": words.date(stage.day), "note": stage.note ?? "", "hasNote": stage.note != nil,
             "planned": stage.planned]
        }
        summary["cohorts"] = page.cohorts.map { ["schoolYear": $0.schoolYear.description, "students": $0.students] }
        summary["hasCohorts"] = !page.cohorts.isEmpty
        summary["requirementsMet"] = page.requirementsMet.map { met -> [String: Any] in
            ["code": met.requirement.description, "date": words.date(met.day), "evidence": met.evidence]
        }
        summary["hasRequirementsMet"] = !page.requirementsMet.isEmpty
        summary["targets"] = page.targets.map { ["id": $0.id, "title": $0.title] }
        summary["hasTargets"] = !page.targets.isEmpty
        summary["source"] = page.source
        context["route"] = summary
        return context
    }

    func routeSummary(_ line: RouteLine) -> [String: Any] {
        [
            "id": line.id, "name": line.name, "page": line.pageName, "stage": words.stage(line.stage),
            "since": words.date(line.since), "institution": line.institution, "college": line.college ?? "",
            "hasCollege": line.college != nil, "schools": line.schools.joined(separator: ", "), "nextStep": line.nextStep,
            "openRequirements": line.openRequirements.joined(separator: "; "), "hasOpenRequirements": !line.openRequirements.isEmpty,
            "isExample": line.isExample,
        ]
    }

    func nonPartySummary(_ line: NonPartyLine) -> [String: Any] {
        [
            "id": line.contributor.id, "name": line.name, "board": line.board ?? "", "hasBoard": line.board != nil,
            "kindLabel": words.labels[line.contributor.isSchool ? "kindSchool" : "kindInstitution"]!,
            "countsFor": line.countsFor.joined(separator: "; "), "hasCountsFor": !line.countsFor.isEmpty,
            "notParty": words.notParty(board: line.board),
        ]
    }

    /// The context of `koers school` for an organisation that did not sign.
    func nonParty(_ line: NonPartyLine) -> [String: Any] {
        var context = header()
        context["other"] = nonPartySummary(line)
        return context
    }

    func calendarItem(_ item: CalendarItem) -> [String: Any] {
        ["date": words.date(item.day), "dateISO": item.day.description, "kind": item.kind.rawValue, "title": item.title,
         "detail": item.detail ?? "", "hasDetail": item.detail != nil, "isPast": item.day < report.asOf]
    }

    func changeLine(_ line: ChangeLine) -> [String: Any] {
        ["date": words.date(line.day), "dateISO": line.day.description, "kind": line.kind.rawValue, "text": line.text]
    }

    func targetChange(_ change: TargetChange) -> [String: Any] {
        [
            "summary": words.change(change), "changed": change.changed, "statusChanged": change.statusChanged,
            "statusThen": change.statusThen.rawValue, "statusNow": change.statusNow.rawValue,
            "added": change.added.map(\.label), "hasAdded": !change.added.isEmpty,
            "removed": change.removed.map(\.label), "hasRemoved": !change.removed.isEmpty,
            // Joined here, so that no separator is left after the last one.
            "addedText": change.added.map(\.label).joined(separator: "; "),
            "removedText": change.removed.map(\.label).joined(separator: "; "),
        ]
    }

    func comparisonContext(_ comparison: Comparison) -> [String: Any] {
        let byID = Dictionary(report.targets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return [
            "basis": words.comparisonBasis(comparison.basis, day: comparison.day), "dayISO": comparison.day.description,
            "targets": comparison.targets.map { change -> [String: Any] in
                var context = targetChange(change)
                context["id"] = change.targetID
                context["title"] = byID[change.targetID]?.title ?? change.title
                return context
            },
            "records": comparison.records.map(changeLine), "hasRecords": !comparison.records.isEmpty,
            "changedCount": comparison.targets.filter(\.changed).count,
        ]
    }
}
