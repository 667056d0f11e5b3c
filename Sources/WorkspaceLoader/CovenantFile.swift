import CovenantModel
import Foundation

/// Reads `covenant.yaml`: name, period, parties, action lines and targets.
enum CovenantFile {
    static let path = "covenant.yaml"

    static let topKeys = ["name", "region", "period", "parties", "action_lines", "targets", "plugins"]
    static let pluginKeys = ["disabled"]
    static let periodKeys = ["baseline", "deadline"]
    static let partyKeys = ["name", "role", "board", "members"]
    static let actionLineKeys = ["id", "title"]
    static let targetKeys = ["id", "action_line", "title", "kind", "unit", "baseline", "target", "freshness", "owner", "rule", "notes"]
    static let baselineKeys = ["value", "date"]
    static let goalKeys = ["value", "deadline", "per_school_year"]

    /// The covenant, or `nil` when the file is too broken to give one. `workspace` is used to
    /// check that rule scripts exist.
    static func load(_ text: String, workspace: URL, log: DiagnosticLog) -> Covenant? {
        guard let root = YAMLReading.compose(text, file: path, log: log),
              let top = YAMLMap(root, file: path, owner: "covenant", log: log) else { return nil }
        top.rejectUnknownKeys(topKeys)
        let name = top.string("name")
        let region = top.string("region", required: false)
        let period = top.map("period")
        period?.rejectUnknownKeys(periodKeys)
        let baseline = period?.parsed("baseline", FieldParsing.day)
        let deadline = period?.parsed("deadline", FieldParsing.day)
        var periodIsValid = true
        if let baseline, let deadline, deadline <= baseline, let period {
            period.error("deadline", "\(deadline) is not after the baseline \(baseline)", hint: "check the two dates under 'period'")
            periodIsValid = false
        }

        let parties = top.list("parties").compactMap { entry -> Party? in
            entry.rejectUnknownKeys(partyKeys)
            let name = entry.string("name")
            let role = entry.parsed("role") { FieldParsing.term($0, Party.Role.self, what: "party role") }
            let board = entry.parsed("board", required: false, FieldParsing.id)
            let members = entry.scalars("members").compactMap { text, location -> String? in
                switch FieldParsing.id(text) {
                case .success(let id): return id
                case .failure(let failure):
                    entry.log.error(location, "\(entry.owner): members: \(failure.message)", hint: failure.hint)
                    return nil
                }
            }
            guard let name, let role else { return nil }
            return Party(name: name, role: role, board: board, members: members, source: entry.location)
        }

        var actionLineIds: Set<String> = []
        let actionLines = top.list("action_lines").compactMap { entry -> ActionLine? in
            entry.rejectUnknownKeys(actionLineKeys)
            let id = entry.parsed("id", FieldParsing.id), title = entry.string("title")
            guard let id, let title else { return nil }
            if !actionLineIds.insert(id).inserted {
                entry.error("id", "action line '\(id)' is defined twice", hint: "give each action line its own id")
            }
            return ActionLine(id: id, title: title, source: entry.location)
        }

        var targetIds: [String: SourceLocation] = [:]
        let targets = top.list("targets").compactMap { entry -> Target? in
            let target = loadTarget(entry, actionLines: actionLineIds, covenantBaseline: baseline,
                                    covenantDeadline: deadline, periodIsValid: periodIsValid, workspace: workspace, log: log)
            if let target {
                if let earlier = targetIds[target.id] {
                    entry.error("id", "'\(target.id)' is already the id of the target at \(earlier)", hint: "give each target its own id")
                    return nil
                }
                targetIds[target.id] = target.source
            }
            return target
        }
        let disabledPlugins = loadPluginSettings(top, workspace: workspace, log: log)
        guard let name, let baseline, let deadline, periodIsValid else { return nil }
        var covenant = Covenant(name: name, region: region, parties: parties, baselineDate: baseline, deadline: deadline,
                                actionLines: actionLines, targets: targets, source: top.location)
        covenant.disabledPlugins = disabledPlugins
        return covenant
    }

    /// `plugins: {disabled: [name, …]}`: each name must be a plugin in `plugins/`, so that a typo
    /// does not leave a plugin on that was meant to be off.
    private static func loadPluginSettings(_ top: YAMLMap, workspace: URL, log: DiagnosticLog) -> [String] {
        guard let settings = top.map("plugins", required: false) else { return [] }
        settings.rejectUnknownKeys(pluginKeys)
        let folder = workspace.appendingPathComponent("plugins", isDirectory: true)
        let present = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".lua") && !$0.hasSuffix(".meta.lua") }.map { String($0.dropLast(4)) }.sorted()
        var disabled: [String] = []
        for (name, location) in settings.scalars("disabled") {
            guard present.contains(name) else {
                log.error(location, "covenant: plugins.disabled: '\(name)' is not a plugin in plugins/" + Suggestion.didYouMean(name, in: present),
                          hint: "name a plugin by its file name without .lua: " + (present.isEmpty ? "(plugins/ has none)" : present.joined(separator: ", ")))
                continue
            }
            if !disabled.contains(name) { disabled.append(name) }
        }
        return disabled
    }

    private static func loadTarget(_ entry: YAMLMap, actionLines: Set<String>, covenantBaseline: Day?,
                                   covenantDeadline: Day?, periodIsValid: Bool, workspace: URL, log: DiagnosticLog) -> Target? {
        entry.rejectUnknownKeys(targetKeys)
        let id = entry.parsed("id", FieldParsing.id)
        let entry = id.map { entry.named("target '\($0)'") } ?? entry
        let actionLine = entry.parsed("action_line", FieldParsing.id)
        if let actionLine, !actionLines.contains(actionLine) {
            entry.error("action_line", "unknown action line '\(actionLine)'" + Suggestion.didYouMean(actionLine, in: actionLines.sorted()),
                        hint: "action lines are defined under 'action_lines': \(actionLines.sorted().joined(separator: ", "))")
        }
        let title = entry.string("title")
        let kind = entry.parsed("kind") { FieldParsing.term($0, Target.Kind.self, what: "target kind") }
        // `unit: scholen`, or `unit: {one: school, other: scholen}` to say "1 school".
        var unit: String?, unitSingular: String?
        if let forms = entry.mapIfPresent("unit") {
            forms.rejectUnknownKeys(["one", "other"])
            unitSingular = forms.string("one")
            unit = forms.string("other")
        } else {
            unit = entry.string("unit", required: false)
        }
        let notes = entry.string("notes", required: false)
        let freshness = entry.parsed("freshness", required: false, parseFreshness)
        let owner = entry.parsed("owner", required: false) { FieldParsing.term($0, Target.Owner.self, what: "owner") } ?? .schools

        let baseline = entry.map("baseline")
        baseline?.rejectUnknownKeys(baselineKeys)
        let baselineValue = baseline?.number("value", required: false)
        let baselineDate = baseline.flatMap { $0.string("date", required: false) == nil ? covenantBaseline : $0.parsed("date", FieldParsing.day) }

        let goal = entry.map("target")
        goal?.rejectUnknownKeys(goalKeys)
        let targetValue = goal?.number("value")
        let perSchoolYear = goal?.number("per_school_year", required: false)
        let deadline = goal.flatMap { $0.string("deadline", required: false) == nil ? covenantDeadline : $0.parsed("deadline", FieldParsing.day) }

        // Dates inherited from the period were checked with it; check those given here.
        let givesDeadline = goal?.string("deadline", required: false) != nil
        let givesBaseline = baseline?.string("date", required: false) != nil
        let givesDates = (givesDeadline && givesBaseline) || ((givesDeadline || givesBaseline) && periodIsValid)
        if givesDates, let baselineDate, let deadline, deadline <= baselineDate, let goal {
            goal.error("deadline", "\(deadline) is not after the baseline date \(baselineDate)",
                       hint: "check target.deadline and baseline.date; left out, they are the covenant's period")
        }
        for (value, key, place) in [(targetValue, "value", goal), (baselineValue, "value", baseline), (perSchoolYear, "per_school_year", goal)] {
            guard let value, let place else { continue }
            if value < 0 {
                place.error(key, "\(format(value)) is negative", hint: "targets count upwards from 0; write 0 or more")
            } else if value > Self.largestTargetValue {
                place.error(key, "\(format(value)) is too large: a target value is at most 1.000.000",
                            hint: "write the number of schools, routes, meetings or a percentage")
            } else if kind == .coverage, key == "value", value > 100 {
                place.error(key, "\(format(value)) is more than 100; a coverage is a percentage", hint: "write a percentage between 0 and 100")
            }
        }

        var rule = id.map { "rules/\($0).lua" } ?? ""
        if let given = entry.string("rule", required: false) {
            rule = given
            let url = workspace.appendingPathComponent(given)
            if !given.hasSuffix(".lua") || given.hasPrefix("/") || given.split(separator: "/").contains("..") {
                entry.error("rule", "'\(given)' must be a .lua file inside the workspace",
                            hint: "write the path relative to the workspace, for example rules/\(id ?? "target").lua")
            } else if !FileManager.default.fileExists(atPath: url.path) {
                let existing = (try? FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent("rules").path))?
                    .filter { $0.hasSuffix(".lua") }.map { "rules/\($0)" } ?? []
                entry.error("rule", "the script '\(given)' does not exist" + Suggestion.didYouMean(given, in: existing.sorted()),
                            hint: "create the script, or correct the path (relative to the workspace)")
            }
        }
        guard let id, let actionLine, let title, let kind, let baselineDate, let targetValue, let deadline else { return nil }
        var target = Target(id: id, actionLine: actionLine, title: title, kind: kind, baselineValue: baselineValue,
                            baselineDate: baselineDate, targetValue: targetValue, deadline: deadline,
                            perSchoolYear: perSchoolYear, unit: unit, owner: owner, rule: rule, freshness: freshness, notes: notes,
                            source: entry.location)
        target.unitSingular = unitSingular
        return target
    }

    /// The largest baseline or target value: far above any count a covenant sets.
    static let largestTargetValue = 1_000_000.0

    /// The longest freshness limit, per unit: ten years.
    static let longestFreshness: [Freshness.Unit: Int] = [.days: 3_660, .months: 120, .years: 10]

    /// `12 months`, `90 days`, `1 year` (also Dutch: `12 maanden`, `90 dagen`, `1 jaar`), at most ten years.
    static func parseFreshness(_ text: String) -> Result<Freshness, FieldError> {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        let units: [String: Freshness.Unit] = [
            "day": .days, "days": .days, "dag": .days, "dagen": .days,
            "month": .months, "months": .months, "maand": .months, "maanden": .months,
            "year": .years, "years": .years, "jaar": .years, "jaren": .years,
        ]
        guard parts.count == 2, parts[0].count <= 6, let amount = Int(parts[0]), amount > 0, let unit = units[parts[1].lowercased()] else {
            if parts.count == 2, parts[0].allSatisfy({ ("0"..."9").contains($0) }), units[parts[1].lowercased()] != nil {
                return .failure(FieldError("'\(text)' is too long: a freshness limit is at most 10 years (120 months, 3660 days)",
                                           hint: "write a period such as '12 months'; leave freshness out when data does not go stale"))
            }
            return .failure(FieldError("'\(text)' is not a period", hint: "write a period such as '12 months' or '90 days'"))
        }
        guard amount <= longestFreshness[unit]! else {
            return .failure(FieldError("'\(text)' is too long: a freshness limit is at most 10 years (120 months, 3660 days)",
                                       hint: "write a period such as '12 months'; leave freshness out when data does not go stale"))
        }
        return .success(Freshness(amount: amount, unit: unit))
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
