import CovenantModel
import TargetJudgement

/// How one target got its status, step by step in plain words: what counted, the expected-now
/// and projection arithmetic of Koers' default method, and which threshold gave the status.
/// For `--explain` on `koers status` and `koers report`.
public struct Explanation: Sendable {
    public var targetID: String
    public var title: String
    /// One paragraph per step, in order.
    public var steps: [String]

    /// The explanation as terminal text.
    public var text: String {
        "\(targetID): \(title)\n\n" + steps.enumerated().map { index, step in "\(index + 1). \(step)" }.joined(separator: "\n\n") + "\n"
    }
}

/// Makes an ``Explanation`` from a target's part of the report. It never runs a rule and never
/// recomputes a status: it retells, with the numbers the rule returned, the computation the rule's
/// status method made (the line it compared against, the projection and how it was made, the
/// school years it judged) and gives the rule's own reason for the status. What the rule did not
/// say, it says it did not say.
public struct ExplanationBuilder: Sendable {
    public let language: Language
    /// The words to explain in: the language's, with the covenant's singular units.
    let words: Vocabulary
    public init(language: Language, words: Vocabulary? = nil) {
        self.language = language
        self.words = words ?? language.words
    }

    public func explain(_ target: TargetReport, asOf: Day) -> Explanation {
        let w = words
        let nl = language == .nl
        let unit = target.unit
        func q(_ value: Double?) -> String { w.quantity(value, unit: unit) }
        var steps: [String] = []

        steps.append(nl ? "Methode: \(target.method) Regel: \(target.rule)." : "Method: \(target.method) Rule: \(target.rule).")
        if let failure = target.failure {
            steps.append(nl ? "De regel faalde, dus het doel is niet beoordeeld: \(failure.description)"
                            : "The rule failed, so the target was not judged: \(failure.description)")
            return Explanation(targetID: target.id, title: target.title, steps: steps)
        }

        // What counted.
        if target.counted.isEmpty {
            steps.append(nl ? "De regel noemt geen afzonderlijke records die meetellen." : "The rule names no separate records that count.")
        } else {
            let shown = target.counted.prefix(25).map { "– \($0.label)" + ($0.source.map { " (\($0))" } ?? "") }
            let more = target.counted.count > 25 ? (nl ? "\n   … en \(target.counted.count - 25) meer" : "\n   … and \(target.counted.count - 25) more") : ""
            steps.append((nl ? "Wat telt (\(target.counted.count)):\n   " : "What counts (\(target.counted.count)):\n   ")
                         + shown.joined(separator: "\n   ") + more)
        }
        let missing = target.contributions.filter { $0.kind == .missing }
        if !missing.isEmpty {
            steps.append((nl ? "Draagt nog niet bij (\(missing.count)): " : "Not yet contributing (\(missing.count)): ")
                         + missing.map { $0.name + ($0.detail.map { " – \($0)" } ?? "") }.joined(separator: "; "))
        }
        let unreported = target.contributions.filter { $0.kind == .unreported }
        if !unreported.isEmpty {
            steps.append((nl ? "Zonder opgave, apart geteld en niet als 'voldoet niet' (\(unreported.count)): "
                             : "Without a return, counted apart and not as failing (\(unreported.count)): ")
                         + unreported.map(\.name).joined(separator: ", "))
        }
        let shownValue = w.shown(value: target.value, expected: target.expected, unit: unit, method: target.statusMethod).value
        steps.append(nl ? "Waarde op \(w.date(asOf)): \(shownValue)." : "Value on \(w.date(asOf)): \(shownValue).")
        if !target.years.isEmpty {
            let label = target.statusMethod == .periods ? (nl ? "Per periode: " : "Per period: ") : (nl ? "Per schooljaar: " : "Per school year: ")
            steps.append(label + w.years(target.years, unit: unit, method: target.statusMethod) + ".")
        }
        if let step = expectedStep(target, asOf: asOf) { steps.append(step) }
        if let step = projectionStep(target, asOf: asOf) { steps.append(step) }

        let label = "'\(w.status(target.status))'"
        if let reason = target.reason {
            steps.append(nl ? "Status \(label): \(reason)" : "Status \(label) (the rule's reason, in Dutch): \(reason)")
        } else {
            steps.append(nl ? "Status \(label): de regel gaf geen reden op; zie de bevindingen en de toelichting."
                            : "Status \(label): the rule gave no reason; see the findings and notes.")
        }
        for finding in target.findings { steps.append((nl ? "Bevinding: " : "Finding: ") + finding.message) }
        for waiver in target.waivers { steps.append((nl ? "Vrijstelling: " : "Waiver: ") + waiver) }
        for note in target.notes { steps.append((nl ? "Toelichting: " : "Note: ") + note) }
        return Explanation(targetID: target.id, title: target.title, steps: steps)
    }

    /// The expectation, from the line the rule compared against: the segment that holds the day,
    /// with its arithmetic; or what the rule said when it returned no line.
    private func expectedStep(_ target: TargetReport, asOf: Day) -> String? {
        let w = words, nl = language == .nl
        guard let expected = target.expected else { return nil }
        let shown = w.shown(value: target.value, expected: expected, unit: target.unit, method: target.statusMethod).expected
        let asGiven = nl ? "Verwacht nu: \(shown), zoals de regel het opgaf; de regel gaf geen lijn waarop dat getal ligt, dus de grafiek toont die niet."
                         : "Expected now: \(shown), as the rule gave it; the rule gave no line that number lies on, so the chart does not show one."
        switch target.statusMethod {
        case nil:
            return asGiven
        case .yearly?:
            guard let year = target.years.first(where: { $0.expected != nil }) else {
                // The day is the last of a school year, or past the deadline: the whole year counts;
                // a run-in year is not judged as a whole year, its share stands.
                if let last = target.years.last, last.outcome == .runIn {
                    return nl ? "Verwacht: het aanloopjaar \(last.schoolYear) naar rato: \(Self.exact(expected, w)), getoond als \(shown); dat jaar wordt niet als heel schooljaar beoordeeld."
                              : "Expected: the run-in year \(last.schoolYear) pro rata: \(Self.exact(expected, w)), shown as \(shown); that year is not judged as a whole year."
                }
                let year = target.years.last?.schoolYear ?? SchoolYear(containing: asOf).description
                return nl ? "Verwacht: schooljaar \(year) is afgelopen, dus het hele jaar telt: \(Self.exact(expected, w)), getoond als \(shown)."
                          : "Expected: school year \(year) has ended, so the whole year counts: \(Self.exact(expected, w)), shown as \(shown)."
            }
            let schoolYear = SchoolYear(containing: asOf)
            let length = schoolYear.firstDay.days(to: schoolYear.lastDay) + 1
            let start = max(schoolYear.firstDay, target.baselineDate)
            return nl
                ? "Verwacht nu: het deel van \(w.number(target.target)) dat bij \(w.date(asOf)) hoort, naar rato van de dagen van schooljaar \(year.schoolYear) (vanaf \(w.date(start))): \(w.number(target.target)) × \(start.days(to: asOf) + 1)/\(length) = \(Self.exact(expected, w)), getoond als \(shown)."
                : "Expected now: the part of \(w.number(target.target)) that belongs to \(w.date(asOf)), pro rata the days of school year \(year.schoolYear) (from \(w.date(start))): \(w.number(target.target)) × \(start.days(to: asOf) + 1)/\(length) = \(Self.exact(expected, w)), shown as \(shown)."
        case .level?, .periods?:
            return nl ? "Verwacht nu: het niveau \(shown), vanaf \(w.date(target.baselineDate)) tot \(w.date(target.deadline)) (geen lijn om te stijgen: een niveau om vast te houden)."
                      : "Expected now: the level \(shown), from \(w.date(target.baselineDate)) to \(w.date(target.deadline)) (no line to climb: a level to keep)."
        case .count?, .milestones?, .line?, .indicator?:
            // The day the rule compared on: the evaluation date, or the newest measurement's day.
            let on = target.trajectory.expectedOn
            let segment = target.trajectory.expectedPath.first { segment in
                guard let first = segment.first, let last = segment.last else { return false }
                return first.day <= on && on <= last.day
            }
            guard let segment, let from = segment.first, let to = segment.last,
                  let onLine = target.trajectory.expected(on: on), abs(onLine - expected) < 1e-6 else {
                if let end = target.trajectory.expectedPath.last?.last, on > end.day, abs(end.value - expected) < 1e-6 {
                    return nl ? "Verwacht: de lijn eindigde op \(w.date(end.day)) bij het doel, \(Self.exact(expected, w)), getoond als \(shown); de deadline is voorbij."
                              : "Expected: the line ended on \(w.date(end.day)) at the target, \(Self.exact(expected, w)), shown as \(shown); the deadline has passed."
                }
                return asGiven
            }
            let total = from.day.days(to: to.day), elapsed = from.day.days(to: on)
            let a = w.number(from.value), b = w.number(to.value)
            let start = target.baselineValue == nil && target.statusMethod == .line ? (nl ? "de eerste meting, " : "the first measurement, ") : ""
            let when = on == asOf ? (nl ? "Verwacht nu" : "Expected now")
                : target.statusMethod == .indicator
                ? (nl ? "Verwacht op \(w.date(on)), de laatste dag van de periode van de nieuwste meting"
                      : "Expected on \(w.date(on)), the last day of the newest measurement's period")
                : (nl ? "Verwacht op \(w.date(on)), de dag van de nieuwste meting waarop de waarde rust (opgaven komen eens per jaar)"
                      : "Expected on \(w.date(on)), the day of the newest measurement the value rests on (returns come once a year)")
            return nl
                ? "\(when): de rechte lijn van \(start)\(w.expectation(from.value, unit: target.unit)) op \(w.date(from.day)) naar \(w.amount(to.value, unit: target.unit, measured: target.isMeasured)) op \(w.date(to.day)). Van de \(total) dagen zijn er \(elapsed) voorbij: \(a) + (\(b) − \(a)) × \(elapsed)/\(total) = \(Self.exact(expected, w)), getoond als \(shown); de status vergelijkt met het exacte getal."
                : "\(when): the straight line from \(start)\(w.expectation(from.value, unit: target.unit)) on \(w.date(from.day)) to \(w.amount(to.value, unit: target.unit, measured: target.isMeasured)) on \(w.date(to.day)). Of its \(total) days, \(elapsed) have passed: \(a) + (\(b) − \(a)) × \(elapsed)/\(total) = \(Self.exact(expected, w)), shown as \(shown); the status compares the exact number."
        }
    }

    /// The projection, as the rule made it.
    private func projectionStep(_ target: TargetReport, asOf: Day) -> String? {
        let w = words, nl = language == .nl
        guard let projection = target.projection else { return nil }
        let shown = target.isMeasured ? w.strictPair(value: projection, expected: target.target, unit: target.unit).value
            : w.pair(value: projection, expected: target.target, unit: target.unit).value
        switch target.projectionBasis {
        case .plan?:
            guard let year = target.years.first(where: { $0.expected != nil }) else { return nil }
            return nl
                ? "Prognose voor schooljaar \(year.schoolYear): gehouden \(w.number(year.value)) + gepland \(w.number(year.planned ?? 0)) = \(shown). Bijeenkomsten worden gepland, niet doorgetrokken als trend."
                : "Projection for school year \(year.schoolYear): held \(w.number(year.value)) + planned \(w.number(year.planned ?? 0)) = \(shown). Meetings are planned, not extended as a trend."
        case .pace?, .paceCapped?:
            guard let from = target.trajectory.expectedPath.first?.first, let value = target.value else { return nil }
            let total = from.day.days(to: target.deadline), elapsed = from.day.days(to: target.trajectory.expectedOn)
            let a = w.number(from.value)
            // As koers.projection: once the line's whole span has passed, the projection is the value itself.
            guard elapsed < total else {
                return nl ? "Prognose: de deadline is voorbij, dus de prognose is de waarde zelf: \(shown)."
                          : "Projection: the deadline has passed, so the projection is the value itself: \(shown)."
            }
            let straight = elapsed > 0 ? from.value + (value - from.value) * Double(total) / Double(elapsed) : value
            let capped = target.projectionBasis == .paceCapped
            return nl
                ? "Prognose: in \(elapsed) dagen ging het van \(a) naar \(w.number(value)); in dat tempo is het bij de deadline \(a) + (\(w.number(value)) − \(a)) × \(total)/\(elapsed) = \(Self.exact(straight, w))" + (capped ? ", begrensd op \(shown)." : ", getoond als \(shown).")
                : "Projection: in \(elapsed) days it went from \(a) to \(w.number(value)); at that pace it reaches \(a) + (\(w.number(value)) − \(a)) × \(total)/\(elapsed) = \(Self.exact(straight, w)) by the deadline" + (capped ? ", capped at \(shown)." : ", shown as \(shown).")
        case nil:
            return nl ? "Prognose bij de deadline: \(shown), zoals de regel die opgaf (de regel zei niet hoe)."
                      : "Projection at the deadline: \(shown), as the rule gave it (the rule did not say how)."
        }
    }

    /// A number with two decimals, for the unrounded line.
    static func exact(_ value: Double, _ words: Vocabulary) -> String {
        let hundredths = Int((abs(value) * 100).rounded())
        let text = "\(hundredths / 100)\(words.decimalSeparator)\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        return value < 0 ? "−" + text : text
    }
}
