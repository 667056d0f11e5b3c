import CovenantModel

/// The ids of the parties in `state/` that measurements and declared tables may name.
struct KnownParties {
    var schools: Set<String>
    var institutions: Set<String>
    var boards: Set<String>
    /// Not a party: the routes, which a declared table's `route` column names.
    var routes: Set<String> = []
    /// Ids of rows that could not be read: a reference to one was reported with the row, not again.
    var unreadable: Set<String> = []

    var all: [String] { (schools.union(institutions).union(boards)).sorted() }

    /// `id` as a party of one of `kinds`, tried in that order.
    func party(_ id: String, among kinds: [Indicator.PartyKind]) -> MeasuredParty? {
        for kind in kinds {
            switch kind {
            case .schools where schools.contains(id): return .school(id)
            case .institutions where institutions.contains(id): return .institution(id)
            case .boards where boards.contains(id): return .board(id)
            default: continue
            }
        }
        return nil
    }

    /// What `id` is, in words, when it is a party at all: "een bestuur", "a board".
    func kindName(of id: String) -> Bilingual? {
        if schools.contains(id) { return Bilingual(nl: "een vo-school", en: "a vo school") }
        if institutions.contains(id) { return Bilingual(nl: "een mbo-instelling", en: "an mbo institution") }
        if boards.contains(id) { return Bilingual(nl: "een bestuur", en: "a board") }
        return nil
    }
}

/// The tables a covenant brings for itself: `state/measurements.csv`, whose rows are checked
/// against the indicators covenant.yaml declares, and the tables it declares under `tables:`.
/// Both are read after Koers' own tables, since their rows name the parties those hold.
enum CovenantTables {
    static let measurements = TableSpec("state/measurements.csv", required: ["indicator", "party", "period", "value"],
                                        optional: ["unit", "published", "source"], isOptional: true)

    /// The spec a declared table's file is read with: its columns, then `source` and `note`.
    static func spec(of table: DeclaredTable) -> TableSpec {
        TableSpec(table.file, required: table.columns.filter(\.isRequired).map(\.name),
                  optional: table.columns.filter { !$0.isRequired }.map(\.name) + ["source"], isOptional: true)
    }

    private static let partyKindNames: [Indicator.PartyKind: Bilingual] = [
        .region: Bilingual(nl: "de regio (regio)", en: "the region (regio)"), .schools: Bilingual(nl: "vo-scholen", en: "vo schools"),
        .institutions: Bilingual(nl: "mbo-instellingen", en: "mbo institutions"), .boards: Bilingual(nl: "besturen", en: "boards"),
    ]

    static func measurements(_ rows: [Row], covenant: Covenant, parties: KnownParties, log: DiagnosticLog) -> [MeasuredValue] {
        let indicators = Dictionary(covenant.indicators.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: Int] = [:]
        var measurements: [MeasuredValue] = []
        let weighing = Set(covenant.indicators.compactMap { $0.region == .weighted ? $0.weight : nil })
        for row in rows {
            guard let measurement = measurement(row, indicators: indicators, weights: weighing, parties: parties) else { continue }
            let key = "\(measurement.indicator)\u{1}\(measurement.party.id)\u{1}\(measurement.period)"
            if let earlier = seen[key] {
                row.log.error(row.location(of: "period"),
                              Bilingual(nl: "\(measurement.indicator) van \(measurement.party.id) over \(measurement.period) staat er al, op regel \(earlier)",
                                        en: "\(measurement.indicator) of \(measurement.party.id) for \(measurement.period) is already given, on line \(earlier)"),
                              hint: Bilingual(nl: "houd één meting per indicator, partij en periode; zet een correctie in plaats van de oude waarde",
                                              en: "keep one measurement per indicator, party and period; put a correction in place of the old value"))
                continue
            }
            seen[key] = row.line
            measurements.append(measurement)
        }
        // A weighted region value needs the weight of every party it weighs.
        let given = Set(measurements.map { "\($0.indicator)\u{1}\($0.party.id)\u{1}\($0.period)" })
        for measurement in measurements where measurement.party != .region {
            guard let indicator = indicators[measurement.indicator], indicator.region == .weighted, let weight = indicator.weight,
                  indicators[weight] != nil,
                  !given.contains("\(weight)\u{1}\(measurement.party.id)\u{1}\(measurement.period)") else { continue }
            log.error(measurement.source, Bilingual(nl: "\(measurement.indicator) van \(measurement.party.id) over \(measurement.period) heeft geen gewicht: \(weight) ontbreekt voor die partij en periode",
                                                    en: "\(measurement.indicator) of \(measurement.party.id) for \(measurement.period) has no weight: \(weight) is missing for that party and period"),
                      hint: Bilingual(nl: "voeg een rij '\(weight);\(measurement.party.id);\(measurement.period);…' toe; de regiowaarde weegt elke partij daarmee",
                                      en: "add a row '\(weight);\(measurement.party.id);\(measurement.period);…'; the region's value weighs each party by it"))
        }
        return measurements
    }

    /// `weights`: the indicators that weigh another's region value, whose values are 0 or more.
    private static func measurement(_ row: Row, indicators: [String: Indicator], weights: Set<String>, parties: KnownParties) -> MeasuredValue? {
        guard let id = row.id("indicator") else { return nil }
        guard let indicator = indicators[id] else {
            let known = indicators.keys.sorted()
            row.log.error(row.location(of: "indicator"), Bilingual(nl: "indicator: onbekende indicator '\(id)'", en: "indicator: unknown indicator '\(id)'")
                                                            .appending(Suggestion.didYouMeanInBoth(id, in: known)),
                          hint: Bilingual(nl: "declareer de indicator onder 'indicators' in covenant.yaml" + (known.isEmpty ? "" : " (nu: \(known.joined(separator: ", ")))"),
                                          en: "declare it under 'indicators' in covenant.yaml" + (known.isEmpty ? "" : " (now: \(known.joined(separator: ", ")))")))
            return nil
        }
        let measuredFor = indicator.parties.map { partyKindNames[$0]! }
        let measuredForText = Bilingual(nl: measuredFor.map(\.nl).joined(separator: ", "), en: measuredFor.map(\.en).joined(separator: ", "))
        var party: MeasuredParty?
        if let text = row.required("party", what: Bilingual(nl: "de id van een school, instelling of bestuur, of 'regio'",
                                                             en: "the id of a school, institution or board, or 'regio'")) {
            if ["regio", "region"].contains(text.lowercased()) {
                party = .region
                if !indicator.parties.contains(.region) {
                    row.log.error(row.location(of: "party"), Bilingual(nl: "party: \(id) wordt niet voor de regio als geheel gemeten, maar voor \(measuredForText.nl)",
                                                                       en: "party: \(id) is not measured for the region as a whole, but for \(measuredForText.en)"),
                                  hint: Bilingual(nl: "noem een partij van die soort, of voeg 'region' toe aan 'parties' van de indicator",
                                                  en: "name a party of that kind, or add 'region' to the indicator's 'parties'"))
                    party = nil
                }
            } else if let found = parties.party(text, among: indicator.parties) {
                party = found
            } else if parties.unreadable.contains(text) {
                // The row of this party could not be read; it was reported there.
            } else if let kind = parties.kindName(of: text) {
                row.log.error(row.location(of: "party"), Bilingual(nl: "party: '\(text)' is \(kind.nl); \(id) wordt gemeten voor \(measuredForText.nl)",
                                                                   en: "party: '\(text)' is \(kind.en); \(id) is measured for \(measuredForText.en)"),
                              hint: Bilingual(nl: "noem een partij van die soort, of voeg de soort toe aan 'parties' van de indicator in covenant.yaml",
                                              en: "name a party of that kind, or add the kind to the indicator's 'parties' in covenant.yaml"))
            } else {
                row.log.error(row.location(of: "party"), Bilingual(nl: "party: onbekende partij '\(text)'", en: "party: unknown party '\(text)'")
                                                            .appending(Suggestion.didYouMeanInBoth(text, in: parties.all + ["regio"])),
                              hint: Bilingual(nl: "gebruik de id uit state/schools.csv, institutions.csv of boards.csv, of 'regio' voor de hele regio",
                                              en: "use the id from state/schools.csv, institutions.csv or boards.csv, or 'regio' for the whole region"))
            }
        }
        let period = row.required("period", what: Bilingual(nl: "de periode van de meting", en: "the period measured")).flatMap {
            row.report("period", FieldParsing.period($0, indicator.periods))
        }
        let value = row.required("value", what: Bilingual(nl: "de gemeten waarde, zoals 7,5", en: "the value measured, such as 7.5")).flatMap {
            row.report("value", FieldParsing.decimal($0))
        }
        var valid = true
        if let value, value < 0, weights.contains(id) {
            row.log.error(row.location(of: "value"), Bilingual(nl: "value: \(CovenantFile.format(value)) is negatief, maar \(id) weegt de regiowaarde van een andere indicator",
                                                               en: "value: \(CovenantFile.format(value)) is negative, but \(id) weighs another indicator's region value"),
                          hint: Bilingual(nl: "een gewicht (zoals het aantal leerlingen) is 0 of meer", en: "a weight (such as a number of students) is 0 or more"))
            valid = false
        }
        if let value, indicator.isPercentage, !(0...100).contains(value) {
            row.log.error(row.location(of: "value"), Bilingual(nl: "value: \(CovenantFile.format(value)) is geen percentage (0 tot en met 100)",
                                                               en: "value: \(CovenantFile.format(value)) is not a percentage (0 to 100)"),
                          hint: Bilingual(nl: "schrijf het percentage zelf, zoals 7,5 voor 7,5%; een aandeel als 0,075 is hier 7,5",
                                          en: "write the percentage itself, such as 7.5 for 7.5%; a share written 0.075 is 7.5 here"))
            valid = false
        }
        if let unit = row.text("unit") {
            let accepted = [indicator.unit, indicator.unitSingular, indicator.englishUnit, indicator.englishUnitSingular].compactMap { $0 }
            if !accepted.contains(where: { $0.lowercased() == unit.lowercased() }) {
                row.log.error(row.location(of: "unit"), Bilingual(nl: "unit: '\(unit)' is niet de eenheid van \(id) (\(indicator.unit ?? "geen"))",
                                                                  en: "unit: '\(unit)' is not the unit of \(id) (\(indicator.unit ?? "none"))"),
                              hint: Bilingual(nl: "reken de waarde om naar \(indicator.unit ?? "de eenheid van de indicator"), of laat de kolom leeg",
                                              en: "convert the value to \(indicator.unit ?? "the indicator's unit"), or leave the column empty"))
                valid = false
            }
        }
        let published = row.day("published", required: false)
        if let published, let period, published < period.first {
            row.log.error(row.location(of: "published"), Bilingual(nl: "published: \(published) ligt vóór het begin van \(period) (\(period.first))",
                                                                   en: "published: \(published) is before \(period) began (\(period.first))"),
                          hint: Bilingual(nl: "een meting over een periode is pas na het begin ervan bekend; controleer de datum en de periode",
                                          en: "a period's figure is known only after it began; check the date and the period"))
            valid = false
        }
        guard valid, let party, let period, let value else { return nil }
        return MeasuredValue(indicator: id, party: party, period: period, value: value, published: published ?? period.last,
                           origin: row.text("source"), note: row.text("note"), source: row.location)
    }

    static func rows(_ rows: [Row], of table: DeclaredTable, parties: KnownParties) -> [DeclaredRow] {
        var keys: [[DeclaredValue]: Int] = [:]
        return rows.compactMap { row in
            var values: [String: DeclaredValue] = [:]
            var valid = true
            for column in table.columns {
                let text = column.isRequired ? row.required(column.name, what: what(column)) : row.text(column.name)
                guard let text else {
                    if column.isRequired { valid = false }
                    continue
                }
                guard let value = value(text, of: column, in: row, parties: parties) else {
                    valid = false
                    continue
                }
                values[column.name] = value
            }
            guard valid else { return nil }
            if !table.key.isEmpty {
                let key = table.key.compactMap { values[$0] }
                if let earlier = keys[key] {
                    let named = table.key.joined(separator: ", ")
                    row.log.error(row.location(of: table.key[0]), Bilingual(nl: "deze rij heeft dezelfde \(named) als regel \(earlier)",
                                                                            en: "this row has the same \(named) as line \(earlier)"),
                                  hint: Bilingual(nl: "houd één rij per \(named) (de sleutel van de tabel in covenant.yaml); verbeter of verwijder een van de twee",
                                                  en: "keep one row per \(named) (the table's key in covenant.yaml); correct or delete one of the two"))
                    return nil
                }
                keys[key] = row.line
            }
            var date: Day?
            if let datedBy = table.datedBy, case .date(let day)? = values[datedBy] { date = day }
            return DeclaredRow(values: values, origin: row.text("source"), source: row.location, date: date)
        }
    }

    private static func what(_ column: DeclaredTable.Column) -> Bilingual {
        switch column.type {
        case .text: Bilingual(nl: "een tekst", en: "a text")
        case .integer: Bilingual(nl: "een geheel getal", en: "a whole number")
        case .decimal: Bilingual(nl: "een getal, zoals 7,5", en: "a number such as 7.5")
        case .date: Bilingual(nl: "een datum zoals 2025-03-14", en: "a date such as 2025-03-14")
        case .schoolYear: Bilingual(nl: "een schooljaar zoals 2024-25", en: "a school year such as 2024-25")
        case .yesNo: Bilingual(nl: "ja of nee", en: "ja or nee")
        case .party: Bilingual(nl: "de id van een school, instelling of bestuur", en: "the id of a school, institution or board")
        case .parties: Bilingual(nl: "ids van scholen, instellingen of besturen, gescheiden door spaties", en: "ids of schools, institutions or boards, separated by spaces")
        case .route: Bilingual(nl: "de id van een leerroute in state/routes.csv", en: "the id of a route in state/routes.csv")
        case .list: Bilingual(nl: "woorden gescheiden door spaties of komma's", en: "words separated by spaces or commas")
        }
    }

    private static func value(_ text: String, of column: DeclaredTable.Column, in row: Row, parties: KnownParties) -> DeclaredValue? {
        let name = column.name
        /// The declared spelling of an allowed value, or an error naming them.
        func allowed(_ item: String) -> String? {
            guard !column.allowedValues.isEmpty else { return item }
            if let match = column.allowedValues.first(where: { $0.lowercased() == item.lowercased() }) { return match }
            row.log.error(row.location(of: name), Bilingual(nl: "\(name): '\(FieldParsing.shown(item, in: .nl))' is geen toegestane waarde",
                                                            en: "\(name): '\(FieldParsing.shown(item))' is not an allowed value")
                                                      .appending(Suggestion.didYouMeanInBoth(item, in: column.allowedValues)),
                          hint: Bilingual(nl: "gebruik een van: ", en: "use one of: ").appending(column.allowedValues.joined(separator: ", ")))
            return nil
        }
        func party(_ id: String) -> String? {
            guard let id = row.report(name, FieldParsing.id(id)) else { return nil }
            guard parties.kindName(of: id) != nil || parties.unreadable.contains(id) else {
                row.log.error(row.location(of: name), Bilingual(nl: "\(name): onbekende partij '\(id)'", en: "\(name): unknown party '\(id)'")
                                                          .appending(Suggestion.didYouMeanInBoth(id, in: parties.all)),
                              hint: Bilingual(nl: "gebruik de id uit state/schools.csv, institutions.csv of boards.csv",
                                              en: "use the id from state/schools.csv, institutions.csv or boards.csv"))
                return nil
            }
            return allowed(id)
        }
        switch column.type {
        case .route:
            guard let id = row.report(name, FieldParsing.id(text)) else { return nil }
            guard parties.routes.contains(id) || parties.unreadable.contains(id) else {
                row.log.error(row.location(of: name), Bilingual(nl: "\(name): onbekende leerroute '\(id)'", en: "\(name): unknown route '\(id)'")
                                                          .appending(Suggestion.didYouMeanInBoth(id, in: parties.routes.sorted())),
                              hint: Bilingual(nl: "gebruik de id uit state/routes.csv", en: "use the id from state/routes.csv"))
                return nil
            }
            return allowed(id).map(DeclaredValue.text)
        case .text: return allowed(text).map(DeclaredValue.text)
        case .integer: return row.report(name, FieldParsing.integer(text)).map(DeclaredValue.integer)
        case .decimal: return row.report(name, FieldParsing.decimal(text)).map(DeclaredValue.decimal)
        case .date: return row.report(name, FieldParsing.day(text)).map(DeclaredValue.date)
        case .schoolYear: return row.report(name, FieldParsing.schoolYear(text)).map(DeclaredValue.schoolYear)
        case .yesNo: return row.report(name, FieldParsing.flag(text)).map(DeclaredValue.flag)
        case .party: return party(text).map(DeclaredValue.text)
        case .parties, .list:
            let items = FieldParsing.list(text).map { column.type == .parties ? party($0) : allowed($0) }
            guard items.allSatisfy({ $0 != nil }) else { return nil }
            return .list(items.compactMap { $0 })
        }
    }

    /// Takes each indicator target's baseline from the region's value in its baseline period when
    /// covenant.yaml gives no value, and sets an improvement's target from it. Uses every
    /// measurement (the baseline is history, whatever the day judged).
    static func resolveBaselines(_ covenant: inout Covenant, measurements: [MeasuredValue], log: DiagnosticLog) {
        let indicators = Dictionary(covenant.indicators.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for index in covenant.targets.indices {
            var target = covenant.targets[index]
            guard let id = target.indicator, let indicator = indicators[id] else { continue }
            if target.baselineValue == nil, let period = target.baselinePeriod {
                if let point = indicator.regionSeries(measurements, weights: measurements).first(where: { $0.period == period }) {
                    target.baselineValue = point.value
                } else if target.kind != .indicatorEveryPeriod {
                    log.error(target.source, Bilingual(nl: "doel '\(target.id)': baseline.period: er is geen regiowaarde van \(id) over \(period)",
                                                       en: "target '\(target.id)': baseline.period: there is no region value of \(id) for \(period)"),
                              hint: Bilingual(nl: "voeg in state/measurements.csv een rij '\(id);regio;\(period);…' toe (of de waarden van de partijen), of geef baseline.value",
                                              en: "add a row '\(id);regio;\(period);…' to state/measurements.csv (or the parties' values), or give baseline.value"))
                    continue
                }
            }
            if let improvement = target.improvement, let baseline = target.baselineValue {
                let goal = indicator.direction == .higher ? baseline + improvement : baseline - improvement
                let limit = indicator.isPercentage ? 0.0...100.0 : 0.0...CovenantFile.largestTargetValue
                if !limit.contains(goal) {
                    log.error(target.source, Bilingual(nl: "doel '\(target.id)': target.improvement: \(CovenantFile.format(baseline)) verbeterd met \(CovenantFile.format(improvement)) is \(CovenantFile.format(goal)), dat kan niet",
                                                       en: "target '\(target.id)': target.improvement: \(CovenantFile.format(baseline)) improved by \(CovenantFile.format(improvement)) is \(CovenantFile.format(goal)), which cannot be"),
                              hint: Bilingual(nl: "controleer het bedrag en de richting van de indicator (direction: \(indicator.direction.rawValue), \(indicator.direction == .lower ? "lager" : "hoger") is beter)",
                                              en: "check the amount and the indicator's direction (\(indicator.direction.rawValue) is better)"))
                    continue
                }
                target.targetValue = goal
            } else if target.improvement != nil {
                log.error(target.source, Bilingual(nl: "doel '\(target.id)': een verbetering heeft een nulmeting nodig", en: "target '\(target.id)': an improvement needs a baseline"),
                          hint: Bilingual(nl: "geef baseline.period (de periode van de nulmeting) of baseline.value", en: "give baseline.period (the baseline's period) or baseline.value"))
            }
            if target.kind == .indicatorLevel, let baseline = target.baselineValue, !indicator.isPercentage || target.targetValue <= 100,
               indicator.meets(baseline, level: target.targetValue) {
                log.warning(target.source, Bilingual(nl: "doel '\(target.id)': de nulmeting (\(CovenantFile.format(baseline))) haalt het doel (\(CovenantFile.format(target.targetValue))) al; het doel is vanaf de start behaald",
                                                     en: "target '\(target.id)': the baseline (\(CovenantFile.format(baseline))) already meets the target (\(CovenantFile.format(target.targetValue))); it is achieved from the start"),
                            hint: Bilingual(nl: "controleer target.value en de richting van de indicator (direction: \(indicator.direction.rawValue))",
                                            en: "check target.value and the indicator's direction (direction: \(indicator.direction.rawValue))"))
            }
            covenant.targets[index] = target
        }
    }
}
