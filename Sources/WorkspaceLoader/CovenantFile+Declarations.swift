import CovenantModel
import Foundation

/// What covenant.yaml declares beyond Koers' own model: measured indicators (`indicators:`) and
/// the covenant's own tables (`tables:`).
extension CovenantFile {
    static let indicatorKeys = ["id", "title", "unit", "direction", "parties", "periods", "region", "weight", "freshness", "notes"]
    static let tableKeys = ["name", "file", "title", "dated_by", "key", "columns"]
    static let columnKeys = ["name", "type", "required", "values"]

    static func loadIndicators(_ top: YAMLMap, log: DiagnosticLog) -> [Indicator] {
        guard top.has("indicators") else { return [] }
        var seen: [String: SourceLocation] = [:]
        let indicators = top.list("indicators").compactMap { entry -> Indicator? in
            entry.rejectUnknownKeys(indicatorKeys)
            let id = entry.parsed("id", FieldParsing.id)
            let entry = id.map { entry.named(Bilingual(nl: "indicator '\($0)'", en: "indicator '\($0)'")) } ?? entry
            let title = entry.localized("title")
            let unit = loadUnit(entry)
            let direction = entry.parsed("direction") {
                FieldParsing.term($0, Indicator.Direction.self, what: Bilingual(nl: "richting (higher of lower: wat beter is)", en: "direction (higher or lower: which is better)"))
            }
            var kinds: [Indicator.PartyKind] = []
            let listed = entry.oneOrMore("parties")
            for (text, location) in listed {
                switch FieldParsing.term(text, Indicator.PartyKind.self, what: Bilingual(nl: "soort partij", en: "party kind")) {
                case .success(let kind): if !kinds.contains(kind) { kinds.append(kind) }
                case .failure(let failure):
                    log.error(location, Bilingual(nl: "\(entry.owner.nl): parties: \(failure.message.nl)", en: "\(entry.owner.en): parties: \(failure.message.en)"),
                              hint: failure.hint)
                }
            }
            if listed.isEmpty {
                entry.error("parties", Bilingual(nl: "waarde ontbreekt: voor wie wordt de indicator gemeten?", en: "missing: who is the indicator measured for?"),
                            hint: Bilingual(nl: "schrijf bijvoorbeeld 'parties: [region, institutions]' (region, schools, institutions, boards)",
                                            en: "write for example 'parties: [region, institutions]' (region, schools, institutions, boards)"))
            }
            let periods = entry.parsed("periods") { FieldParsing.term($0, PeriodKind.self, what: Bilingual(nl: "soort periode", en: "period kind")) }
            let region = entry.parsed("region", required: false) {
                FieldParsing.term($0, Indicator.RegionValue.self, what: Bilingual(nl: "manier om de regiowaarde te maken", en: "way to make the region's value"))
            }
            let weight = entry.parsed("weight", required: false, FieldParsing.id)
            let freshness = entry.parsed("freshness", required: false, parseFreshness)
            let notes = entry.localized("notes", required: false)
            if region == .weighted, weight == nil {
                entry.error("region", Bilingual(nl: "een gewogen regiowaarde heeft een gewicht nodig", en: "a weighted region value needs a weight"),
                            hint: Bilingual(nl: "noem onder 'weight' de indicator die weegt (bijvoorbeeld de instroom)",
                                            en: "name under 'weight' the indicator that weighs (for example the intake)"))
            }
            if weight != nil, region != .weighted {
                entry.error("weight", Bilingual(nl: "een gewicht hoort alleen bij 'region: weighted'", en: "a weight belongs only with 'region: weighted'"),
                            hint: Bilingual(nl: "zet 'region: weighted', of laat 'weight' weg", en: "set 'region: weighted', or leave 'weight' out"))
            }
            if region == .sum, unit.dutch?.other == "%" {
                // One mistake, one message: the check below would name the same line again.
                entry.error("region", Bilingual(nl: "percentages tellen niet op tot een regiowaarde", en: "percentages do not add up to a region's value"),
                            hint: Bilingual(nl: "gebruik 'region: weighted' (met het aantal leerlingen als gewicht) of 'region: mean'",
                                            en: "use 'region: weighted' (with the number of students as weight) or 'region: mean'"))
            } else if let region, kinds.filter({ $0 != .region }).count > 1 {
                entry.error("region", Bilingual(nl: "'region: \(region.rawValue)' zou waarden van verschillende soorten partijen samennemen (\(kinds.filter { $0 != .region }.map(\.rawValue).joined(separator: ", ")))",
                                                en: "'region: \(region.rawValue)' would combine values of different kinds of party (\(kinds.filter { $0 != .region }.map(\.rawValue).joined(separator: ", ")))"),
                            hint: Bilingual(nl: "een school en haar bestuur tellen dan dubbel; meet de regiowaarde zelf (een rij 'regio'), of noem onder 'parties' naast region één soort",
                                            en: "a school and its board would count twice; measure the region's value itself (a 'regio' row), or list one kind besides region under 'parties'"))
            } else if let region, !kinds.isEmpty, !kinds.contains(where: { $0 != .region }) {
                entry.error("region", Bilingual(nl: "'region: \(region.rawValue)' maakt de regiowaarde uit die van partijen, maar deze indicator wordt alleen voor de regio gemeten",
                                                en: "'region: \(region.rawValue)' makes the region's value from the parties', but this indicator is measured for the region only"),
                            hint: Bilingual(nl: "laat 'region' weg, of noem onder 'parties' ook schools, institutions of boards",
                                            en: "leave 'region' out, or list schools, institutions or boards under 'parties' too"))
            }
            guard let id, let title, let direction, let periods, !kinds.isEmpty else { return nil }
            if let earlier = seen[id] {
                entry.error("id", Bilingual(nl: "'\(id)' is al de id van de indicator in \(earlier)", en: "'\(id)' is already the id of the indicator at \(earlier)"),
                            hint: Bilingual(nl: "geef elke indicator een eigen id", en: "give each indicator its own id"))
                return nil
            }
            seen[id] = entry.location
            var indicator = Indicator(id: id, title: title.text, unit: unit.dutch?.other, direction: direction, parties: kinds,
                                      periods: periods, region: region, weight: weight, freshness: freshness, source: entry.location)
            indicator.englishTitle = title.english
            indicator.unitSingular = unit.dutch?.one
            indicator.englishUnit = unit.english?.other
            indicator.englishUnitSingular = unit.english?.one
            indicator.notes = notes?.text
            indicator.englishNotes = notes?.english
            return indicator
        }
        // A weight must be another indicator measured for the same parties and periods.
        let byID = Dictionary(indicators.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for indicator in indicators where indicator.region == .weighted {
            guard let weight = indicator.weight else { continue }
            guard let weighing = byID[weight], weight != indicator.id else {
                log.error(indicator.source, Bilingual(nl: "indicator '\(indicator.id)': weight: '\(weight)' is geen andere indicator",
                                                      en: "indicator '\(indicator.id)': weight: '\(weight)' is not another indicator")
                                                .appending(Suggestion.didYouMeanInBoth(weight, in: byID.keys.filter { $0 != indicator.id }.sorted())),
                          hint: Bilingual(nl: "declareer de indicator die weegt (bijvoorbeeld de instroom) onder 'indicators'",
                                          en: "declare the weighing indicator (for example the intake) under 'indicators'"))
                continue
            }
            if weighing.periods != indicator.periods || !Set(indicator.parties).subtracting([.region]).isSubset(of: Set(weighing.parties)) {
                log.error(indicator.source, Bilingual(nl: "indicator '\(indicator.id)': weight: '\(weight)' wordt niet voor dezelfde partijen en periodes gemeten",
                                                      en: "indicator '\(indicator.id)': weight: '\(weight)' is not measured for the same parties and periods"),
                          hint: Bilingual(nl: "een gewicht hoort bij elke partij en periode van de indicator; geef beide dezelfde 'parties' en 'periods'",
                                          en: "a weight belongs with every party and period of the indicator; give both the same 'parties' and 'periods'"))
            }
        }
        return indicators
    }

    static func loadTables(_ top: YAMLMap, log: DiagnosticLog) -> [DeclaredTable] {
        guard top.has("tables") else { return [] }
        let builtIn = Set(StateTables.all.map { String($0.file.split(separator: "/").last!.dropLast(4)) })
        var names: [String: SourceLocation] = [:]
        // Compared in lower case: on a disk that ignores case (macOS) Schools.csv is schools.csv.
        var files: Set<String> = Set((StateTables.all + [CovenantTables.measurements]).map { $0.file.lowercased() })
        return top.list("tables").compactMap { entry -> DeclaredTable? in
            entry.rejectUnknownKeys(tableKeys)
            let name = entry.parsed("name", FieldParsing.id)
            let entry = name.map { entry.named(Bilingual(nl: "tabel '\($0)'", en: "table '\($0)'")) } ?? entry
            if let name, builtIn.contains(name.lowercased().replacingOccurrences(of: "_", with: "-")) || name.lowercased() == "measurements" {
                entry.error("name", Bilingual(nl: "'\(name)' is al een tabel van Koers zelf", en: "'\(name)' is already one of Koers' own tables"),
                            hint: Bilingual(nl: "geef de tabel een eigen naam; Koers' tabellen staan in docs/workspace.md",
                                            en: "give the table a name of its own; Koers' tables are listed in docs/workspace.md"))
                return nil
            }
            let title = entry.localized("title", required: false)
            var file = name.map { "state/\($0).csv" }
            if let given = entry.string("file", required: false) {
                let parts = given.split(separator: "/")
                if !given.hasPrefix("state/") || !given.hasSuffix(".csv") || parts.count != 2 || parts.contains("..") {
                    entry.error("file", Bilingual(nl: "'\(given)' moet een .csv-bestand in state/ zijn", en: "'\(given)' must be a .csv file in state/"),
                                hint: Bilingual(nl: "schrijf bijvoorbeeld state/\(name ?? "tabel").csv", en: "write for example state/\(name ?? "table").csv"))
                    file = nil
                } else {
                    file = given
                }
            }
            var columns: [DeclaredTable.Column] = []
            let columnEntries = entry.list("columns")
            for (index, column) in columnEntries.enumerated() {
                let column = column.named(Bilingual(nl: "\(entry.owner.nl): columns[\(index + 1)]", en: "\(entry.owner.en): columns[\(index + 1)]"))
                column.rejectUnknownKeys(columnKeys)
                let columnName = column.parsed("name", FieldParsing.id).map { $0.lowercased() }
                let type = column.parsed("type") { FieldParsing.term($0, DeclaredTable.ColumnType.self, what: Bilingual(nl: "kolomtype", en: "column type")) }
                let required = column.parsed("required", required: false, FieldParsing.flag) ?? false
                let values = column.scalars("values").map(\.text)
                guard let columnName, let type else { continue }
                if ["source", "note", "example"].contains(columnName) || columns.contains(where: { $0.name == columnName }) {
                    column.error("name", Bilingual(nl: "kolom '\(columnName)' bestaat al in deze tabel", en: "column '\(columnName)' already exists in this table"),
                                 hint: Bilingual(nl: "elke kolom heeft een eigen naam; 'source' en 'note' heeft elke tabel al, en 'example' geeft Koers elke rij",
                                                 en: "each column has its own name; every table already has 'source' and 'note', and Koers gives every row 'example'"))
                    continue
                }
                if !values.isEmpty, ![.text, .list, .party, .parties, .route].contains(type) {
                    column.error("values", Bilingual(nl: "toegestane waarden horen bij tekst-, id- en lijstkolommen, niet bij \(type.rawValue)",
                                                     en: "allowed values belong with text, id and list columns, not with \(type.rawValue)"),
                                 hint: Bilingual(nl: "laat 'values' weg, of maak de kolom 'type: text'", en: "leave 'values' out, or make the column 'type: text'"))
                }
                columns.append(DeclaredTable.Column(name: columnName, type: type, isRequired: required, allowedValues: values, source: column.location))
            }
            if entry.has("columns"), columnEntries.isEmpty {
                entry.error("columns", Bilingual(nl: "een tabel heeft minstens één kolom nodig", en: "a table needs at least one column"),
                            hint: Bilingual(nl: "noem de kolommen, elk als '- {name: …, type: …}'", en: "list the columns, each as '- {name: …, type: …}'"))
            }
            let datedBy = entry.parsed("dated_by", required: false, FieldParsing.id)?.lowercased()
            if let datedBy, let column = columns.first(where: { $0.name == datedBy }) {
                if column.type != .date || !column.isRequired {
                    entry.error("dated_by", Bilingual(nl: "'\(datedBy)' moet een verplichte datumkolom zijn (type: date, required: true)",
                                                      en: "'\(datedBy)' must be a required date column (type: date, required: true)"),
                                hint: Bilingual(nl: "een rij telt vanaf de datum in die kolom, dus elke rij heeft er een nodig",
                                                en: "a row counts from the date in that column, so every row needs one"))
                }
            } else if let datedBy {
                entry.error("dated_by", Bilingual(nl: "'\(datedBy)' is geen kolom van deze tabel", en: "'\(datedBy)' is not a column of this table")
                                            .appending(Suggestion.didYouMeanInBoth(datedBy, in: columns.map(\.name))),
                            hint: Bilingual(nl: "noem een datumkolom uit 'columns'", en: "name a date column from 'columns'"))
            }
            var key: [String] = []
            for (column, location) in entry.oneOrMore("key") {
                guard let declared = columns.first(where: { $0.name == column.lowercased() }) else {
                    log.error(location, Bilingual(nl: "\(entry.owner.nl): key: '\(column)' is geen kolom van deze tabel", en: "\(entry.owner.en): key: '\(column)' is not a column of this table")
                                            .appending(Suggestion.didYouMeanInBoth(column, in: columns.map(\.name))),
                              hint: Bilingual(nl: "noem de kolommen die samen een rij aanwijzen, uit 'columns'", en: "name the columns that together identify a row, from 'columns'"))
                    continue
                }
                guard declared.isRequired, ![.list, .parties].contains(declared.type) else {
                    log.error(location, Bilingual(nl: "\(entry.owner.nl): key: '\(column)' moet een verplichte kolom met één waarde zijn",
                                                  en: "\(entry.owner.en): key: '\(column)' must be a required column with one value"),
                              hint: Bilingual(nl: "een sleutelkolom is in elke rij ingevuld (required: true) en geen lijst",
                                              en: "a key column is filled in on every row (required: true) and is not a list"))
                    continue
                }
                if !key.contains(declared.name) { key.append(declared.name) }
            }
            guard let name, let file, !columns.isEmpty else { return nil }
            if let earlier = names[name] {
                entry.error("name", Bilingual(nl: "'\(name)' is al de naam van de tabel in \(earlier)", en: "'\(name)' is already the name of the table at \(earlier)"),
                            hint: Bilingual(nl: "geef elke tabel een eigen naam", en: "give each table its own name"))
                return nil
            }
            guard files.insert(file.lowercased()).inserted else {
                entry.error("file", Bilingual(nl: "\(file) is al het bestand van een andere tabel", en: "\(file) is already the file of another table"),
                            hint: Bilingual(nl: "geef elke tabel een eigen bestand", en: "give each table a file of its own"))
                return nil
            }
            names[name] = entry.location
            var table = DeclaredTable(name: name, file: file, columns: columns, datedBy: datedBy, source: entry.location)
            table.key = key
            table.title = title?.text
            table.englishTitle = title?.english
            return table
        }
    }

    /// The indicator an indicator target follows (`indicator:`); an error for a missing or unknown
    /// one, or for `indicator:` on a target of another kind.
    static func loadTargetIndicator(_ entry: YAMLMap, kind: Target.Kind?, indicators: [Indicator]) -> Indicator? {
        let given = entry.parsed("indicator", required: false, FieldParsing.id)
        guard let kind else { return nil }
        guard kind.isIndicator else {
            if given != nil {
                entry.error("indicator", Bilingual(nl: "hoort alleen bij de soorten indicator-level, indicator-every-period en indicator-improvement",
                                                   en: "belongs only with the kinds indicator-level, indicator-every-period and indicator-improvement"),
                            hint: Bilingual(nl: "kies een van die soorten, of laat 'indicator' weg", en: "choose one of those kinds, or leave 'indicator' out"))
            }
            return nil
        }
        let known = indicators.map(\.id)
        guard let given else {
            entry.error("indicator", Bilingual(nl: "ontbreekt: welke indicator volgt dit doel?", en: "is missing: which indicator does this target follow?"),
                        hint: Bilingual(nl: "noem een indicator van 'indicators': " + (known.isEmpty ? "(er zijn er nog geen)" : known.joined(separator: ", ")),
                                        en: "name an indicator under 'indicators': " + (known.isEmpty ? "(there are none yet)" : known.joined(separator: ", "))))
            return nil
        }
        guard let indicator = indicators.first(where: { $0.id == given }) else {
            entry.error("indicator", Bilingual(nl: "onbekende indicator '\(given)'", en: "unknown indicator '\(given)'")
                                         .appending(Suggestion.didYouMeanInBoth(given, in: known)),
                        hint: Bilingual(nl: "declareer de indicator onder 'indicators', of verbeter de id", en: "declare it under 'indicators', or correct the id"))
            return nil
        }
        return indicator
    }

    /// `baseline: {period: 2023-24}`: the period whose region value is an indicator target's
    /// baseline. A level or improvement needs it or `baseline.value`.
    static func loadBaselinePeriod(_ baseline: YAMLMap?, kind: Target.Kind?, indicator: Indicator?) -> Period? {
        guard let baseline else { return nil }
        guard let kind, kind.isIndicator else {
            if baseline.has("period") {
                baseline.error("period", Bilingual(nl: "een periode als nulmeting hoort alleen bij een indicatordoel", en: "a baseline period belongs only with an indicator target"),
                               hint: Bilingual(nl: "schrijf de nulmeting als 'value' en 'date'", en: "write the baseline as 'value' and 'date'"))
            }
            return nil
        }
        guard let indicator else { return nil }
        let period = baseline.parsed("period", required: false) { FieldParsing.period($0, indicator.periods) }
        if period == nil, !baseline.has("period"), !baseline.has("value"), kind != .indicatorEveryPeriod {
            baseline.error("period", Bilingual(nl: "ontbreekt: van welke periode is de nulmeting?", en: "is missing: which period is the baseline?"),
                           hint: Bilingual(nl: "schrijf bijvoorbeeld 'baseline: {period: 2023-24}' (de regiowaarde van die periode), of geef 'value'",
                                           en: "write for example 'baseline: {period: 2023-24}' (the region's value of that period), or give 'value'"))
        }
        return period
    }
}
