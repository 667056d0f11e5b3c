import CovenantModel
import TargetJudgement

/// The language of a report. Dutch is the default: the stuurgroep and the schools read Dutch.
public enum Language: String, CaseIterable, Sendable {
    case nl, en

    /// The words and sentences of reports in this language.
    public var words: Vocabulary { self == .nl ? .dutch : .english }
}

/// Every word and sentence a report uses that is not in the data, per language. Templates
/// take the fixed labels from ``labels``; the sentences with numbers are made here, so that
/// plurals and number formats are right in every format.
public struct Vocabulary: Sendable {
    public let language: Language
    /// Fixed labels for templates, by key (`{{labels.overview}}`).
    public let labels: [String: String]
    let statusLabels: [TargetStatus: String]
    let kindLabels: [Contribution.Kind: String]
    let months: [String]
    let decimalSeparator: String
    let thousandsSeparator: String

    public func status(_ status: TargetStatus) -> String { statusLabels[status]! }
    public func contribution(_ kind: Contribution.Kind) -> String { kindLabels[kind]! }
    public func severity(_ severity: DataCheckFinding.Severity) -> String {
        switch severity {
        case .info: labels["severityInfo"]!
        case .warning: labels["severityWarning"]!
        case .problem: labels["severityProblem"]!
        }
    }

    /// `1.234,5` in Dutch, `1,234.5` in English; whole numbers without decimals, others with one.
    public func number(_ value: Double?) -> String {
        guard let value else { return "–" }
        let rounded = (value * 10).rounded() / 10
        let negative = rounded < 0
        let whole = Int(abs(rounded).rounded(.down))
        let tenth = Int((abs(rounded) * 10).rounded()) % 10
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = thousandsSeparator + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        return (negative ? "−" : "") + grouped + (tenth == 0 ? "" : decimalSeparator + String(tenth))
    }

    /// A value with its unit: `10 scholen`, `95%`.
    public func quantity(_ value: Double?, unit: String?) -> String {
        guard let value else { return "–" }
        guard let unit, !unit.isEmpty else { return number(value) }
        return unit == "%" ? number(value) + "%" : number(value) + " " + unit
    }

    /// `23 november 2026`, `23 November 2026`.
    public func date(_ day: Day) -> String { "\(day.day) \(months[day.month - 1]) \(day.year)" }

    /// `nov 2026`, for chart axes.
    public func shortMonth(_ day: Day) -> String { "\(months[day.month - 1].prefix(3)) \(day.year)" }

    /// How a target is judged, in one sentence.
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
        }
    }

    /// What the programme team is asked for a target it owns.
    func programmeTeamTask(needed: Double?, perSchoolYear: Double?, unit: String?, by deadline: Day, yearly: Bool) -> String {
        let amount = quantity(needed, unit: unit)
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
    func coordinate(needed: Double?, unit: String?) -> String {
        language == .nl ? "nog \(quantity(needed, unit: unit)) nodig; geen school of instelling aangewezen — de trekker bepaalt wie"
                        : "\(quantity(needed, unit: unit)) still needed; no school or institution named — the programme team decides who"
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
