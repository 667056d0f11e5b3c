import CovenantModel
import KoersPipeline
import ReportModel
import TargetJudgement

/// What a return would change in the party's self-check: each target whose line changes, with
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
}

extension SubmissionDesk {
    /// The party's self-check lines that `fields` would change, on `today`.
    public func preview(_ fields: [String: String], party: String, period: SchoolYear, today: Day) throws -> [PreviewLine] {
        let row = Self.row(fields, party: party, period: period, reportedOn: today, source: "portaal")
        let overlay = [AnnualReturn.table: try table(with: row).text]
        let pipeline = ReportPipeline(workspace: workspace, asOf: today, language: language)
        guard let now = pipeline.load().workspace,
              let then = ReportPipeline.load(workspace: workspace, language: language, overlay: overlay).workspace else { return [] }
        let before = pipeline.make(from: now, history: false).report, after = pipeline.make(from: then, history: false).report
        func check(_ report: Report) -> SelfCheck? {
            report.selfChecks.first { if case .school(let id) = $0.contributor { id == party } else { false } }
        }
        guard let old = check(before), let new = check(after) else { return [] }
        let words = after.words
        func own(_ row: SelfCheckRow?) -> String {
            guard let row else { return "–" }
            return [row.kind.map(words.contribution), row.detail].compactMap { $0 }.joined(separator: ": ")
        }
        func city(_ row: SelfCheckRow?) -> String {
            guard let row else { return "–" }
            return row.unit == "%" ? words.percent(row.cityValue) : words.number(row.cityValue) + (row.unit.map { " \($0)" } ?? "")
        }
        let oldRows = Dictionary(old.rows.map { ($0.targetID, $0) }, uniquingKeysWith: { first, _ in first })
        return new.rows.compactMap { row in
            let previous = oldRows[row.targetID]
            let line = PreviewLine(targetID: row.targetID, title: row.title, cityBefore: city(previous), cityAfter: city(row),
                                   ownBefore: own(previous), ownAfter: own(row))
            return line.cityBefore == line.cityAfter && line.ownBefore == line.ownAfter ? nil : line
        }
    }
}
