import CovenantModel
import KoersPipeline
import ReportModel
import TargetJudgement

/// What a submission would change in the party's self-check: each target whose line changes, with
/// the city's value and the party's own contribution before and after ("met deze opgave:
/// lob-voorlichting 93% → 97%"). Made by the report's own pipeline, once on the workspace as it
/// is and once as if the return were approved, so the preview is the status after approval.
public struct PreviewLine: Sendable, Equatable {
    public var targetID: String
    public var title: String
    /// The city's value, as the report shows it, before and after.
    public var cityBefore: String
    public var cityAfter: String
    /// The party's own line (its contribution and detail), before and after.
    public var ownBefore: String
    public var ownAfter: String
    /// What the covenant's whole is called in the report: "Stad" or "Regio".
    public var cityLabel: String
}

extension SubmissionDesk {
    /// The party's self-check line per target as the report shows it on `today`: the city's
    /// value and the party's own part.
    public struct StatusLine: Sendable, Equatable {
        public var title: String
        public var city: String
        public var own: String
        /// "Stad" or "Regio", as the report names the covenant's whole.
        public var cityLabel: String
    }

    /// The party's self-check now, by target id: what a preview's "after" becomes once approved.
    public func status(party: String, today: Day) -> [String: StatusLine] {
        let pipeline = ReportPipeline(workspace: workspace, asOf: today, language: language)
        guard let loaded = pipeline.load().workspace else { return [:] }
        return Self.lines(pipeline.make(from: loaded, history: false).report, party: party)
    }

    /// The party's self-check lines that `values` would change, on `today`.
    public func preview(_ values: [String: String], form: SubmissionForm = .annualReturn, party: String, period: String, today: Day) throws -> [PreviewLine] {
        let row = form.row(form.values(values), party: party, period: period, day: today, source: "portaal", current: try currentTable(form))
        let overlay = [form.table: try table(form, with: row).text]
        let pipeline = ReportPipeline(workspace: workspace, asOf: today, language: language)
        guard let then = ReportPipeline.load(workspace: workspace, language: language, overlay: overlay).workspace else { return [] }
        let before = status(party: party, today: today)
        let after = Self.lines(pipeline.make(from: then, history: false).report, party: party)
        return after.keys.sorted().compactMap { target in
            let new = after[target]!, old = before[target]
            guard old != new else { return nil }
            return PreviewLine(targetID: target, title: new.title, cityBefore: old?.city ?? "–", cityAfter: new.city,
                               ownBefore: old?.own ?? "–", ownAfter: new.own, cityLabel: new.cityLabel)
        }
    }

    static func lines(_ report: Report, party: String) -> [String: StatusLine] {
        guard let check = report.selfChecks.first(where: { $0.contributor.id == party })
        else { return [:] }
        let words = report.words
        return Dictionary(check.rows.map { row in
            let own = [row.kind.map(words.contribution), row.detail].compactMap { $0 }.joined(separator: ": ")
            let city = row.measured ? words.amount(row.cityValue, unit: row.unit, measured: true)
                : row.unit == "%" ? words.percent(row.cityValue) : words.number(row.cityValue) + (row.unit.map { " \($0)" } ?? "")
            return (row.targetID, StatusLine(title: row.title, city: city, own: own.isEmpty ? "–" : own, cityLabel: words.labels["city"]!))
        }, uniquingKeysWith: { first, _ in first })
    }
}
