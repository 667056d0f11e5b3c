import Foundation
import CovenantModel
import TargetJudgement

extension Language {
    /// The words and sentences of reports in this language.
    public var words: Vocabulary { self == .nl ? .dutch : .english }
}

/// Every word and sentence a report uses that is not in the data, per language. Templates
/// take the fixed labels from ``labels``; the sentences with numbers are made here, so that
/// plurals and number formats are right in every format.
public struct Vocabulary: Sendable {
    public let language: Language
    /// Fixed labels for templates, by key (`{{labels.overview}}`).
    public private(set) var labels: [String: String]
    let statusLabels: [TargetStatus: String]
    let kindLabels: [Contribution.Kind: String]
    let months: [String]
    let decimalSeparator: String
    let thousandsSeparator: String
    /// A unit's form for exactly one, by its plural (`bijeenkomsten` → `bijeenkomst`), from the
    /// covenant; a unit without one keeps its plural.
    var singulars: [String: String] = [:]

    /// What the covenant's whole is called: the labels and sentences say "de stad" or "de regio".
    public private(set) var area: Area = .city

    /// The same words, saying "1 bijeenkomst" for the units the covenant gives a singular for, and
    /// naming the covenant's whole as its `area` is (the labels are written for a city).
    public func with(singulars: [String: String], area: Area = .city) -> Vocabulary {
        var words = self
        words.singulars = singulars
        words.area = area
        if area == .region {
            let replacements = [("de stad", "de regio"), ("Stad", "Regio"), ("the city", "the region"), ("City", "Region")]
            words.labels = labels.mapValues { label in replacements.reduce(label) { $0.replacingOccurrences(of: $1.0, with: $1.1) } }
        }
        return words
    }

    /// "de stad" or "de regio", "the city" or "the region".
    public var whole: String {
        switch (language, area) {
        case (.nl, .city): "de stad"
        case (.nl, .region): "de regio"
        case (.en, .city): "the city"
        case (.en, .region): "the region"
        }
    }

    /// `unit` as it follows `value`: its singular for exactly one, when known.
    func unit(_ unit: String, for value: Double) -> String {
        value == 1 ? singulars[unit] ?? unit : unit
    }

    public func status(_ status: TargetStatus) -> String { statusLabels[status]! }
    public func contribution(_ kind: Contribution.Kind) -> String { kindLabels[kind]! }
    public func severity(_ severity: DataCheckFinding.Severity) -> String {
        switch severity {
        case .info: labels["severityInfo"]!
        case .warning: labels["severityWarning"]!
        case .problem: labels["severityProblem"]!
        }
    }

    /// `1.234,5` in Dutch, `1,234.5` in English; whole numbers without decimals, others with one
    /// (or `decimals`), rounded half up, trailing zeros left out. The same as `koers.number`.
    public func number(_ value: Double?, decimals: Int = 1) -> String {
        guard let value else { return "–" }
        // A rule may return any number; one this large or not finite is shown as it is, never
        // converted to an integer that cannot hold it.
        guard value.isFinite, abs(value) < 1e15 else { return String(value) }
        let scale = pow(10, Double(decimals))
        let units = Int((abs(value) * scale + 0.5).rounded(.down))
        let whole = units / Int(scale), fraction = units % Int(scale)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = thousandsSeparator + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        var decimalsText = String(fraction)
        decimalsText = String(repeating: "0", count: max(0, decimals - decimalsText.count)) + decimalsText
        while decimalsText.hasSuffix("0") { decimalsText.removeLast() }
        return (value < 0 && units > 0 ? "−" : "") + grouped + (decimalsText.isEmpty ? "" : decimalSeparator + decimalsText)
    }

    /// A value and what was expected, as texts that compare as the exact numbers do: usually the
    /// value as ``quantity(_:unit:)`` and the expectation as ``expectation(_:unit:)``, but with more
    /// decimals (up to six) where fewer would show a value below the line as on it (10 against 10,04),
    /// or one on the line as below it (94,37% against 94,3%). The same as `koers.pair`.
    public func pair(value: Double?, expected: Double?, unit: String?, slack: Double? = nil) -> (value: String, expected: String) {
        let usual = (quantity(value, unit: unit), expectation(expected, unit: unit))
        guard let value, let expected, value.isFinite, expected.isFinite, abs(value) < 1e15, abs(expected) < 1e15 else { return usual }
        func rounded(_ x: Double, _ decimals: Int) -> Double {
            let scale = pow(10, Double(decimals))
            return (x * scale + 0.5).rounded(.down) / scale
        }
        func agree(_ shownValue: Double, _ shownExpected: Double) -> Bool {
            if let slack, (expected - value > slack) != (shownExpected - shownValue > slack) { return false }
            return value < expected ? shownValue < shownExpected : shownValue >= shownExpected
        }
        func withUnit(_ text: String) -> String {
            guard let unit, !unit.isEmpty else { return text }
            return unit == "%" ? text + "%" : text + " " + unit
        }
        if agree(unit == "%" ? percentShown(value) : rounded(value, 1), rounded(expected, 1)) { return usual }
        let decimals = (1...5).first { agree(rounded(value, $0), rounded(expected, $0)) } ?? 6
        return (withUnit(number(value, decimals: decimals)), withUnit(number(expected, decimals: decimals)))
    }

    /// A target's value and expectation as every format shows them: paired (``pair(value:expected:unit:slack:)``)
    /// where the status compares them exactly; for a yearly target, which is judged in whole
    /// meetings against its share, as usual (1 meeting against 1,3 is on track, not "below").
    public func shown(value: Double?, expected: Double?, unit: String?, method: StatusMethod?) -> (value: String, expected: String) {
        switch method {
        case .yearly?: (quantity(value, unit: unit), expectation(expected, unit: unit))
        // A count is at risk up to one unit below the line and behind further below: show that too.
        case .count?, .milestones?: pair(value: value, expected: expected, unit: unit, slack: 1)
        case .indicator?, .periods?: strictPair(value: value, expected: expected, unit: unit)
        default: pair(value: value, expected: expected, unit: unit)
        }
    }

    /// A measured value and what it is compared with, with as many decimals (one to six) as it
    /// takes for the two texts to compare as the numbers do in both directions: an indicator may
    /// have to go down (7,5% against 8% is "7,5%", never "8%"). The same as the rules' library.
    public func strictPair(value: Double?, expected: Double?, unit: String?) -> (value: String, expected: String) {
        func withUnit(_ text: String, _ number: Double) -> String {
            guard let unit, !unit.isEmpty else { return text }
            return unit == "%" ? text + "%" : text + " " + self.unit(unit, for: number)
        }
        guard let value, let expected, value.isFinite, expected.isFinite, abs(value) < 1e15, abs(expected) < 1e15 else {
            return (value.map { withUnit(number($0), $0) } ?? "–", expected.map { withUnit(number($0), $0) } ?? "–")
        }
        func rounded(_ x: Double, _ decimals: Int) -> Double {
            let scale = pow(10, Double(decimals))
            return (x * scale + 0.5).rounded(.down) / scale
        }
        let decimals = (1...5).first { (rounded(value, $0) < rounded(expected, $0)) == (value < expected)
            && (rounded(value, $0) > rounded(expected, $0)) == (value > expected) } ?? 6
        return (withUnit(number(value, decimals: decimals), rounded(value, decimals)),
                withUnit(number(expected, decimals: decimals), rounded(expected, decimals)))
    }

    /// The number ``percent(_:)`` shows.
    private func percentShown(_ value: Double) -> Double {
        let whole = (value + 0.5).rounded(.down)
        if whole >= 100 && value < 100 { return min(99.9, (value * 10).rounded(.down) / 10) }
        if whole <= 0 && value > 0 { return max(0.1, (value * 10).rounded(.up) / 10) }
        return whole
    }

    /// A share in percent: whole, rounded half up (`66.67` is `67%`), except that a share that is
    /// not all or nothing never shows as 100% or 0% (`99.7` is `99,7%`). The same rule as
    /// `koers.percent` in the rules' library, so a rule's sentence and the report agree.
    public func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        let whole = (value + 0.5).rounded(.down)
        if whole >= 100 && value < 100 { return number(min(99.9, (value * 10).rounded(.down) / 10)) + "%" }
        if whole <= 0 && value > 0 { return number(max(0.1, (value * 10).rounded(.up) / 10)) + "%" }
        return number(whole) + "%"
    }

    /// An expectation with its unit: as ``quantity(_:unit:)``, but a share with one decimal
    /// (`96,4%`), since a whole percentage could hide that the value is below it.
    public func expectation(_ value: Double?, unit: String?) -> String {
        guard let value, unit == "%" else { return quantity(value, unit: unit) }
        return number(value) + "%"
    }

    /// A value as ``quantity(_:unit:)`` shows it, or, for a measured indicator (`measured`), with
    /// its decimal: a measured 7,5% is 7,5%, where a share of schools shows whole (67%).
    public func amount(_ value: Double?, unit: String?, measured: Bool) -> String {
        guard measured, let value else { return quantity(value, unit: unit) }
        guard let unit, !unit.isEmpty else { return number(value) }
        return unit == "%" ? number(value) + "%" : number(value) + " " + self.unit(unit, for: value)
    }

    /// How much is still needed, as ``amount(_:unit:measured:)``; for a measured percentage in
    /// percentage points (from 9,5% to 8% is 1,5 procentpunt, not 1,5%).
    public func shortfall(_ value: Double?, unit: String?, measured: Bool) -> String {
        guard measured, unit == "%", let value else { return amount(value, unit: unit, measured: measured) }
        return number(value) + (language == .nl ? " procentpunt" : value == 1 ? " percentage point" : " percentage points")
    }

    /// A value with its unit: `10 scholen`, `10,5 scholen`, `67%`.
    public func quantity(_ value: Double?, unit: String?) -> String {
        guard let value else { return "–" }
        guard let unit, !unit.isEmpty else { return number(value) }
        return unit == "%" ? percent(value) : number(value) + " " + self.unit(unit, for: value)
    }

    /// The school years of a target in one line, as the report shows them under the numbers:
    /// `2024-25 ✓ 4 van 4 · 2025-26 ✗ 3 van 4 · 2026-27 1 van 4 (1,3 verwacht, 2 gepland)`.
    /// With `method` `.periods`, an indicator's periods, each value as it compares with the level: `2024-25 ✗ 89,4%`.
    public func years(_ years: [SchoolYearResult], unit: String?, method: StatusMethod? = nil) -> String {
        let nl = language == .nl
        if method == .periods {
            // A level kept per period: the measured value against the level, as the rule compared them.
            return years.map { year in
                let mark = year.outcome == .met ? " ✓" : year.outcome == .missed ? " ✗" : ""
                let shown = strictPair(value: year.value, expected: year.required, unit: unit).value
                return "\(year.schoolYear)\(mark) \(shown)"
            }.joined(separator: " · ")
        }
        return years.map { year in
            let mark = switch year.outcome {
            case .met: " ✓"
            case .missed: " ✗"
            case .running, .runIn, .measured: ""
            }
            let counted = unit == "%" || year.outcome == .measured || year.unreported != nil
                ? "\(number(year.value)) \(nl ? "van" : "of") \(number(year.required))"
                : "\(number(year.value)) \(nl ? "van" : "of") \(quantity(year.required, unit: unit))"
            var extra: [String] = []
            if year.outcome == .runIn { extra.append(nl ? "aanloop" : "run-in") }
            if let expected = year.expected { extra.append(nl ? "\(number(expected)) verwacht" : "\(number(expected)) expected") }
            if let planned = year.planned { extra.append(nl ? "\(number(planned)) gepland" : "\(number(planned)) planned") }
            if let unreported = year.unreported, unreported > 0 {
                extra.append(nl ? "\(unreported) zonder opgave" : "\(unreported) without a return")
            }
            return "\(year.schoolYear)\(mark) \(counted)" + (extra.isEmpty ? "" : " (\(extra.joined(separator: ", ")))")
        }.joined(separator: " · ")
    }

    /// `23 november 2026`, `23 November 2026`.
    public func date(_ day: Day) -> String { "\(day.day) \(months[day.month - 1]) \(day.year)" }

    /// `nov 2026`, for chart axes.
    public func shortMonth(_ day: Day) -> String { "\(months[day.month - 1].prefix(3)) \(day.year)" }

    /// How a target is judged, in one sentence: the status method the rule used, or, when it used
    /// none of Koers' own, what the covenant file says of the target's kind.
    func method(for target: Target, judgement: TargetJudgement) -> String {
        let goal = quantity(judgement.target ?? target.targetValue, unit: target.unit), deadline = date(target.deadline)
        let nl = language == .nl
        switch judgement.method {
        case .count?, .milestones?:
            let base = quantity(target.baselineValue ?? 0, unit: target.unit)
            let cadence = target.perSchoolYear.map { nl ? "; daarnaast elk schooljaar minstens \(number($0)) erbij, en een afgelopen schooljaar zonder is gemist" : "; besides, at least \(number($0)) more in every school year, and a school year that ended without is missed" } ?? ""
            return nl
                ? "Telt \(target.unit ?? "eenheden") langs de rechte lijn van \(base) op \(date(target.baselineDate)) naar \(goal) op \(deadline), exact (10,5 verwacht is 10,5)\(cadence). Op of boven de lijn is op koers, tot één eenheid eronder risico, verder eronder achter; vanaf de deadline telt alleen of het doel gehaald is."
                : "Counts \(target.unit ?? "units") along the straight line from \(base) on \(date(target.baselineDate)) to \(goal) on \(deadline), exactly (10.5 expected is 10.5)\(cadence). On or above the line is on track, up to one unit below at risk, further below behind; from the deadline on only whether the target was reached counts."
        case .yearly?:
            return nl
                ? "Elk schooljaar \(goal): een afgelopen schooljaar is gehaald of gemist, en één gemist schooljaar maakt het doel achter. Het lopende schooljaar wordt naar rato beoordeeld in hele eenheden (minder dan één onder zijn deel is op koers, minder dan twee risico), en een plan dat het jaar haalt telt één stap mee."
                : "\(goal) in every school year: a school year that ended is met or missed, and one missed year makes the target behind. The running year is judged pro rata in whole units (less than one below its share is on track, less than two at risk), and a plan that reaches the year's number lifts it one step."
        case .level?:
            return nl
                ? "Een niveau om vast te houden: \(goal) vanaf \(date(target.baselineDate)), beoordeeld op het nieuwste schooljaar waarover minstens de helft van de scholen een opgave deed. Scholen zonder opgave tellen apart; één eenheid onder het niveau is risico, meer is achter."
                : "A level to keep: \(goal) from \(date(target.baselineDate)), judged on the newest school year for which at least half of the schools made a return. Schools without a return are counted apart; one unit below the level is at risk, more is behind."
        case .line?:
            let from = target.baselineValue.map { quantity($0, unit: target.unit) } ?? (nl ? "de eerste meting" : "the first measurement")
            return nl
                ? "Het aandeel groeit langs de rechte lijn van \(from) naar \(goal) op \(deadline); elke school telt met haar nieuwste actuele opgave, scholen zonder opgave tellen apart. Tot één eenheid onder de lijn is risico, meer is achter."
                : "The share grows along the straight line from \(from) to \(goal) on \(deadline); each school counts by its newest current return, schools without one are counted apart. Up to one unit below the line is at risk, more is behind."
        case .indicator?:
            let goal = amount(judgement.target ?? target.targetValue, unit: target.unit, measured: true)
            let from = target.baselineValue.map { amount($0, unit: target.unit, measured: true) } ?? (nl ? "de eerste meting" : "the first measurement")
            let way = target.indicatorDirection == .lower ? (nl ? "omlaag" : "down") : (nl ? "omhoog" : "up")
            return nl
                ? "Een gemeten indicator, \(way) langs de rechte lijn van \(from) naar \(goal) op \(deadline), beoordeeld op de nieuwste meting en vergeleken met de lijn op de laatste dag van haar periode. Op of voorbij de lijn is op koers, tot één eenheid ervandaan risico (of als het tempo het doel haalt), verder achter; vanaf de deadline telt alleen of het doel gehaald is."
                : "A measured indicator, \(way) along the straight line from \(from) to \(goal) on \(deadline), judged on its newest measurement against the line on the last day of its period. On or beyond the line is on track, up to one unit short at risk (or when the pace reaches the target), further short behind; from the deadline on only whether the target was reached counts."
        case .periods?:
            let goal = amount(judgement.target ?? target.targetValue, unit: target.unit, measured: true)
            let better = target.indicatorDirection == .lower ? (nl ? "of lager" : "or lower") : (nl ? "of hoger" : "or higher")
            return nl
                ? "Een gemeten indicator die in elke periode \(goal) \(better) moet zijn, tot \(deadline): een afgelopen periode is gehaald of gemist, en één gemiste periode maakt het doel achter; een afgelopen periode zonder meting is risico."
                : "A measured indicator that must be \(goal) \(better) in every period until \(deadline): a period that ended is met or missed, and one missed period makes the target behind; a period that ended without a measurement is at risk."
        case nil:
            return method(for: target)
        }
    }

    /// How a target of this kind is judged, from the covenant file alone (for a rule that uses
    /// none of Koers' status methods).
    func method(for target: Target) -> String {
        let goal = quantity(target.targetValue, unit: target.unit), deadline = date(target.deadline)
        switch (language, target.kind) {
        case (.nl, .cumulativeCount):
            let base = target.baselineValue.map { "vanaf \(quantity($0, unit: target.unit)) op \(date(target.baselineDate))" } ?? "vanaf \(date(target.baselineDate))"
            let cadence = target.perSchoolYear.map { ", met minstens \(number($0)) erbij per schooljaar" } ?? ""
            return "Telt \(target.unit ?? "eenheden") \(base); verwacht wordt de rechte lijn naar \(goal) op \(deadline)\(cadence)."
        case (.nl, .countPerSchoolYear):
            return "Telt \(target.unit ?? "eenheden") per schooljaar: \(goal) in elk schooljaar tot \(deadline); het lopende schooljaar naar rato."
        case (.nl, .coverage):
            return "Het aandeel dat meedoet, in procenten; verwacht wordt de rechte lijn naar \(goal) op \(deadline)."
        case (.nl, .milestones):
            return "Telt de gezette stappen, in volgorde; verwacht wordt de rechte lijn naar \(goal) op \(deadline)."
        case (.en, .cumulativeCount):
            let base = target.baselineValue.map { "from \(quantity($0, unit: target.unit)) on \(date(target.baselineDate))" } ?? "from \(date(target.baselineDate))"
            let cadence = target.perSchoolYear.map { ", adding at least \(number($0)) every school year" } ?? ""
            return "Counts \(target.unit ?? "units") \(base); expected is the straight line to \(goal) on \(deadline)\(cadence)."
        case (.en, .countPerSchoolYear):
            return "Counts \(target.unit ?? "units") per school year: \(goal) in every school year until \(deadline); the running year pro rata."
        case (.en, .coverage):
            return "The share that takes part, in percent; expected is the straight line to \(goal) on \(deadline)."
        case (.en, .milestones):
            return "Counts the steps taken, in order; expected is the straight line to \(goal) on \(deadline)."
        case (.nl, .indicatorLevel), (.nl, .indicatorImprovement):
            let goal = amount(target.targetValue, unit: target.unit, measured: true)
            return "Een gemeten indicator (\(target.indicator ?? "")); verwacht wordt de rechte lijn naar \(goal) op \(deadline)."
        case (.en, .indicatorLevel), (.en, .indicatorImprovement):
            let goal = amount(target.targetValue, unit: target.unit, measured: true)
            return "A measured indicator (\(target.indicator ?? "")); expected is the straight line to \(goal) on \(deadline)."
        case (.nl, .indicatorEveryPeriod):
            let goal = amount(target.targetValue, unit: target.unit, measured: true)
            let better = target.indicatorDirection == .lower ? "of lager" : "of hoger"
            return "Een gemeten indicator (\(target.indicator ?? "")) die in elke periode tot \(deadline) \(goal) \(better) moet zijn."
        case (.en, .indicatorEveryPeriod):
            let goal = amount(target.targetValue, unit: target.unit, measured: true)
            let better = target.indicatorDirection == .lower ? "or lower" : "or higher"
            return "A measured indicator (\(target.indicator ?? "")) that must be \(goal) \(better) in every period until \(deadline)."
        }
    }

    /// What the programme team is asked for a target it owns.
    func programmeTeamTask(needed: Double?, perSchoolYear: Double?, unit: String?, by deadline: Day, yearly: Bool,
                           measured: Bool = false) -> String {
        let amount = shortfall(needed, unit: unit, measured: measured)
        // A measured indicator may have to go down: what is asked is an improvement, either way.
        if measured {
            return language == .nl ? "de indicator nog \(amount) verbeteren vóór \(date(deadline))"
                                   : "improve the indicator by \(amount) more before \(date(deadline))"
        }
        switch language {
        case .nl:
            let per = perSchoolYear.map { "; \(quantity($0, unit: unit)) per resterend schooljaar" } ?? ""
            return yearly ? "nog \(amount) organiseren in dit schooljaar" : "nog \(amount) realiseren vóór \(date(deadline))\(per)"
        case .en:
            let per = perSchoolYear.map { "; \(quantity($0, unit: unit)) per remaining school year" } ?? ""
            return yearly ? "organise \(amount) more this school year" : "achieve \(amount) more before \(date(deadline))\(per)"
        }
    }

    /// Asked of the programme team when a target has no school or institution to ask.
    func coordinate(needed: Double?, unit: String?, measured: Bool = false) -> String {
        if measured {
            return language == .nl ? "nog \(shortfall(needed, unit: unit, measured: true)) verbetering nodig; geen school of instelling aangewezen — de trekker bepaalt wie"
                                   : "\(shortfall(needed, unit: unit, measured: true)) more improvement needed; no school or institution named — the programme team decides who"
        }
        return language == .nl ? "nog \(shortfall(needed, unit: unit, measured: measured)) nodig; geen school of instelling aangewezen — de trekker bepaalt wie"
                        : "\(shortfall(needed, unit: unit, measured: measured)) still needed; no school or institution named — the programme team decides who"
    }

    func fixRule(_ failure: RuleFailure) -> String {
        language == .nl ? "de regel herstellen: \(failure.script)\(failure.line.map { ":\($0)" } ?? ""): \(failure.message)"
                        : "fix the rule: \(failure.script)\(failure.line.map { ":\($0)" } ?? ""): \(failure.message)"
    }

    func supplyData(_ reason: String?) -> String {
        language == .nl ? "actuele gegevens aanleveren" + (reason.map { " (\($0))" } ?? "")
                        : "supply current data" + (reason.map { " (\($0))" } ?? "")
    }

    /// The waiver sentence a report shows.
    func waiver(_ waiver: Waiver, schoolName: String?) -> String {
        let who = schoolName ?? (language == .nl ? "het hele doel" : "the whole target")
        let until = waiver.until.map { language == .nl ? " tot en met \(date($0))" : " until \(date($0))" } ?? ""
        return language == .nl
            ? "\(who): vrijgesteld vanaf \(date(waiver.from))\(until) — \(waiver.reason) (besluit: \(waiver.decidedBy))"
            : "\(who): exempted from \(date(waiver.from))\(until) — \(waiver.reason) (decided by: \(waiver.decidedBy))"
    }
}
