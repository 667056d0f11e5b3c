import CovenantModel

/// Checks what no single row can: that ids are unique, that references point at records of the
/// right kind, and that a route's kind, levels and stages fit together. Attaches stages,
/// requirements and cohorts to their routes.
enum CrossReferences {
    struct Records {
        var boards: [Board]
        var schools: [School]
        var institutions: [Institution]
        var colleges: [College]
        var routes: [Route]
        var stages: [StateTables.RouteRow<RouteStageRecord>]
        var requirements: [StateTables.RouteRow<RequirementRecord>]
        var cohorts: [StateTables.RouteRow<CohortRecord>]
        var events: [Event]
        var schoolYears: [SchoolYearReport]
        var dataSharing: [DataSharing]
        var havoMilestones: [HavoMilestone]
        var waivers: [Waiver]
        /// Ids of rows that had errors of their own; references to them are not reported again.
        var unreadableIDs: Set<String>
        /// Tables that could not be read at all; references into them are not checked.
        var unreadableTables: Set<String>
    }

    /// What an organisation id names, for messages such as "'rocva' is an mbo institution, not a vo school".
    enum OrganisationKind: String {
        case board, school = "vo school", institution = "mbo institution", college = "mbo college"

        /// The same in Dutch: "bestuur", "vo-school", "mbo-instelling", "mbo-college".
        var dutch: String {
            switch self {
            case .board: "bestuur"
            case .school: "vo-school"
            case .institution: "mbo-instelling"
            case .college: "mbo-college"
            }
        }

        /// Its id in Dutch, as one word: "onbekende school-id 'MLO2'".
        var dutchID: String {
            switch self {
            case .board: "bestuurs-id"
            case .school: "school-id"
            case .institution: "instellings-id"
            case .college: "college-id"
            }
        }

        /// "elk bestuur", "elke vo-school": for "geef … een eigen id".
        var dutchEach: String { self == .board || self == .college ? "elk \(dutch)" : "elke \(dutch)" }
    }

    static func check(_ records: inout Records, covenant: Covenant?, log: DiagnosticLog) {
        let organisations = uniqueOrganisations(&records, log: log)
        let unreadableIDs = records.unreadableIDs, unreadableTables = records.unreadableTables
        // Ids are unique from here on: look records up by id rather than search the lists.
        let boards = Dictionary(uniqueKeysWithValues: records.boards.map { ($0.id, $0) })
        let schools = Dictionary(uniqueKeysWithValues: records.schools.map { ($0.id, $0) })
        let colleges = Dictionary(uniqueKeysWithValues: records.colleges.map { ($0.id, $0) })
        func ids(_ kind: OrganisationKind) -> [String] {
            organisations.filter { $0.value.kind == kind }.keys.sorted()
        }
        /// Logs an error unless `id` names an organisation of one of `kinds`.
        func expect(_ id: String, _ kinds: [OrganisationKind], at location: SourceLocation, column: String) {
            let what = kinds.count > 2 ? "organisation" : kinds.map(\.rawValue).joined(separator: " or ")
            let dutchWhat = kinds.count > 2 ? "organisatie" : kinds.map(\.dutch).joined(separator: " of ")
            if unreadableIDs.contains(id) || kinds.contains(where: { unreadableTables.contains(file(of: $0)) }) { return }
            if let found = organisations[id] {
                guard !kinds.contains(found.kind) else { return }
                log.error(location, Bilingual(nl: "\(column): '\(id)' is een \(found.kind.dutch) (\(found.location)), geen \(dutchWhat)",
                                              en: "\(column): '\(id)' is \(article(found.kind.rawValue)) \(found.kind.rawValue) (\(found.location)), not \(article(what)) \(what)"),
                          hint: Bilingual(nl: "gebruik de id van een \(dutchWhat)", en: "use the id of \(article(what)) \(what)"))
                return
            }
            // An id close to one whose row had errors of its own is most likely that row: one message is enough.
            if Suggestion.closest(to: id, in: unreadableIDs) != nil { return }
            let candidates = kinds.flatMap(ids)
            let files = kinds.map(file(of:)).joined(separator: ", ")
            let dutchMessage = kinds.count == 1 ? "\(column): onbekende \(kinds[0].dutchID) '\(id)'"
                                                : "\(column): onbekende id '\(id)'; hier hoort de id van een \(dutchWhat)"
            log.error(location, Bilingual(nl: dutchMessage, en: "\(column): unknown \(what) id '\(id)'")
                                    .appending(Suggestion.didYouMeanInBoth(id, in: candidates)),
                      hint: Bilingual(nl: "de ids staan in de kolom 'id' van " + files, en: "ids are in the 'id' column of " + files))
        }

        for school in records.schools {
            guard let id = school.board else { continue }
            expect(id, [.board], at: school.source, column: "board")
            if let board = boards[id], board.sector == .mbo {
                log.error(school.source, Bilingual(nl: "board: '\(board.id)' is een mbo-bestuur; een vo-school hoort bij een vo-bestuur",
                                                   en: "board: '\(board.id)' is an mbo board; a vo school belongs to a vo board"),
                          hint: Bilingual(nl: "controleer de id van het bestuur, of de sector van het bestuur in state/boards.csv",
                                          en: "check the board id, or the board's sector in state/boards.csv"))
            }
        }
        for institution in records.institutions {
            if let board = institution.board { expect(board, [.board], at: institution.source, column: "board") }
        }
        for college in records.colleges {
            expect(college.institution, [.institution], at: college.source, column: "institution")
        }
        for (index, party) in (covenant?.parties ?? []).enumerated() {
            if let board = party.board { expect(board, [.board], at: party.source, column: "parties[\(index + 1)]: board") }
            for member in party.members {
                // A fixture or a trimmed copy of the state may lack the school: the member then
                // binds no one, which is worth a warning, not a refusal to judge anything.
                if organisations[member] == nil, !unreadableTables.contains(StateTables.schools.file) {
                    log.warning(party.source,
                                Bilingual(nl: "parties[\(index + 1)]: members: '\(member)' staat niet in state/schools.csv en niet in state/institutions.csv, en bindt dus niemand",
                                          en: "parties[\(index + 1)]: members: '\(member)' is in neither state/schools.csv nor state/institutions.csv, so it binds no one")
                                    .appending(Suggestion.didYouMeanInBoth(member, in: ids(.school) + ids(.institution))),
                                hint: Bilingual(nl: "gebruik de id van een school of instelling, of haal de id weg uit members",
                                                en: "use the id of a school or institution, or remove it from members"))
                } else {
                    expect(member, [.school, .institution], at: party.source, column: "parties[\(index + 1)]: members")
                }
            }
        }

        checkRoutes(&records, schools: schools, colleges: colleges, expect: expect, log: log)

        var eventIds: [String: SourceLocation] = [:]
        records.events = records.events.filter { event in
            if let first = eventIds[event.id] {
                log.error(event.source, Bilingual(nl: "id: dubbele activiteit-id '\(event.id)' (eerder in \(first))", en: "id: duplicate event id '\(event.id)' (first at \(first))"),
                          hint: Bilingual(nl: "geef elke activiteit een eigen id", en: "give every event its own id"))
                return false
            }
            eventIds[event.id] = event.source
            if event.participants.isEmpty {
                log.error(event.source, Bilingual(nl: "participants: waarde ontbreekt", en: "participants: missing value"),
                          hint: Bilingual(nl: "noem de ids van de scholen, instellingen, colleges of besturen die meededen",
                                          en: "list the ids of the schools, institutions, colleges or boards that took part"))
            }
            for participant in event.participants {
                expect(participant, [.school, .institution, .college, .board], at: event.source, column: "participants")
            }
            return true
        }

        var reported: [String: SourceLocation] = [:]
        for report in records.schoolYears {
            expect(report.school, [.school], at: report.source, column: "school")
            let key = "\(report.school) \(report.schoolYear)"
            if let first = reported[key] {
                log.error(report.source, Bilingual(nl: "dubbele rij: school '\(report.school)' heeft al een rij voor \(report.schoolYear) (eerder in \(first))",
                                                   en: "duplicate row: school '\(report.school)' already has a row for \(report.schoolYear) (at \(first))"),
                          hint: Bilingual(nl: "houd één rij per school en schooljaar over; verbeter de aantallen in die rij",
                                          en: "keep one row per school and school year; correct the numbers in that row"))
            }
            reported[key] = reported[key] ?? report.source
            if let covenant, !covenant.schoolYears.contains(report.schoolYear) {
                let (first, last) = (covenant.schoolYears.first!, covenant.schoolYears.last!)
                log.warning(report.source, Bilingual(nl: "school_year: \(report.schoolYear) valt buiten de looptijd van het convenant (\(first) tot en met \(last))",
                                                     en: "school_year: \(report.schoolYear) is outside the covenant's period (\(first) to \(last))"),
                            hint: Bilingual(nl: "Koers beoordeelt alleen de schooljaren van het convenant; controleer het jaar",
                                            en: "rules only look at the covenant's school years; check the year"))
            }
            if let school = schools[report.school] {
                if report.proVsoAble != nil || report.proVsoOffered != nil, !school.offers(.pro), !school.offers(.vso) {
                    log.error(report.source, Bilingual(nl: "pro_vso_able: school '\(school.id)' biedt geen PrO of vso (\(school.source))",
                                                       en: "pro_vso_able: school '\(school.id)' offers no PrO or vso (\(school.source))"),
                              hint: Bilingual(nl: "laat de PrO/vso-kolommen leeg voor deze school, of voeg PrO of vso toe aan haar niveaus",
                                              en: "leave the PrO/vso columns empty for this school, or add PrO or vso to its levels"))
                }
                if report.praktijkgericht != nil, !school.offers(.vmboGT) {
                    log.warning(report.source, Bilingual(nl: "praktijkgericht: school '\(school.id)' biedt geen vmbo-gt, dus het doel praktijkgericht telt haar niet mee",
                                                         en: "praktijkgericht: school '\(school.id)' does not offer vmbo-gt, so the praktijkgericht target does not count it"))
                }
            }
        }

        // The same exchange twice counts nothing more, and a million copies would only slow every
        // report down: a duplicate row is an error at its line.
        var shared: [String: SourceLocation] = [:]
        for sharing in records.dataSharing {
            let key = "\(sharing.date) \(sharing.from) \(sharing.to) \(sharing.kind.rawValue)"
            if let first = shared[key] {
                log.error(sharing.source, Bilingual(nl: "dubbele rij: \(sharing.from) → \(sharing.to) (\(sharing.kind.rawValue)) op \(sharing.date) is al vastgelegd (eerder in \(first))",
                                                    en: "duplicate row: \(sharing.from) → \(sharing.to) (\(sharing.kind.rawValue)) on \(sharing.date) is already recorded (at \(first))"),
                          hint: Bilingual(nl: "houd één rij per uitwisseling over", en: "keep one row per exchange"))
            }
            shared[key] = shared[key] ?? sharing.source
            switch sharing.kind {
            case .ncoRapportage:
                expect(sharing.from, [.school], at: sharing.source, column: "from")
                expect(sharing.to, [.institution, .college], at: sharing.source, column: "to")
            case .studiesucces, .uitvalredenen:
                expect(sharing.from, [.institution, .college], at: sharing.source, column: "from")
                expect(sharing.to, [.school], at: sharing.source, column: "to")
            }
        }

        var steps: [HavoMilestone.Step: HavoMilestone] = [:]
        for milestone in records.havoMilestones {
            if let first = steps[milestone.step] {
                log.error(milestone.source, Bilingual(nl: "dubbele rij: mijlpaal '\(milestone.step.rawValue)' is al vastgelegd (eerder in \(first.source))",
                                                      en: "duplicate row: milestone '\(milestone.step.rawValue)' is already recorded (at \(first.source))"),
                          hint: Bilingual(nl: "houd de rij met de juiste datum over", en: "keep the row with the right date"))
                continue
            }
            steps[milestone.step] = milestone
        }
        for (step, milestone) in steps {
            for (other, earlier) in steps where other < step && earlier.date > milestone.date {
                let order = HavoMilestone.Step.allCases.map(\.rawValue).joined(separator: ", ")
                log.error(milestone.source,
                          Bilingual(nl: "date: '\(step.rawValue)' op \(milestone.date) ligt vóór de eerdere stap '\(other.rawValue)' op \(earlier.date) (\(earlier.source))",
                                    en: "date: '\(step.rawValue)' on \(milestone.date) comes before the earlier step '\(other.rawValue)' on \(earlier.date) (\(earlier.source))"),
                          hint: Bilingual(nl: "de mijlpalen volgen elkaar op in deze volgorde: " + order, en: "milestones happen in order: " + order))
            }
        }
        records.havoMilestones.sort { $0.date < $1.date || ($0.date == $1.date && $0.step < $1.step) }

        let targetIds = covenant?.targets.map(\.id) ?? []
        var waived: [String: SourceLocation] = [:]
        for waiver in records.waivers {
            let key = "\(waiver.target) \(waiver.school ?? "") \(waiver.from)"
            if let first = waived[key] {
                let dutchWhom = waiver.school.map { "school '\($0)'" } ?? "het hele doel"
                let whom = waiver.school.map { "school '\($0)'" } ?? "the whole target"
                log.error(waiver.source, Bilingual(nl: "dubbele rij: een vrijstelling voor \(dutchWhom) bij '\(waiver.target)' vanaf \(waiver.from) is al vastgelegd (eerder in \(first))",
                                                   en: "duplicate row: a waiver for \(whom) on '\(waiver.target)' from \(waiver.from) is already recorded (at \(first))"),
                          hint: Bilingual(nl: "houd één rij per vrijstelling over; verander de datums of de reden in die rij",
                                          en: "keep one row per waiver; change its dates or reason in that row"))
            }
            waived[key] = waived[key] ?? waiver.source
            if covenant != nil, !targetIds.contains(waiver.target) {
                let targets = targetIds.joined(separator: ", ")
                log.error(waiver.source, Bilingual(nl: "target: onbekend doel '\(waiver.target)'", en: "target: unknown target '\(waiver.target)'")
                                             .appending(Suggestion.didYouMeanInBoth(waiver.target, in: targetIds)),
                          hint: Bilingual(nl: "de doelen staan in covenant.yaml: \(targets)", en: "targets are defined in covenant.yaml: \(targets)"))
            }
            if let school = waiver.school { expect(school, [.school], at: waiver.source, column: "school") }
        }
    }

    private static func checkRoutes(_ records: inout Records, schools: [String: School], colleges: [String: College],
                                    expect: (String, [OrganisationKind], SourceLocation, String) -> Void, log: DiagnosticLog) {
        var routeIndex: [String: Int] = [:]
        var routes: [Route] = []
        for route in records.routes {
            if let first = routeIndex[route.id] {
                log.error(route.source, Bilingual(nl: "id: dubbele leerroute-id '\(route.id)' (eerder in \(routes[first].source))",
                                                  en: "id: duplicate route id '\(route.id)' (first at \(routes[first].source))"),
                          hint: Bilingual(nl: "geef elke leerroute een eigen id", en: "give every route its own id"))
                continue
            }
            var seen: Set<String> = []
            for school in route.schools {
                if !seen.insert(school).inserted {
                    log.error(route.source, Bilingual(nl: "schools: '\(school)' staat er twee keer in", en: "schools: '\(school)' is listed twice"),
                              hint: Bilingual(nl: "noem elke school één keer", en: "name each school once"))
                }
                expect(school, [.school], route.source, "schools")
            }
            expect(route.institution, [.institution], route.source, "institution")
            if let college = route.college {
                expect(college, [.college], route.source, "college")
                if let owner = colleges[college], owner.institution != route.institution {
                    log.error(route.source, Bilingual(nl: "college: '\(college)' hoort bij '\(owner.institution)', niet bij de instelling van de leerroute, '\(route.institution)'",
                                                      en: "college: '\(college)' belongs to '\(owner.institution)', not to the route's institution '\(route.institution)'"),
                              hint: Bilingual(nl: "verbeter het college of de instelling", en: "correct the college or the institution"))
                }
            }
            checkKind(of: route, log: log)
            for id in route.schools {
                // A PrO-ROC route takes students from PrO and vso schools alike.
                let accepted: [EducationLevel] = route.kind == .proRoc ? [.pro, .vso] : [route.fromLevel]
                if let school = schools[id], !accepted.contains(where: school.offers) {
                    let levels = school.levels.sorted().map(\.rawValue).joined(separator: ", ")
                    log.error(route.source, Bilingual(nl: "from_level: school '\(id)' biedt geen \(route.fromLevel.rawValue) (haar niveaus in \(school.source): \(levels))",
                                                      en: "from_level: school '\(id)' does not offer \(route.fromLevel.rawValue) (its levels in \(school.source): \(levels))"),
                              hint: Bilingual(nl: "verbeter from_level van de leerroute, of voeg het niveau toe aan de school in state/schools.csv",
                                              en: "correct the route's from_level, or add the level to the school in state/schools.csv"))
                }
            }
            routeIndex[route.id] = routes.count
            routes.append(route)
        }

        func routeNamed(_ id: String, at location: SourceLocation) -> Int? {
            if let index = routeIndex[id] { return index }
            if records.unreadableIDs.contains(id) || records.unreadableTables.contains(StateTables.routes.file) { return nil }
            log.error(location, Bilingual(nl: "route: onbekende leerroute-id '\(id)'", en: "route: unknown route id '\(id)'")
                                    .appending(Suggestion.didYouMeanInBoth(id, in: routeIndex.keys.sorted())),
                      hint: Bilingual(nl: "de leerroutes staan in state/routes.csv", en: "routes are listed in state/routes.csv"))
            return nil
        }
        /// Attaches each row to its route, refusing a second row with the same `key`.
        func attach<Record, Key: Equatable>(_ rows: [StateTables.RouteRow<Record>], to list: WritableKeyPath<Route, [Record]>,
                                            key: (Record) -> Key, source: (Record) -> SourceLocation,
                                            duplicate: (_ route: String, _ record: Record) -> Bilingual, hint: Bilingual) {
            for row in rows {
                guard let index = routeNamed(row.route, at: source(row.record)) else { continue }
                if let first = routes[index][keyPath: list].first(where: { key($0) == key(row.record) }) {
                    let what = duplicate(row.route, row.record)
                    log.error(source(row.record), Bilingual(nl: "dubbele rij: \(what.nl) (eerder in \(source(first)))",
                                                            en: "duplicate row: \(what.en) (at \(source(first)))"), hint: hint)
                    continue
                }
                routes[index][keyPath: list].append(row.record)
            }
        }
        attach(records.stages, to: \.stages, key: \.stage, source: \.source,
               duplicate: { Bilingual(nl: "leerroute '\($0)' bereikte '\($1.stage.rawValue)' al", en: "route '\($0)' already reached '\($1.stage.rawValue)'") },
               hint: Bilingual(nl: "een leerroute bereikt elke fase één keer; houd de rij met de juiste datum over",
                               en: "a route reaches each stage once; keep the row with the right date"))
        attach(records.requirements, to: \.requirements, key: \.requirement, source: \.source,
               duplicate: { Bilingual(nl: "\($1.requirement) is al vastgelegd voor leerroute '\($0)'", en: "\($1.requirement) is already recorded for route '\($0)'") },
               hint: Bilingual(nl: "houd één rij per leerroute en eis over", en: "keep one row per route and requirement"))
        attach(records.cohorts, to: \.cohorts, key: \.schoolYear, source: \.source,
               duplicate: { Bilingual(nl: "leerroute '\($0)' heeft al een cohort voor \($1.schoolYear)", en: "route '\($0)' already has a cohort for \($1.schoolYear)") },
               hint: Bilingual(nl: "houd één rij per leerroute en schooljaar over", en: "keep one row per route and school year"))
        for index in routes.indices {
            checkStageOrder(of: routes[index], log: log)
            routes[index].stages.sort { $0.date < $1.date || ($0.date == $1.date && $0.stage < $1.stage) }
            routes[index].requirements.sort { $0.requirement < $1.requirement }
            routes[index].cohorts.sort { $0.schoolYear < $1.schoolYear }
            if routes[index].stages.isEmpty, !records.unreadableTables.contains(StateTables.routeStages.file) {
                log.warning(routes[index].source, Bilingual(nl: "leerroute '\(routes[index].id)' heeft geen fasen in state/route-stages.csv en telt dus nergens mee",
                                                            en: "route '\(routes[index].id)' has no stages in state/route-stages.csv, so it counts nowhere"),
                            hint: Bilingual(nl: "voeg een rij toe met de fase die de leerroute heeft bereikt, en sinds wanneer",
                                            en: "add a row with the stage it has reached and since when"))
            }
        }
        records.routes = routes
    }

    /// A GLR goes from vmbo-b to niveau 2 only; a DLR from vmbo to niveau 2–4; PrO-ROC from PrO/vso to Entree.
    private static func checkKind(of route: Route, log: DiagnosticLog) {
        let vmbo: [EducationLevel] = [.vmboB, .vmboK, .vmboGT]
        let toLevel = route.toLevel ?? 0
        switch route.kind {
        case .glr where route.fromLevel != .vmboB || toLevel != 2:
            log.error(route.source, Bilingual(nl: "kind: een GLR loopt alleen van vmbo-b naar niveau 2, maar deze leerroute loopt van \(route.fromLevel.rawValue) naar niveau \(toLevel)",
                                              en: "kind: a GLR goes from vmbo-b to niveau 2 only, but this route goes from \(route.fromLevel.rawValue) to niveau \(toLevel)"),
                      hint: Bilingual(nl: "gebruik kind DLR voor andere niveaus, of verbeter from_level/to_level", en: "use kind DLR for other levels, or correct from_level/to_level"))
        case .dlr where !vmbo.contains(route.fromLevel) || toLevel < 2:
            log.error(route.source, Bilingual(nl: "kind: een DLR loopt van vmbo (b, k of gt) naar niveau 2, 3 of 4, maar deze leerroute loopt van \(route.fromLevel.rawValue) naar niveau \(toLevel)",
                                              en: "kind: a DLR goes from vmbo (b, k or gt) to niveau 2, 3 or 4, but this route goes from \(route.fromLevel.rawValue) to niveau \(toLevel)"),
                      hint: Bilingual(nl: "verbeter from_level/to_level; leerroutes van PrO/vso naar Entree hebben kind PrO-ROC",
                                      en: "correct from_level/to_level; PrO/vso routes to Entree are kind PrO-ROC"))
        case .proRoc where ![.pro, .vso].contains(route.fromLevel):
            log.error(route.source, Bilingual(nl: "kind: een PrO-ROC-leerroute begint in PrO of vso, niet in \(route.fromLevel.rawValue)",
                                              en: "kind: a PrO-ROC route starts in PrO or vso, not in \(route.fromLevel.rawValue)"),
                      hint: Bilingual(nl: "verbeter from_level, of kies een andere waarde voor kind", en: "correct from_level, or choose another kind"))
        default:
            break
        }
    }

    /// Stages are reached in their order (verkenning … eerste-cohort-gestart); `gestopt` comes last.
    private static func checkStageOrder(of route: Route, log: DiagnosticLog) {
        let byStage = route.stages.sorted { $0.stage < $1.stage }
        for (index, later) in byStage.enumerated() {
            for earlier in byStage[..<index] where earlier.date > later.date {
                let what = later.stage == .gestopt ? "the route stopped" : "'\(later.stage.rawValue)'"
                let dutchWhat = later.stage == .gestopt ? "het stoppen van de leerroute" : "'\(later.stage.rawValue)'"
                let order = RouteStage.allCases.map(\.rawValue).joined(separator: " → ")
                log.error(later.source,
                          Bilingual(nl: "date: \(dutchWhat) op \(later.date) ligt vóór de eerdere fase '\(earlier.stage.rawValue)' op \(earlier.date) (\(earlier.source))",
                                    en: "date: \(what) on \(later.date) is before the earlier stage '\(earlier.stage.rawValue)' on \(earlier.date) (\(earlier.source))"),
                          hint: Bilingual(nl: "de fasen volgen elkaar op: " + order + "; controleer beide datums",
                                          en: "stages follow each other: " + order + "; check both dates"))
                break
            }
        }
    }

    /// Organisation ids are unique across boards, schools, institutions and colleges, so that a
    /// list of participants can mix them. Later duplicates are dropped after being reported.
    private static func uniqueOrganisations(_ records: inout Records, log: DiagnosticLog)
        -> [String: (kind: OrganisationKind, location: SourceLocation)] {
        var index: [String: (kind: OrganisationKind, location: SourceLocation)] = [:]
        func register(_ id: String, _ kind: OrganisationKind, _ location: SourceLocation) -> Bool {
            if let first = index[id] {
                let same = first.kind == kind
                log.error(location, same ? Bilingual(nl: "id: dubbele \(kind.dutchID) '\(id)' (eerder in \(first.location))",
                                                     en: "id: duplicate \(kind.rawValue) id '\(id)' (first at \(first.location))")
                                         : Bilingual(nl: "id: '\(id)' is al de id van een \(first.kind.dutch) (\(first.location))",
                                                     en: "id: '\(id)' is already the id of a \(first.kind.rawValue) (\(first.location))"),
                          hint: same ? Bilingual(nl: "geef \(kind.dutchEach) een eigen id", en: "give every \(kind.rawValue) its own id")
                                     : Bilingual(nl: "besturen, scholen, instellingen en colleges hebben samen één reeks ids; kies een andere id",
                                                 en: "ids are shared by boards, schools, institutions and colleges; choose another"))
                return false
            }
            index[id] = (kind, location)
            return true
        }
        records.boards = records.boards.filter { register($0.id, .board, $0.source) }
        records.schools = records.schools.filter { register($0.id, .school, $0.source) }
        records.institutions = records.institutions.filter { register($0.id, .institution, $0.source) }
        records.colleges = records.colleges.filter { register($0.id, .college, $0.source) }
        return index
    }

    private static func file(of kind: OrganisationKind) -> String {
        switch kind {
        case .board: StateTables.boards.file
        case .school: StateTables.schools.file
        case .institution: StateTables.institutions.file
        case .college: StateTables.colleges.file
        }
    }
}

/// "a vo school", "an mbo institution".
private func article(_ noun: String) -> String {
    noun.hasPrefix("mbo") || "aeiou".contains(noun.first ?? "x") ? "an" : "a"
}
