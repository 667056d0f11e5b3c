import CovenantModel
import ReportModel
import TargetJudgement

/// The report model as the values Mustache templates show: every number and date already
/// formatted in the report's language, every optional part with a `has…` flag.
/// The keys are documented in docs/reports.md for those who change the templates.
struct TemplateContext {
    let report: Report
    var words: Vocabulary { report.words }

    /// The context of the report's main page; `chartFolder` set makes charts links to SVG files
    /// (Markdown) instead of inline SVG (HTML).
    func main(chartFolder: String? = nil) -> [String: Any] {
        var context = header()
        let targets = report.targets.map { target(for: $0, chartFolder: chartFolder) }
        let byID = Dictionary(uniqueKeysWithValues: zip(report.targets.map(\.id), targets))
        context["statusCounts"] = report.statusCounts.filter { $0.count > 0 }.map { entry -> [String: Any] in
            ["status": entry.status.rawValue, "label": words.status(entry.status), "count": entry.count]
        }
        context["targets"] = targets
        // "**1 behaald** · **5 risico**": separators between the counts, none after the last.
        context["statusCountsLine"] = report.statusCounts.filter { $0.count > 0 }
            .map { "**\($0.count) \(words.status($0.status))**" }.joined(separator: " · ")
        context["actionLines"] = report.actionLines.enumerated().map { index, line -> [String: Any] in
            ["id": line.id, "number": index + 1, "title": line.title, "targets": line.targetIDs.compactMap { byID[$0] }]
        }
        context["gaps"] = report.gaps.map(gap)
        context["hasGaps"] = !report.gaps.isEmpty
        let errors = report.targets.filter { $0.failure != nil }
        context["ruleErrors"] = errors.map { target -> [String: Any] in
            ["id": target.id, "title": target.title, "error": target.failure!.description]
        }
        context["hasRuleErrors"] = !errors.isEmpty
        context["selfChecks"] = report.selfChecks.map(selfCheckSummary)
        context["boards"] = report.boards.map(boardSummary)
        context["hasBoards"] = !report.boards.isEmpty
        context["routes"] = report.routes.map { routeSummary($0.line) }
        context["hasRoutes"] = !report.routes.isEmpty
        context["nonParties"] = report.nonParties.map(nonPartySummary)
        context["hasNonParties"] = !report.nonParties.isEmpty
        if let comparison = report.comparison {
            context["comparison"] = comparisonContext(comparison)
        }
        context["hasComparison"] = report.comparison != nil
        context["returns"] = returns(report.returns)
        context["hasReturns"] = !report.returns.isEmpty
        if let approval = report.lastApproval {
            context["lastApproval"] = report.language == .nl
                ? "Laatste goedkeuring uit het portaal in deze gegevens: opgave \(approval.submission), goedgekeurd door \(approval.reviewer) op \(words.date(approval.day))."
                : "Latest portal approval in this data: submission \(approval.submission), approved by \(approval.reviewer) on \(words.date(approval.day))."
        }
        context["sections"] = report.sections.map(section)
        context["hasSections"] = !report.sections.isEmpty
        context.merge(sources(), uniquingKeysWith: { _, new in new })
        context["pluginProblems"] = report.pluginProblems.map { problem -> [String: Any] in
            ["plugin": problem.plugin, "stage": problem.stage, "message": problem.message, "hint": problem.hint ?? "", "hasHint": problem.hint != nil]
        }
        context["hasPluginProblems"] = !report.pluginProblems.isEmpty
        return context
    }

    /// The appendix of sources ("Bronnen"): for every target the rule that judged it and the
    /// records it counted, with file and line; then the records the data checks are about. The
    /// pages people read show names; whoever checks a number finds its record here.
    /// The annual returns per school year, as a sentence and who is missing.
    func returns(_ lines: [ReturnCompleteness]) -> [[String: Any]] {
        lines.map { line in
            ["text": words.returns(line), "missing": words.returnsMissing(line), "hasMissing": !words.returnsMissing(line).isEmpty,
             "schoolYear": line.schoolYear.description]
        }
    }

    private func sources() -> [String: Any] {
        let targets = report.targets.map { target -> [String: Any] in
            let items = target.counted.compactMap { record in record.source.map { ["label": record.label, "source": $0] } }
            return ["id": target.id, "title": target.title, "rule": target.rule, "items": items, "hasItems": !items.isEmpty]
        }
        let checks = report.dataChecks.compactMap { finding in finding.source.map { ["message": finding.message, "source": $0] } }
        let routes = report.routes.map { ["name": $0.line.name, "source": $0.source] }
        return ["sourceTargets": targets, "sourceChecks": checks, "hasSourceChecks": !checks.isEmpty,
                "sourceRoutes": routes, "hasSourceRoutes": !routes.isEmpty]
    }

    /// A plugin's section: each block with an `is…` flag for its kind, numbers formatted, bars
    /// with their length as a share of the longest (`percent`) and as a text bar (`textBar`).
    private func section(_ section: ReportSection) -> [String: Any] {
        let blocks = section.blocks.map { block -> [String: Any] in
            switch block {
            case .heading(let text): return ["isHeading": true, "text": text]
            case .paragraph(let text): return ["isParagraph": true, "text": text]
            case .table(let columns, let rows):
                return ["isTable": true, "columns": columns, "markdownRule": columns.map { _ in "---" }.joined(separator: " | "),
                        "rows": rows.map { row -> [String: Any] in
                            ["cells": row.map { cell -> [String: Any] in
                                switch cell {
                                case .text(let text): ["text": text, "isNumber": false]
                                case .number(let value): ["text": words.number(value), "isNumber": true]
                                }
                            }]
                        }]
            case .bars(let title, let unit, let items):
                let longest = items.map(\.value).max() ?? 0
                return ["isBars": true, "title": title ?? "", "hasTitle": title != nil,
                        "items": items.map { item -> [String: Any] in
                            let share = longest > 0 ? item.value / longest : 0
                            return ["label": item.label, "value": words.quantity(item.value, unit: unit),
                                    "percent": Int((share * 100).rounded()), "textBar": String(repeating: "█", count: Int((share * 20).rounded()))]
                        }]
            }
        }
        return ["id": section.id, "title": section.title, "plugin": section.plugin, "blocks": blocks]
    }

    /// The context of one self-check page.
    func selfCheck(_ check: SelfCheck) -> [String: Any] {
        var context = header()
        let isSchool = check.contributor.isSchool
        var summary = selfCheckSummary(check)
        summary["rows"] = check.rows.map { row -> [String: Any] in
            [
                "targetID": row.targetID, "title": row.title, "kind": row.kind?.rawValue ?? "error",
                "kindLabel": row.kind.map(words.contribution) ?? words.status(.error),
                "detail": row.failure.map { "\(words.labels["notJudged"]!): \(Self.location($0)): \($0.message)" } ?? row.detail ?? "",
                "hasDetail": row.detail != nil || row.failure != nil,
                // A failed rule asks nothing of the school: the row says the target was not judged.
                "isMissing": row.kind == .missing || row.kind == .unreported, "hasFailure": row.failure != nil,
                "isCandidate": row.kind == .candidate,
                "candidateNote": row.kind == .candidate ? words.candidateNote(row.sharedAsk, schools: isSchool) : "",
                "peers": row.peers, "hasPeers": !row.peers.isEmpty, "window": row.window,
                "askedBy": words.date(row.askedBy), "askedByISO": row.askedBy.description,
                "cityStatus": row.cityStatus.rawValue, "cityStatusLabel": words.status(row.cityStatus),
                "cityReason": row.cityReason ?? "", "hasCityReason": row.cityReason != nil,
                "cityValue": valueAgainstTarget(row.cityValue, row.cityTarget, unit: row.unit, measured: row.measured),
                "cityShare": "\(row.cityContributing) \(words.labels["of"]!) \(row.cityNamed)",
            ]
        }
        summary["hasRows"] = !check.rows.isEmpty
        summary["routes"] = check.routes.map(routeSummary)
        summary["hasRoutes"] = !check.routes.isEmpty
        summary["calendar"] = check.calendar.map(calendarItem)
        summary["hasCalendar"] = !check.calendar.isEmpty
        summary["changes"] = check.changes.map(changeLine)
        summary["hasChanges"] = !check.changes.isEmpty
        summary["boardPage"] = check.boardID ?? ""
        summary["hasBoardPage"] = check.boardID != nil && report.boards.contains { $0.id == check.boardID }
        context["check"] = summary
        context["hasComparison"] = report.comparison != nil
        if let comparison = report.comparison {
            context["comparison"] = ["basis": words.comparisonBasis(comparison.basis, day: comparison.day), "dayISO": comparison.day.description]
        }
        return context
    }

    func header() -> [String: Any] {
        [
            "labels": words.labels, "lang": report.language.rawValue,
            "covenantName": report.covenantName, "region": report.region ?? "", "hasRegion": report.region != nil,
            "asOf": words.date(report.asOf), "asOfISO": report.asOf.description, "schoolYear": report.schoolYear.description,
            // The printed page's footer, as a CSS string: a quote or backslash in a covenant's
            // name must not end the string and break the rest of the style sheet.
            "cssFooter": Self.cssString("\(report.covenantName) · \(words.date(report.asOf))"),
            "period": "\(words.date(report.baselineDate)) – \(words.date(report.deadline))",
            "remainingSchoolYears": report.remainingSchoolYears.map(\.description).joined(separator: ", "),
            "provenance": [
                "asOf": report.provenance.asOf.description, "data": report.provenance.dataHash,
                "rules": report.provenance.rulesHash, "plugins": report.provenance.pluginsHash,
                "version": report.provenance.koersVersion,
            ],
        ]
    }

    func selfCheckSummary(_ check: SelfCheck) -> [String: Any] {
        let isSchool = if case .school = check.contributor { true } else { false }
        return [
            "id": check.contributor.id, "name": check.name, "page": check.pageName, "isSchool": isSchool,
            "kindLabel": words.labels[isSchool ? "kindSchool" : "kindInstitution"]!,
            "stadsdeel": check.stadsdeel?.rawValue ?? "", "hasStadsdeel": check.stadsdeel != nil,
            "focusDistrict": check.stadsdeel?.isFocusDistrict ?? false,
            "board": check.board ?? "", "hasBoard": check.board != nil, "levels": check.levels.joined(separator: ", "),
            // An example's name already says "(voorbeeld)" in the default data: the label then once.
            "hasLevels": !check.levels.isEmpty, "isExample": check.isExample && !check.name.localizedCaseInsensitiveContains(words.labels["exampleWord"]!),
            "targetCount": check.rows.count, "missingCount": check.missingCount, "hasMissing": check.missingCount > 0,
            "calendarFile": check.calendarName,
        ]
    }

    private func target(for target: TargetReport, chartFolder: String?) -> [String: Any] {
        let chart = SVGChart(trajectory: target.trajectory, status: target.status, words: words, title: target.title)
        var context: [String: Any] = [
            "id": target.id, "title": target.title, "actionLine": target.actionLine,
            "status": target.status.rawValue, "statusLabel": words.status(target.status),
            // Value and expectation shown so that they compare as the status compared them.
            "value": words.shown(value: target.value, expected: target.expected, unit: target.unit, method: target.statusMethod).value,
            "expected": words.shown(value: target.value, expected: target.expected, unit: target.unit, method: target.statusMethod).expected,
            "goal": words.amount(target.target, unit: target.unit, measured: target.isMeasured),
            "needed": words.shortfall(target.needed, unit: target.unit, measured: target.isMeasured),
            "neededPerSchoolYear": words.amount(target.neededPerSchoolYear, unit: target.unit, measured: target.isMeasured),
            "projection": target.isMeasured ? words.strictPair(value: target.projection, expected: target.target, unit: target.unit).value
                : words.pair(value: target.projection, expected: target.target, unit: target.unit).value,
            "valueAgainstTarget": valueAgainstTarget(target.value, target.target, unit: target.unit, measured: target.isMeasured),
            "projectionLabel": words.labels[target.projectionBasis == .plan ? "projectionYear" : "projection"]!,
            "baseline": baseline(of: target),
            "deadline": words.date(target.deadline), "method": target.method, "rule": target.rule,
            "reason": target.reason ?? "", "hasReason": target.reason != nil,
            "years": words.years(target.years, unit: target.unit, method: target.statusMethod), "hasYears": !target.years.isEmpty,
            "yearsLabel": words.labels[target.statusMethod == .periods ? "periods" : "years"]!,
            "covenantNote": target.covenantNote ?? "", "hasCovenantNote": target.covenantNote != nil,
            "counted": zip(target.counted, target.countedRoutePages + Array(repeating: nil, count: max(0, target.counted.count - target.countedRoutePages.count))).map { record, page -> [String: Any] in
                ["label": record.label, "source": record.source ?? "", "hasSource": record.source != nil,
                 "routePage": page ?? "", "hasRoutePage": page != nil]
            },
            "window": target.window,
            "sharedAsk": target.sharedAsk.map { words.sharedAsk($0, schools: target.contributions.contains { $0.kind == .candidate && $0.contributor.isSchool }) } ?? "",
            "hasSharedAsk": target.sharedAsk != nil,
            "change": target.change.map(targetChange) ?? [:], "hasChange": target.change != nil,
            "hasCounted": !target.counted.isEmpty,
            "contributions": target.contributions.map { line -> [String: Any] in
                ["name": line.name, "kind": line.kind.rawValue, "kindLabel": words.contribution(line.kind),
                 "detail": line.detail ?? "", "page": SelfCheck.pageName(for: line.contributor),
                 "isParty": line.isParty, "notParty": words.labels["notPartyShort"]!]
            },
            "hasContributions": !target.contributions.isEmpty,
            "focusDistricts": target.focusDistricts.map { ["district": $0.district.rawValue, "contributing": $0.contributing, "named": $0.named] },
            "hasFocusDistricts": !target.focusDistricts.isEmpty,
            "waivers": target.waivers, "hasWaivers": !target.waivers.isEmpty,
            "findings": target.findings.map { ["severity": $0.severity.rawValue, "message": $0.message] },
            "hasFindings": !target.findings.isEmpty,
            "notes": target.notes, "hasNotes": !target.notes.isEmpty,
            "hasError": target.failure != nil,
            "error": target.failure.map { "\(Self.location($0)): \($0.message)" } ?? "",
            "hint": target.failure?.hint ?? "", "hasHint": target.failure?.hint != nil,
        ]
        if let chartFolder {
            context["chartFile"] = "\(chartFolder)/\(target.id).svg"
        } else {
            context["chart"] = chart.full()
            context["sparkline"] = chart.sparkline()
        }
        return context
    }

    private func gap(_ gap: TargetGap) -> [String: Any] {
        [
            "id": gap.targetID, "title": gap.title, "status": gap.status.rawValue, "statusLabel": words.status(gap.status),
            "reason": gap.reason ?? "", "hasReason": gap.reason != nil,
            "deadline": words.date(gap.deadline), "needed": words.shortfall(gap.needed, unit: gap.unit, measured: gap.measured),
            "neededPerSchoolYear": words.amount(gap.neededPerSchoolYear, unit: gap.unit, measured: gap.measured),
            "hasNeededPerSchoolYear": gap.neededPerSchoolYear != nil,
            "programmeTeam": gap.programmeTeam, "hasProgrammeTeam": !gap.programmeTeam.isEmpty,
            "schools": gap.schools.map { entry($0, .school($0.id)) }, "hasSchools": !gap.schools.isEmpty, "schoolCount": gap.schools.count,
            "institutions": gap.institutions.map { entry($0, .institution($0.id)) }, "hasInstitutions": !gap.institutions.isEmpty,
            "sharedAsk": gap.sharedAsk.map { words.sharedAsk($0, schools: gap.candidates.contains { !$0.isInstitution }) } ?? "",
            "hasSharedAsk": gap.sharedAsk != nil,
            "candidates": gap.candidates.map { entry($0, $0.contributor) },
            "hasCandidates": !gap.candidates.isEmpty, "candidateCount": gap.candidates.count,
            "candidateNames": gap.candidates.map(\.name).joined(separator: ", "),
        ]
    }

    private func entry(_ entry: GapEntry, _ contributor: Contributor) -> [String: Any] {
        ["id": entry.id, "name": entry.name, "detail": entry.detail ?? "", "hasDetail": entry.detail != nil,
         "page": SelfCheck.pageName(for: contributor)]
    }

    /// The baseline card: the covenant's, or the first measurement a line starts from when the
    /// covenant gives none (`77% (10 juli 2025, eerste meting)`), or only the date.
    private func baseline(of target: TargetReport) -> String {
        if let value = target.baselineValue {
            return "\(words.amount(value, unit: target.unit, measured: target.isMeasured)) (\(words.date(target.baselineDate)))"
        }
        if target.statusMethod == .line, let first = target.trajectory.expectedPath.first?.first {
            return "\(words.expectation(first.value, unit: target.unit)) (\(words.date(first.day)), \(words.labels["firstMeasurement"]!))"
        }
        return words.date(target.baselineDate)
    }

    /// Text for inside a CSS string: quotes, backslashes and line breaks as CSS escapes.
    static func cssString(_ text: String) -> String {
        text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"", "\\", "\n", "\r", "<", ">", "&": "\\" + String(scalar.value, radix: 16) + " "
            default: String(scalar)
            }
        }.joined()
    }

    /// `rules/decanen.lua:7`.
    static func location(_ failure: RuleFailure) -> String {
        "\(failure.script)\(failure.line.map { ":\($0)" } ?? "")"
    }

    /// `10 van 12 scholen`, `95% (doel 100%)`.
    func valueAgainstTarget(_ value: Double?, _ target: Double, unit: String?, measured: Bool = false) -> String {
        if measured {
            let shown = words.strictPair(value: value, expected: target, unit: unit)
            return "\(shown.value) (\(words.labels["goalShort"]!) \(shown.expected))"
        }
        if unit == "%" {
            return "\(words.quantity(value, unit: unit)) (\(words.labels["goalShort"]!) \(words.quantity(target, unit: unit)))"
        }
        return "\(words.number(value)) \(words.labels["of"]!) \(words.quantity(target, unit: unit))"
    }
}
