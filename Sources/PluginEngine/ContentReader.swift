import CovenantModel
import LuaHost
import ReportModel

/// Reads what `checks` and `sections` return into the report model, with the exact path of
/// anything malformed (`sections[1].blocks[2].rows[3][1] must be text or a number, not a table`).
enum ContentReader {
    typealias Mismatch = LuaShape.Mismatch

    static let findingFields = ["severity", "message", "source"]
    static let sectionFields = ["title", "blocks"]
    static let blockFields: [String: [String]] = [
        "heading": ["type", "text"], "paragraph": ["type", "text"],
        "table": ["type", "columns", "rows"], "bars": ["type", "title", "unit", "items"],
    ]

    /// `{ { severity = "problem", message = "…", source = route.source }, … }`.
    static func findings(_ value: LuaValue, plugin: String) throws(Mismatch) -> [DataCheckFinding] {
        try LuaShape.list(value, "checks") { item, path throws(Mismatch) in
            let record = try fields(item, path, allowed: findingFields)
            let severityText = try LuaShape.text(record["severity"], "\(path).severity") ?? "warning"
            guard let severity = DataCheckFinding.Severity(rawValue: severityText) else {
                let names = DataCheckFinding.Severity.allCases.map(\.rawValue)
                throw Mismatch(message: "\(path).severity '\(severityText)' is not a severity" + Suggestion.didYouMean(severityText, in: names),
                               hint: "use one of: " + names.joined(separator: ", "))
            }
            return DataCheckFinding(plugin: plugin, severity: severity,
                                    message: try LuaShape.text(record["message"], "\(path).message", required: true)!,
                                    source: try LuaShape.text(record["source"], "\(path).source"))
        }
    }

    /// `{ { title = "…", blocks = { { type = "paragraph", text = "…" }, … } }, … }`.
    static func sections(_ value: LuaValue, plugin: String) throws(Mismatch) -> [ReportSection] {
        let sections = try LuaShape.list(value, "sections") { item, path throws(Mismatch) in
            let record = try fields(item, path, allowed: sectionFields)
            let title = try LuaShape.text(record["title"], "\(path).title", required: true)!
            let blocks = try LuaShape.list(record["blocks"], "\(path).blocks") { block, blockPath throws(Mismatch) in
                try self.block(block, blockPath)
            }
            return (title, blocks)
        }
        return sections.enumerated().map { index, section in
            ReportSection(id: "\(plugin)-\(index + 1)", title: section.0, plugin: plugin, blocks: section.1)
        }
    }

    private static func block(_ value: LuaValue, _ path: String) throws(Mismatch) -> ContentBlock {
        let kinds = blockFields.keys.sorted()
        let typeText = try LuaShape.text(LuaShape.record(value, path)["type"], "\(path).type", required: true)!
        guard let allowed = blockFields[typeText] else {
            throw Mismatch(message: "\(path).type '\(typeText)' is not a kind of block" + Suggestion.didYouMean(typeText, in: kinds),
                           hint: "use one of: " + kinds.joined(separator: ", "))
        }
        let record = try fields(value, path, allowed: allowed)
        switch typeText {
        case "heading": return .heading(try LuaShape.text(record["text"], "\(path).text", required: true)!)
        case "paragraph": return .paragraph(try LuaShape.text(record["text"], "\(path).text", required: true)!)
        case "table":
            let columns = try LuaShape.list(record["columns"], "\(path).columns") { item, itemPath throws(Mismatch) in
                try LuaShape.text(item, itemPath, required: true)!
            }
            guard !columns.isEmpty else { throw Mismatch(message: "\(path).columns is empty", hint: "name the table's columns: columns = { \"School\", \"Routes\" }") }
            let rows = try LuaShape.list(record["rows"], "\(path).rows") { row, rowPath throws(Mismatch) in
                let cells = try LuaShape.list(row, rowPath) { cell, cellPath throws(Mismatch) in try self.cell(cell, cellPath) }
                guard cells.count == columns.count else {
                    throw Mismatch(message: "\(rowPath) has \(cells.count) cells, but the table has \(columns.count) columns",
                                   hint: "give every row one value per column; use \"\" for an empty cell")
                }
                return cells
            }
            return .table(columns: columns, rows: rows)
        default:
            let items = try LuaShape.list(record["items"], "\(path).items") { item, itemPath throws(Mismatch) in
                let bar = try fields(item, itemPath, allowed: ["label", "value"])
                let value = try LuaShape.number(bar["value"], "\(itemPath).value", required: true)!
                guard value >= 0 else { throw Mismatch(message: "\(itemPath).value is negative", hint: "bars show counts and shares, zero or more") }
                return ContentBlock.Bar(label: try LuaShape.text(bar["label"], "\(itemPath).label", required: true)!, value: value)
            }
            return .bars(title: try LuaShape.text(record["title"], "\(path).title"), unit: try LuaShape.text(record["unit"], "\(path).unit"), items: items)
        }
    }

    private static func cell(_ value: LuaValue, _ path: String) throws(Mismatch) -> ContentBlock.Cell {
        switch value {
        case .string(let text): return .text(text)
        case .integer, .number: return .number(try LuaShape.number(value, path)!)
        case .boolean(let flag): return .text(flag ? "✓" : "–")
        default: throw Mismatch(message: "\(path) must be text or a number, not \(LuaShape.describe(value))")
        }
    }

    /// A table with named fields, none but `allowed`.
    private static func fields(_ value: LuaValue, _ path: String, allowed: [String]) throws(Mismatch) -> [String: LuaValue] {
        let record = try LuaShape.record(value, path)
        for key in record.keys.sorted() where !allowed.contains(key) {
            throw Mismatch(message: "\(path).\(key) is not a known field" + Suggestion.didYouMean(key, in: allowed),
                           hint: "the fields here are: " + allowed.joined(separator: ", "))
        }
        return record
    }
}
