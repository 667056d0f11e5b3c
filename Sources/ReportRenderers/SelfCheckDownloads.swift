import Foundation
import ReportModel

/// Each school's and institution's self-check on its own, as files to download: a CSV that Excel
/// opens (`schools/<page>.csv`) and JSON for a school's own systems (`schools/<page>.json`). They
/// hold what the self-check page shows — the party's own rows and the city's totals — and
/// nothing of another party, so that the portal can hand them to the party itself.
public struct SelfCheckDownloads: Reporter {
    public init() {}

    public func render(_ report: Report) throws -> [RenderedFile] {
        let dutch = report.language == .nl
        let table = CSVTable(separator: dutch ? ";" : ",", decimal: dutch ? "," : ".")
        let words = report.words
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let header = dutch
            ? ["doel", "titel", "uw_bijdrage", "toelichting", "gevraagd_voor", "stad_status", "stad_reden", "stad_waarde", "stad_doelwaarde",
               "eenheid", "scholen_die_bijdragen", "fout"]
            : ["target", "title", "your_contribution", "detail", "asked_by", "city_status", "city_reason", "city_value", "city_target_value",
               "unit", "schools_contributing", "error"]
        var files: [RenderedFile] = []
        for check in report.selfChecks {
            let rows = check.rows.map { row in
                [row.targetID, row.title, row.kind.map(words.contribution) ?? "", row.detail ?? "", row.askedBy.description,
                 words.status(row.cityStatus), row.cityReason ?? "", table.number(row.cityValue), table.number(row.cityTarget),
                 row.unit ?? "", String(row.cityContributing), row.failure?.description ?? ""]
            }
            files.append(RenderedFile(path: "schools/\(check.pageName).csv", contents: table.file([header] + rows)))
            let document = JSONReporter.SelfCheckDocument(report: report, check: check)
            files.append(RenderedFile(path: "schools/\(check.pageName).json", contents: Array(try encoder.encode(document)) + [0x0A]))
        }
        return files
    }
}
