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

/// Makes an ``Explanation`` from a target's part of the report. It never runs a rule: it
/// retraces, with the report's numbers, the arithmetic of Koers' default method, and says so
/// when the rule decided on its own grounds.
public struct ExplanationBuilder: Sendable {
    public let language: Language
    public init(language: Language) { self.language = language }

    public func explain(_ target: TargetReport, asOf: Day) -> Explanation {
        let w = language.words
        let nl = language == .nl
        let unit = target.unit
        func q(_ value: Double?) -> String { w.quantity(value, unit: unit) }
        func n(_ value: Double) -> String { w.number(value) }
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
        steps.append(nl ? "Waarde op \(w.date(asOf)): \(q(target.value))." : "Value on \(w.date(asOf)): \(q(target.value)).")

        // The line: expected now.
        let baseline = target.baselineValue ?? 0
        let total = target.baselineDate.days(to: target.deadline)
        let elapsed = max(0, min(total, target.baselineDate.days(to: asOf)))
        let exact = total > 0 ? baseline + (target.target - baseline) * Double(elapsed) / Double(total) : target.target
        let line = exact.rounded(.down)
        if let expected = target.expected {
            if abs(expected - line) < 1e-9 {
                steps.append(nl
                    ? "Verwacht nu: de rechte lijn van \(q(baseline)) op \(w.date(target.baselineDate)) naar \(q(target.target)) op \(w.date(target.deadline)). Van de \(total) dagen zijn er \(elapsed) voorbij: \(n(baseline)) + (\(n(target.target)) − \(n(baseline))) × \(elapsed)/\(total) = \(Self.exact(exact, w)), naar beneden afgerond \(q(line))."
                    : "Expected now: the straight line from \(q(baseline)) on \(w.date(target.baselineDate)) to \(q(target.target)) on \(w.date(target.deadline)). Of its \(total) days, \(elapsed) have passed: \(n(baseline)) + (\(n(target.target)) − \(n(baseline))) × \(elapsed)/\(total) = \(Self.exact(exact, w)), rounded down \(q(line)).")
            } else {
                steps.append(nl
                    ? "Verwacht nu: \(q(expected)), zoals de regel het berekent (niet de rechte lijn, die op \(q(line)) zou staan): zie de methode hierboven en de toelichting."
                    : "Expected now: \(q(expected)), as the rule computes it (not the straight line, which would stand at \(q(line))): see the method above and the notes.")
            }
        }

        // The projection.
        if let projection = target.projection, let value = target.value, elapsed > 0 {
            let straight = baseline + (value - baseline) * Double(total) / Double(elapsed)
            steps.append(abs(straight - projection) < 0.5
                ? (nl ? "Prognose: in \(elapsed) dagen ging het van \(n(baseline)) naar \(n(value)); in dat tempo is het bij de deadline \(n(baseline)) + (\(n(value)) − \(n(baseline))) × \(total)/\(elapsed) = \(q(projection))."
                      : "Projection: in \(elapsed) days it went from \(n(baseline)) to \(n(value)); at that pace it reaches \(n(baseline)) + (\(n(value)) − \(n(baseline))) × \(total)/\(elapsed) = \(q(projection)) by the deadline.")
                : (nl ? "Prognose bij de deadline: \(q(projection)), zoals de regel die berekent (het tempo van het lopende schooljaar)."
                      : "Projection at the deadline: \(q(projection)), as the rule computes it (the pace of the running school year)."))
        }

        steps.append(statusStep(target, asOf: asOf, q: q))
        for finding in target.findings { steps.append((nl ? "Bevinding: " : "Finding: ") + finding.message) }
        for waiver in target.waivers { steps.append((nl ? "Vrijstelling: " : "Waiver: ") + waiver) }
        for note in target.notes { steps.append((nl ? "Toelichting: " : "Note: ") + note) }
        return Explanation(targetID: target.id, title: target.title, steps: steps)
    }

    /// Which threshold of Koers' status rule gave the status; or that the rule decided otherwise.
    private func statusStep(_ target: TargetReport, asOf: Day, q: (Double?) -> String) -> String {
        let nl = language == .nl
        let label = "'\(language.words.status(target.status))'"
        guard let value = target.value, let expected = target.expected else {
            return nl ? "Status \(label): de regel gaf geen waarde of verwachting; zie de bevindingen."
                      : "Status \(label): the rule gave no value or expectation; see the findings."
        }
        let reached = target.projection.map { $0 >= target.target } ?? false
        let (retraced, reason): (TargetStatus, String)
        if value >= target.target {
            (retraced, reason) = (.achieved, nl ? "de waarde \(q(value)) haalt het doel \(q(target.target))" : "the value \(q(value)) reaches the target \(q(target.target))")
        } else if asOf > target.deadline {
            (retraced, reason) = (.behind, nl ? "de deadline is voorbij en het doel is niet gehaald" : "the deadline has passed and the target is not reached")
        } else if value >= expected {
            (retraced, reason) = (.onTrack, nl ? "de waarde \(q(value)) is minstens de verwachte \(q(expected))" : "the value \(q(value)) is at least the expected \(q(expected))")
        } else if reached || value >= expected - 1 {
            (retraced, reason) = (.atRisk, reached
                ? (nl ? "de waarde ligt onder de lijn, maar de prognose \(q(target.projection)) haalt het doel nog" : "the value is below the line, but the projection \(q(target.projection)) still reaches the target")
                : (nl ? "de waarde ligt één eenheid onder de verwachte \(q(expected))" : "the value is one unit below the expected \(q(expected))"))
        } else {
            (retraced, reason) = (.behind, nl ? "de waarde ligt meer dan één eenheid onder de lijn en de prognose haalt het doel niet" : "the value is more than one unit below the line and the projection does not reach the target")
        }
        if retraced == target.status {
            return nl ? "Status \(label), omdat \(reason)." : "Status \(label), because \(reason)."
        }
        return nl
            ? "Status \(label): de regel besliste op eigen gronden (de standaarddrempels zouden '\(language.words.status(retraced))' geven, omdat \(reason)); zie de bevindingen en de toelichting."
            : "Status \(label): the rule decided on its own grounds (the default thresholds would give '\(language.words.status(retraced))', because \(reason)); see the findings and notes."
    }

    /// A number with two decimals, for the unrounded line.
    static func exact(_ value: Double, _ words: Vocabulary) -> String {
        let hundredths = Int((abs(value) * 100).rounded())
        let text = "\(hundredths / 100)\(words.decimalSeparator)\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        return value < 0 ? "−" + text : text
    }
}
