import CovenantModel

/// The state tables in `state/`, their columns, and how each row becomes a model record.
///
/// Rows are read one at a time and checked only for what the row alone can show (a bad date, an
/// unknown term); references between tables are checked afterwards by ``CrossReferences``.
enum StateTables {
    static let boards = TableSpec("state/boards.csv", required: ["id", "name", "sector"], optional: ["source"])
    static let schools = TableSpec("state/schools.csv", required: ["id", "name", "board", "levels"], optional: ["stadsdeel", "source"])
    static let institutions = TableSpec("state/institutions.csv", required: ["id", "name"], optional: ["board", "source"])
    static let colleges = TableSpec("state/colleges.csv", required: ["id", "institution", "name"], optional: ["stadsdeel", "source"], isOptional: true)
    static let routes = TableSpec("state/routes.csv", required: ["id", "name", "schools", "institution", "kind", "from_level", "to_level", "sector"],
                                  optional: ["college", "qualifications", "source"])
    static let routeStages = TableSpec("state/route-stages.csv", required: ["route", "stage", "date"], optional: ["planned", "source"])
    static let routeRequirements = TableSpec("state/route-requirements.csv", required: ["route", "requirement", "date", "evidence"], optional: ["source"],
                                             isOptional: true)
    static let routeCohorts = TableSpec("state/route-cohorts.csv", required: ["route", "school_year", "students"], optional: ["source"], isOptional: true)
    static let events = TableSpec("state/events.csv", required: ["id", "date", "kind", "title", "participants"], optional: ["form", "planned", "source"], isOptional: true)
    static let schoolYears = TableSpec("state/school-years.csv", required: ["school", "school_year", "reported_on"],
                                       optional: ["lob_voorlichting", "praktijkgericht", "stages", "werkbezoeken", "praktijkopdrachten",
                                                  "pro_vso_able", "pro_vso_offered", "source"], isOptional: true)
    static let dataSharing = TableSpec("state/data-sharing.csv", required: ["date", "from", "to", "kind"], optional: ["source"], isOptional: true)
    static let havoMilestones = TableSpec("state/havo-milestones.csv", required: ["step", "date"], isOptional: true)
    static let waivers = TableSpec("state/waivers.csv", required: ["target", "from", "reason", "decided_by"], optional: ["school", "until"], isOptional: true)

    /// Every table, in the order they are read and documented.
    static let all = [boards, schools, institutions, colleges, routes, routeStages, routeRequirements, routeCohorts,
                      events, schoolYears, dataSharing, havoMilestones, waivers]

    static func board(_ row: Row) -> Board? {
        let id = row.id("id"), name = row.required("name")
        let sector = row.term("sector", Board.Sector.self, what: Bilingual(nl: "sector van een bestuur", en: "board sector"))
        guard let id, let name, let sector else { return nil }
        return Board(id: id, name: name, sector: sector, origin: row.text("source"), source: row.location)
    }

    static func school(_ row: Row) -> School? {
        let id = row.id("id"), name = row.required("name")
        let board = row.text("board").flatMap { row.report("board", FieldParsing.id($0)) }
        let stadsdeel = row.term("stadsdeel", Stadsdeel.self, what: Bilingual(nl: "stadsdeel", en: "stadsdeel"), required: false)
        var levels: Set<EducationLevel> = []
        var levelsAreValid = true
        let listed = row.list("levels")
        if listed.isEmpty {
            row.log.error(row.location(of: "levels"), Bilingual(nl: "levels: waarde ontbreekt", en: "levels: missing value"),
                          hint: Bilingual(nl: "noem de niveaus die de school biedt, zoals 'vmbo-b vmbo-k'", en: "list the levels the school offers, such as 'vmbo-b vmbo-k'"))
        }
        for text in listed {
            if let level = row.report("levels", FieldParsing.term(text, EducationLevel.self, what: Bilingual(nl: "niveau", en: "level"), aliases: TermAliases.levels)) {
                levels.insert(level)
            } else {
                levelsAreValid = false
            }
        }
        guard let id, let name, levelsAreValid, !levels.isEmpty else { return nil }
        return School(id: id, name: name, board: board, stadsdeel: stadsdeel, levels: levels, origin: row.text("source"), source: row.location)
    }

    static func institution(_ row: Row) -> Institution? {
        let id = row.id("id"), name = row.required("name")
        let board = row.text("board").flatMap { row.report("board", FieldParsing.id($0)) }
        guard let id, let name else { return nil }
        return Institution(id: id, name: name, board: board, origin: row.text("source"), source: row.location)
    }

    static func college(_ row: Row) -> College? {
        let id = row.id("id"), institution = row.id("institution"), name = row.required("name")
        let stadsdeel = row.term("stadsdeel", Stadsdeel.self, what: Bilingual(nl: "stadsdeel", en: "stadsdeel"), required: false)
        guard let id, let institution, let name else { return nil }
        return College(id: id, institution: institution, name: name, stadsdeel: stadsdeel, origin: row.text("source"), source: row.location)
    }

    static func route(_ row: Row) -> Route? {
        let id = row.id("id"), name = row.required("name"), institution = row.id("institution")
        let schools = row.list("schools")
        if schools.isEmpty {
            row.log.error(row.location(of: "schools"), Bilingual(nl: "schools: waarde ontbreekt", en: "schools: missing value"),
                          hint: Bilingual(nl: "noem de vo-school of vo-scholen van de leerroute bij hun id", en: "name the vo school(s) of the route by id"))
        }
        let college = row.text("college").flatMap { row.report("college", FieldParsing.id($0)) }
        let kind = row.term("kind", Route.Kind.self, what: Bilingual(nl: "soort leerroute", en: "route kind"), aliases: TermAliases.routeKinds)
        let fromLevel = row.term("from_level", EducationLevel.self, what: Bilingual(nl: "niveau", en: "level"), aliases: TermAliases.levels)
        // Gestapelde and gedeeltelijke routes need not lead to one niveau; the others do.
        let needsLevel = kind.map { [.dlr, .glr, .proRoc].contains($0) } ?? false
        let toLevel = (needsLevel ? row.required("to_level", what: Bilingual(nl: "het mbo-niveau, 1 tot en met 4", en: "the mbo niveau, 1 to 4")) : row.text("to_level")).flatMap { text in
            row.report("to_level", mboLevel(text))
        }
        let sector = row.term("sector", Route.Sector.self, what: Bilingual(nl: "sector", en: "sector"))
        let qualifications = (row.text("qualifications") ?? "").split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        guard let id, let name, !schools.isEmpty, let institution, let kind, let fromLevel, toLevel != nil || !needsLevel, let sector else { return nil }
        return Route(id: id, name: name, schools: schools, institution: institution, college: college, kind: kind,
                     fromLevel: fromLevel, toLevel: toLevel, sector: sector, qualifications: qualifications,
                     origin: row.text("source"), source: row.location)
    }

    /// `2`, or `niveau 2`.
    static func mboLevel(_ text: String) -> Result<Int, FieldError> {
        var digits = text.lowercased()
        if digits.hasPrefix("niveau") { digits = String(digits.dropFirst(6)).trimmingSpaces() }
        guard let level = Int(digits), (1...4).contains(level) else {
            return .failure(FieldError(Bilingual(nl: "'\(text)' is geen mbo-niveau", en: "'\(text)' is not an mbo niveau"),
                                       hint: Bilingual(nl: "schrijf 1 (Entree), 2, 3 of 4", en: "write 1 (Entree), 2, 3 or 4")))
        }
        return .success(level)
    }

    /// A row that belongs to a route (a stage, a requirement, a cohort), before it is attached.
    struct RouteRow<Record> {
        var route: String
        var record: Record
    }

    static func stage(_ row: Row) -> RouteRow<RouteStageRecord>? {
        let route = row.id("route"), stage = row.term("stage", RouteStage.self, what: Bilingual(nl: "fase", en: "stage")), date = row.day("date")
        guard let route, let stage, let date else { return nil }
        return RouteRow(route: route, record: RouteStageRecord(stage: stage, date: date, note: row.text("note"), planned: row.flag("planned") ?? false, origin: row.text("source"),
                                                               source: row.location))
    }

    static func requirement(_ row: Row) -> RouteRow<RequirementRecord>? {
        let route = row.id("route"), date = row.day("date")
        let evidence = row.required("evidence", what: Bilingual(nl: "waaruit blijkt dat aan de eis is voldaan", en: "what shows the requirement is met"))
        let requirement = row.required("requirement", what: Bilingual(nl: "een eis, R1 tot en met R22", en: "a check R1 to R22")).flatMap { text in
            row.report("requirement", legalRequirement(text))
        }
        guard let route, let requirement, let date, let evidence else { return nil }
        return RouteRow(route: route, record: RequirementRecord(requirement: requirement, date: date, evidence: evidence, origin: row.text("source"),
                                                                       source: row.location))
    }

    static func legalRequirement(_ text: String) -> Result<LegalRequirement, FieldError> {
        let upper = text.uppercased()
        guard upper.hasPrefix("R"), let number = Int(upper.dropFirst()), let value = LegalRequirement(rawValue: number) else {
            return .failure(FieldError(Bilingual(nl: "onbekende eis '\(text)'", en: "unknown requirement '\(text)'"),
                                       hint: Bilingual(nl: "gebruik R1 tot en met R22, de eisen in docs/workspace.md", en: "use R1 to R22, the checks in docs/workspace.md")))
        }
        return .success(value)
    }

    static func cohort(_ row: Row) -> RouteRow<CohortRecord>? {
        let route = row.id("route"), year = row.schoolYear("school_year")
        let students = row.required("students", what: Bilingual(nl: "het aantal leerlingen dat is begonnen", en: "the number of students who started"))
            .flatMap { row.report("students", FieldParsing.count($0)) }
        guard let route, let year, let students else { return nil }
        return RouteRow(route: route, record: CohortRecord(schoolYear: year, students: students, source: row.location))
    }

    static func event(_ row: Row) -> Event? {
        let id = row.id("id"), date = row.day("date"), title = row.required("title")
        let kind = row.term("kind", Event.Kind.self, what: Bilingual(nl: "soort activiteit", en: "event kind"))
        let form = row.term("form", Event.Form.self, what: Bilingual(nl: "vorm van kennisdeling", en: "kennisdeling form"), required: false)
        if kind == .kennisdeling, form == nil, row.text("form") == nil {
            let forms = Event.Form.allCases.map(\.rawValue).joined(separator: ", ")
            row.log.error(row.location(of: "form"), Bilingual(nl: "form: een kennisdelingsactiviteit heeft een vorm nodig", en: "form: a kennisdeling event needs its form"),
                          hint: Bilingual(nl: "gebruik een van: " + forms, en: "use one of: " + forms))
        }
        if let kind, kind != .kennisdeling, form != nil {
            row.log.error(row.location(of: "form"), Bilingual(nl: "form: alleen kennisdelingsactiviteiten hebben een vorm; dit is een \(kind.rawValue)",
                                                              en: "form: only kennisdeling events have a form, this is a \(kind.rawValue)"),
                          hint: Bilingual(nl: "laat form leeg, of zet kind op kennisdeling", en: "leave form empty, or set kind to kennisdeling"))
        }
        let participants = row.list("participants")
        guard let id, let date, let title, let kind else { return nil }
        return Event(id: id, date: date, kind: kind, form: form, title: title, participants: participants,
                     planned: row.flag("planned") ?? false, origin: row.text("source"), source: row.location)
    }

    static func schoolYear(_ row: Row) -> SchoolYearReport? {
        let school = row.id("school"), year = row.schoolYear("school_year"), reportedOn = row.day("reported_on")
        let lob = row.flag("lob_voorlichting"), praktijkgericht = row.flag("praktijkgericht")
        let stages = row.count("stages"), werkbezoeken = row.count("werkbezoeken"), opdrachten = row.count("praktijkopdrachten")
        let able = row.count("pro_vso_able"), offered = row.count("pro_vso_offered")
        if let able, let offered, offered > able {
            row.log.error(row.location(of: "pro_vso_offered"),
                          Bilingual(nl: "pro_vso_offered: \(offered) leerlingen kregen een ROC-traject aangeboden, maar slechts \(able) zijn daartoe in staat (pro_vso_able)",
                                    en: "pro_vso_offered: \(offered) students offered a ROC trajectory, but only \(able) are able (pro_vso_able)"),
                          hint: Bilingual(nl: "pro_vso_offered telt alleen leerlingen die ook in pro_vso_able meetellen; controleer beide aantallen",
                                          en: "offered counts students among the able ones; check both numbers"))
        }
        if let year, let reportedOn, reportedOn < year.firstDay {
            row.log.error(row.location(of: "reported_on"), Bilingual(nl: "reported_on: \(reportedOn) ligt vóór het begin van schooljaar \(year) (\(year.firstDay))",
                                                                     en: "reported_on: \(reportedOn) is before school year \(year) began (\(year.firstDay))"),
                          hint: Bilingual(nl: "de opgave over een schooljaar volgt tijdens of na dat schooljaar; controleer de datum en het schooljaar",
                                          en: "a school year is reported during or after it; check the date and the school year"))
        }
        guard let school, let year, let reportedOn else { return nil }
        return SchoolYearReport(school: school, schoolYear: year, reportedOn: reportedOn, lobVoorlichting: lob,
                                praktijkgericht: praktijkgericht, stages: stages, werkbezoeken: werkbezoeken,
                                praktijkopdrachten: opdrachten, proVsoAble: able, proVsoOffered: offered,
                                origin: row.text("source"), source: row.location)
    }

    static func dataSharing(_ row: Row) -> DataSharing? {
        let date = row.day("date"), from = row.id("from"), to = row.id("to")
        let kind = row.term("kind", DataSharing.Kind.self, what: Bilingual(nl: "soort gegevens", en: "kind of data"))
        guard let date, let from, let to, let kind else { return nil }
        return DataSharing(date: date, from: from, to: to, kind: kind, origin: row.text("source"), source: row.location)
    }

    static func havoMilestone(_ row: Row) -> HavoMilestone? {
        let step = row.term("step", HavoMilestone.Step.self, what: Bilingual(nl: "mijlpaal", en: "milestone")), date = row.day("date")
        guard let step, let date else { return nil }
        return HavoMilestone(step: step, date: date, note: row.text("note"), source: row.location)
    }

    static func waiver(_ row: Row) -> Waiver? {
        let target = row.id("target"), from = row.day("from"), until = row.day("until", required: false)
        let school = row.text("school").flatMap { row.report("school", FieldParsing.id($0)) }
        let reason = row.required("reason", what: Bilingual(nl: "waarom het doel of de school is vrijgesteld", en: "why the target or school is exempted"))
        let decidedBy = row.required("decided_by", what: Bilingual(nl: "wie het besloot (bijvoorbeeld 'stuurgroep 2025-03-12')", en: "who decided (for example 'stuurgroep 2025-03-12')"))
        if let from, let until, until < from {
            row.log.error(row.location(of: "until"), Bilingual(nl: "until: \(until) ligt vóór from (\(from))", en: "until: \(until) is before from (\(from))"),
                          hint: Bilingual(nl: "verwissel de datums of verbeter er een", en: "swap the dates or correct one"))
        }
        guard let target, let from, let reason, let decidedBy else { return nil }
        return Waiver(target: target, school: school, from: from, until: until, reason: reason, decidedBy: decidedBy, source: row.location)
    }
}
