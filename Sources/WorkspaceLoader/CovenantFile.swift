import CovenantModel
import Foundation

/// Reads `covenant.yaml`: name, period, parties, action lines and targets.
enum CovenantFile {
    static let path = "covenant.yaml"

    static let topKeys = ["name", "region", "area", "period", "parties", "action_lines", "indicators", "tables", "targets", "plugins", "returns", "portal"]
    static let returnsKeys = ["annual_return_due"]
    static let portalKeys = ["commit_approvals"]
    static let pluginKeys = ["disabled"]
    static let periodKeys = ["baseline", "deadline"]
    static let partyKeys = ["name", "role", "board", "members"]
    static let actionLineKeys = ["id", "title"]
    static let targetKeys = ["id", "action_line", "title", "kind", "unit", "baseline", "target", "freshness", "owner", "rule", "notes", "indicator"]
    static let baselineKeys = ["value", "date", "period"]
    static let goalKeys = ["value", "deadline", "per_school_year", "improvement"]

    /// The covenant, or `nil` when the file is too broken to give one. `workspace` is used to
    /// check that rule scripts exist.
    static func load(_ text: String, workspace: URL, log: DiagnosticLog) -> Covenant? {
        guard let root = YAMLReading.compose(text, file: path, log: log),
              let top = YAMLMap(root, file: path, owner: Bilingual(nl: "convenant", en: "covenant"), log: log) else { return nil }
        top.rejectUnknownKeys(topKeys)
        let name = top.localized("name")
        let region = top.localized("region", required: false)
        let area = top.parsed("area", required: false) {
            FieldParsing.term($0, Area.self, what: Bilingual(nl: "gebied (city of region)", en: "area (city or region)"),
                              aliases: ["stad": .city, "regio": .region])
        }
        let period = top.map("period")
        period?.rejectUnknownKeys(periodKeys)
        let baseline = period?.parsed("baseline", FieldParsing.day)
        let deadline = period?.parsed("deadline", FieldParsing.day)
        var periodIsValid = true
        if let baseline, let deadline, deadline <= baseline, let period {
            period.error("deadline", Bilingual(nl: "\(deadline) ligt niet na de nulmeting \(baseline)", en: "\(deadline) is not after the baseline \(baseline)"),
                         hint: Bilingual(nl: "controleer de twee datums onder 'period'", en: "check the two dates under 'period'"))
            periodIsValid = false
        }

        let parties = top.list("parties").compactMap { entry -> Party? in
            entry.rejectUnknownKeys(partyKeys)
            let name = entry.localized("name")
            let role = entry.parsed("role") { FieldParsing.term($0, Party.Role.self, what: Bilingual(nl: "partijrol", en: "party role")) }
            let board = entry.parsed("board", required: false, FieldParsing.id)
            let members = entry.scalars("members").compactMap { text, location -> String? in
                switch FieldParsing.id(text) {
                case .success(let id): return id
                case .failure(let failure):
                    entry.log.error(location, Bilingual(nl: "\(entry.owner.nl): members: \(failure.message.nl)",
                                                        en: "\(entry.owner.en): members: \(failure.message.en)"), hint: failure.hint)
                    return nil
                }
            }
            guard let name, let role else { return nil }
            var party = Party(name: name.text, role: role, board: board, members: members, source: entry.location)
            party.englishName = name.english
            return party
        }

        var actionLineIds: Set<String> = []
        let actionLines = top.list("action_lines").compactMap { entry -> ActionLine? in
            entry.rejectUnknownKeys(actionLineKeys)
            let id = entry.parsed("id", FieldParsing.id), title = entry.localized("title")
            guard let id, let title else { return nil }
            if !actionLineIds.insert(id).inserted {
                entry.error("id", Bilingual(nl: "actielijn '\(id)' is twee keer beschreven", en: "action line '\(id)' is defined twice"),
                            hint: Bilingual(nl: "geef elke actielijn een eigen id", en: "give each action line its own id"))
            }
            var line = ActionLine(id: id, title: title.text, source: entry.location)
            line.englishTitle = title.english
            return line
        }

        let indicators = loadIndicators(top, log: log)
        let tables = loadTables(top, log: log)
        var targetIds: [String: SourceLocation] = [:]
        let targets = top.list("targets").compactMap { entry -> Target? in
            let target = loadTarget(entry, actionLines: actionLineIds, indicators: indicators, covenantBaseline: baseline,
                                    covenantDeadline: deadline, periodIsValid: periodIsValid, workspace: workspace, log: log)
            if let target {
                if let earlier = targetIds[target.id] {
                    entry.error("id", Bilingual(nl: "'\(target.id)' is al de id van het doel in \(earlier)",
                                                en: "'\(target.id)' is already the id of the target at \(earlier)"),
                                hint: Bilingual(nl: "geef elk doel een eigen id", en: "give each target its own id"))
                    return nil
                }
                targetIds[target.id] = target.source
            }
            return target
        }
        let disabledPlugins = loadPluginSettings(top, workspace: workspace, log: log)
        let returns = top.map("returns", required: false)
        returns?.rejectUnknownKeys(returnsKeys)
        let annualReturnDue = returns?.parsed("annual_return_due", required: false) { text -> Result<MonthDay, FieldError> in
            MonthDay(text).map { .success($0) } ?? .failure(FieldError(
                Bilingual(nl: "'\(text)' is geen dag van het jaar", en: "'\(text)' is not a day of the year"),
                hint: Bilingual(nl: "schrijf maand-dag, zoals 10-01 voor 1 oktober (in het jaar waarin het schooljaar eindigt)",
                                en: "write month-day, such as 10-01 for 1 October (in the year in which the school year ends)")))
        }
        let portal = top.map("portal", required: false)
        portal?.rejectUnknownKeys(portalKeys)
        let commitApprovals = portal?.parsed("commit_approvals", required: false, FieldParsing.flag)
        guard let name, let baseline, let deadline, periodIsValid else { return nil }
        var covenant = Covenant(name: name.text, region: region?.text, parties: parties, baselineDate: baseline, deadline: deadline,
                                actionLines: actionLines, targets: targets, source: top.location)
        covenant.disabledPlugins = disabledPlugins
        covenant.area = area ?? .city
        covenant.indicators = indicators
        covenant.tables = tables
        if let annualReturnDue { covenant.annualReturnDue = annualReturnDue }
        covenant.commitApprovals = commitApprovals ?? false
        covenant.englishName = name.english
        covenant.englishRegion = region?.english
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
                log.error(location, Bilingual(nl: "convenant: plugins.disabled: '\(name)' is geen plugin in plugins/",
                                              en: "covenant: plugins.disabled: '\(name)' is not a plugin in plugins/")
                                        .appending(Suggestion.didYouMeanInBoth(name, in: present)),
                          hint: Bilingual(nl: "noem een plugin bij zijn bestandsnaam zonder .lua: " + (present.isEmpty ? "(plugins/ bevat er geen)" : present.joined(separator: ", ")),
                                          en: "name a plugin by its file name without .lua: " + (present.isEmpty ? "(plugins/ has none)" : present.joined(separator: ", "))))
                continue
            }
            if !disabled.contains(name) { disabled.append(name) }
        }
        return disabled
    }

    private static func loadTarget(_ entry: YAMLMap, actionLines: Set<String>, indicators: [Indicator], covenantBaseline: Day?,
                                   covenantDeadline: Day?, periodIsValid: Bool, workspace: URL, log: DiagnosticLog) -> Target? {
        entry.rejectUnknownKeys(targetKeys)
        let id = entry.parsed("id", FieldParsing.id)
        let entry = id.map { entry.named(Bilingual(nl: "doel '\($0)'", en: "target '\($0)'")) } ?? entry
        let actionLine = entry.parsed("action_line", FieldParsing.id)
        if let actionLine, !actionLines.contains(actionLine) {
            let known = actionLines.sorted().joined(separator: ", ")
            entry.error("action_line", Bilingual(nl: "onbekende actielijn '\(actionLine)'", en: "unknown action line '\(actionLine)'")
                                           .appending(Suggestion.didYouMeanInBoth(actionLine, in: actionLines.sorted())),
                        hint: Bilingual(nl: "de actielijnen staan onder 'action_lines': \(known)", en: "action lines are defined under 'action_lines': \(known)"))
        }
        let title = entry.localized("title")
        let kind = entry.parsed("kind") { FieldParsing.term($0, Target.Kind.self, what: Bilingual(nl: "soort doel", en: "target kind")) }
        let indicator = loadTargetIndicator(entry, kind: kind, indicators: indicators)
        var unit = loadUnit(entry)
        if unit.dutch == nil, let indicator {
            unit = (indicator.unit.map { (indicator.unitSingular, $0) }, indicator.englishUnit.map { (indicator.englishUnitSingular, $0) })
        }
        let notes = entry.localized("notes", required: false)
        let freshness = entry.parsed("freshness", required: false, parseFreshness) ?? indicator?.freshness
        let owner = entry.parsed("owner", required: false) { FieldParsing.term($0, Target.Owner.self, what: Bilingual(nl: "eigenaar", en: "owner")) } ?? .schools

        let baseline = entry.map("baseline")
        baseline?.rejectUnknownKeys(baselineKeys)
        let baselineValue = baseline?.number("value", required: false)
        var baselineDate = baseline.flatMap { $0.string("date", required: false) == nil ? covenantBaseline : $0.parsed("date", FieldParsing.day) }

        let goal = entry.map("target")
        goal?.rejectUnknownKeys(goalKeys)
        // An improvement that gives a value instead is told so once, not also that its amount is missing.
        let improvement = kind == .indicatorImprovement ? goal?.number("improvement", required: goal?.has("value") != true) : nil
        if kind != .indicatorImprovement, goal?.has("improvement") == true {
            goal?.error("improvement", Bilingual(nl: "hoort alleen bij 'kind: indicator-improvement'", en: "belongs only with 'kind: indicator-improvement'"),
                        hint: Bilingual(nl: "schrijf de waarde die bereikt moet worden onder 'value'", en: "write the value to reach under 'value'"))
        }
        if kind == .indicatorImprovement, goal?.has("value") == true {
            goal?.error("value", Bilingual(nl: "een verbetering noemt het bedrag ('improvement'), niet de waarde", en: "an improvement names its amount ('improvement'), not the value"),
                        hint: Bilingual(nl: "schrijf 'improvement: 2' (2 beter dan de nulmeting), of kies 'kind: indicator-level' met 'value'",
                                        en: "write 'improvement: 2' (2 better than the baseline), or choose 'kind: indicator-level' with 'value'"))
        }
        if let improvement, improvement <= 0, let goal {
            goal.error("improvement", Bilingual(nl: "\(format(improvement)) is geen verbetering: schrijf een bedrag groter dan 0",
                                                en: "\(format(improvement)) is no improvement: write an amount above 0"),
                       hint: Bilingual(nl: "de richting (hoger of lager is beter) staat bij de indicator", en: "the direction (higher or lower is better) is the indicator's"))
        }
        let baselinePeriod = loadBaselinePeriod(baseline, kind: kind, indicator: indicator)
        // A measured baseline describes its period: the line starts on the period's last day.
        if let baselinePeriod, baseline?.has("date") == false { baselineDate = baselinePeriod.last }
        // An improvement's value is its baseline moved by the amount, known only once the
        // measurements are read (CovenantTables.resolveBaselines, which logs an error when it
        // cannot be made); until then it is no number, so that nothing can mistake it for one.
        let targetValue = kind == .indicatorImprovement ? improvement.map { _ in Double.nan } : goal?.number("value")
        let perSchoolYear = goal?.number("per_school_year", required: false)
        let deadline = goal.flatMap { $0.string("deadline", required: false) == nil ? covenantDeadline : $0.parsed("deadline", FieldParsing.day) }

        // Dates inherited from the period were checked with it; check those given here.
        let givesDeadline = goal?.string("deadline", required: false) != nil
        let givesBaseline = baseline?.string("date", required: false) != nil || baselinePeriod != nil
        let givesDates = (givesDeadline && givesBaseline) || ((givesDeadline || givesBaseline) && periodIsValid)
        if givesDates, let baselineDate, let deadline, deadline <= baselineDate, let goal {
            goal.error("deadline", Bilingual(nl: "\(deadline) ligt niet na de datum van de nulmeting, \(baselineDate)",
                                             en: "\(deadline) is not after the baseline date \(baselineDate)"),
                       hint: Bilingual(nl: "controleer target.deadline en baseline.date; als ze ontbreken, gelden de datums van de looptijd van het convenant",
                                       en: "check target.deadline and baseline.date; left out, they are the covenant's period"))
        }
        for (value, key, place) in [(targetValue, "value", goal), (baselineValue, "value", baseline), (perSchoolYear, "per_school_year", goal)] {
            guard let value, let place else { continue }
            if value < 0 {
                place.error(key, Bilingual(nl: "\(format(value)) is negatief", en: "\(format(value)) is negative"),
                            hint: Bilingual(nl: "doelen tellen op vanaf 0; schrijf 0 of meer", en: "targets count upwards from 0; write 0 or more"))
            } else if value > Self.largestTargetValue {
                place.error(key, Bilingual(nl: "\(format(value)) is te groot: een doelwaarde is hoogstens 1.000.000",
                                           en: "\(format(value)) is too large: a target value is at most 1.000.000"),
                            hint: Bilingual(nl: "schrijf een aantal scholen, leerroutes of bijeenkomsten, of een percentage",
                                            en: "write the number of schools, routes, meetings or a percentage"))
            } else if kind == .coverage || indicator?.isPercentage == true, key == "value", value > 100 {
                place.error(key, indicator.map { Bilingual(nl: "\(format(value)) is meer dan 100; \($0.id) is een percentage",
                                                           en: "\(format(value)) is more than 100; \($0.id) is a percentage") }
                                 ?? Bilingual(nl: "\(format(value)) is meer dan 100; een dekkingsgraad is een percentage",
                                              en: "\(format(value)) is more than 100; a coverage is a percentage"),
                            hint: Bilingual(nl: "schrijf een percentage tussen 0 en 100", en: "write a percentage between 0 and 100"))
            }
        }

        var rule = id.map { "rules/\($0).lua" } ?? ""
        if let given = entry.string("rule", required: false) {
            rule = given
            let url = workspace.appendingPathComponent(given)
            if !given.hasSuffix(".lua") || given.hasPrefix("/") || given.split(separator: "/").contains("..") {
                entry.error("rule", Bilingual(nl: "'\(given)' moet een .lua-bestand in de werkmap zijn", en: "'\(given)' must be a .lua file inside the workspace"),
                            hint: Bilingual(nl: "schrijf het pad vanaf de werkmap, bijvoorbeeld rules/\(id ?? "doel").lua",
                                            en: "write the path relative to the workspace, for example rules/\(id ?? "target").lua"))
            } else if !FileManager.default.fileExists(atPath: url.path) {
                let existing = (try? FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent("rules").path))?
                    .filter { $0.hasSuffix(".lua") }.map { "rules/\($0)" } ?? []
                entry.error("rule", Bilingual(nl: "het script '\(given)' bestaat niet", en: "the script '\(given)' does not exist")
                                        .appending(Suggestion.didYouMeanInBoth(given, in: existing.sorted())),
                            hint: Bilingual(nl: "maak het script, of verbeter het pad (vanaf de werkmap)",
                                            en: "create the script, or correct the path (relative to the workspace)"))
            }
        }
        guard let id, let actionLine, let title, let kind, let baselineDate, let targetValue, let deadline else { return nil }
        var target = Target(id: id, actionLine: actionLine, title: title.text, kind: kind, baselineValue: baselineValue,
                            baselineDate: baselineDate, targetValue: targetValue, deadline: deadline,
                            perSchoolYear: perSchoolYear, unit: unit.dutch?.other, owner: owner, rule: rule, freshness: freshness,
                            notes: notes?.text, source: entry.location)
        target.indicator = indicator?.id
        target.indicatorDirection = indicator?.direction
        target.baselinePeriod = baselinePeriod
        target.improvement = improvement
        target.unitSingular = unit.dutch?.one
        target.englishTitle = title.english
        target.englishNotes = notes?.english
        target.englishUnit = unit.english?.other
        target.englishUnitSingular = unit.english?.one
        return target
    }

    /// A unit's forms: `one` for exactly one (when given) and `other`.
    typealias UnitForms = (one: String?, other: String)

    /// `unit: scholen`, `unit: {one: school, other: scholen}` (to say "1 school"), or per language,
    /// `unit: {nl: {one: school, other: scholen}, en: {one: school, other: schools}}` (each
    /// language's value may also be a plain plural). `%` needs no forms.
    static func loadUnit(_ entry: YAMLMap) -> (dutch: UnitForms?, english: UnitForms?) {
        func forms(_ map: YAMLMap, _ key: String, required: Bool) -> UnitForms? {
            if let both = map.mapIfPresent(key) {
                both.rejectUnknownKeys(["one", "other"])
                let one = both.string("one"), other = both.string("other")
                return other.map { (one, $0) }
            }
            return map.string(key, required: required).map { (nil, $0) }
        }
        guard let given = entry.mapIfPresent("unit"), given.has("nl") || given.has("en") else {
            return (forms(entry, "unit", required: false), nil)
        }
        given.rejectUnknownKeys(["nl", "en"])
        return (forms(given, "nl", required: true), forms(given, "en", required: true))
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
        let tooLong = FieldError(Bilingual(nl: "'\(text)' is te lang: een actualiteitstermijn is hoogstens 10 jaar (120 maanden, 3660 dagen)",
                                           en: "'\(text)' is too long: a freshness limit is at most 10 years (120 months, 3660 days)"),
                                 hint: Bilingual(nl: "schrijf een periode zoals '12 maanden'; laat freshness weg als de gegevens niet verouderen",
                                                 en: "write a period such as '12 months'; leave freshness out when data does not go stale"))
        guard parts.count == 2, parts[0].count <= 6, let amount = Int(parts[0]), amount > 0, let unit = units[parts[1].lowercased()] else {
            if parts.count == 2, parts[0].allSatisfy({ ("0"..."9").contains($0) }), units[parts[1].lowercased()] != nil {
                return .failure(tooLong)
            }
            return .failure(FieldError(Bilingual(nl: "'\(text)' is geen periode", en: "'\(text)' is not a period"),
                                       hint: Bilingual(nl: "schrijf een periode zoals '12 maanden' of '90 dagen'", en: "write a period such as '12 months' or '90 days'")))
        }
        guard amount <= longestFreshness[unit]! else {
            return .failure(tooLong)
        }
        return .success(Freshness(amount: amount, unit: unit))
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
