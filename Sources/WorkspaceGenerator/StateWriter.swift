import CovenantModel

/// Writes the invented `state/*.csv` files of a ``SyntheticWorkspace``.
///
/// Schools are grouped in regions of about forty, each with its own mbo institutions, decanen
/// meetings, monitoring and stuurgroep; routes, their stages, requirements and cohorts, events,
/// yearly school reports and data sharing are spread over the five school years in a way that
/// passes `koers validate`. All of it comes from one seeded generator, in a fixed order.
struct StateWriter {
    let scale: SyntheticWorkspace.Scale
    var random: SeededRandom

    private static let firstYear = SchoolYear(startYear: 2022)
    private static let years = (0..<5).map { SchoolYear(startYear: 2022 + $0) }
    private static let districts = Stadsdeel.allCases.map(\.rawValue)
    private static let sectors = Route.Sector.allCases.map(\.rawValue)
    private static let qualifications = ["Helpende Zorg en Welzijn", "Medewerker ICT", "Verkoper", "Kok", "Monteur",
                                         "Pedagogisch medewerker", "Logistiek medewerker", "Mediavormgever"]
    private static let source = "voorbeeld"

    init(scale: SyntheticWorkspace.Scale, random: SeededRandom) {
        self.scale = scale
        self.random = random
    }

    private struct School {
        var id: String
        var region: Int
        var levels: [EducationLevel]
    }

    mutating func write() -> [String: String] {
        let regionCount = max(1, (scale.schools + 39) / 40)
        var files: [String: String] = [:]

        // Boards, schools, institutions, colleges.
        var boards = CSV(header: "id;name;sector;source;note")
        var schoolsFile = CSV(header: "id;name;board;stadsdeel;levels;source;note")
        var schools: [School] = []
        let voBoards = max(1, scale.schools / 5)
        for board in 0..<voBoards {
            boards.row("vo-bestuur-\(pad(board + 1, 4))", "Synthetisch vo-bestuur \(board + 1)", "vo", Self.source, "verzonnen")
        }
        for index in 0..<scale.schools {
            let levels = randomLevels()
            let school = School(id: "school-\(pad(index + 1, 5))", region: index % regionCount, levels: levels)
            schools.append(school)
            schoolsFile.row(school.id, "Synthetische school \(index + 1) (regio \(school.region + 1))",
                            "vo-bestuur-\(pad(index % voBoards + 1, 4))", random.pick(Self.districts),
                            levels.map(\.rawValue).joined(separator: " "), Self.source, "verzonnen")
        }
        var institutions = CSV(header: "id;name;board;source;note")
        var colleges = CSV(header: "id;institution;name;stadsdeel;source")
        var institutionsOfRegion = Array(repeating: [String](), count: regionCount)
        for index in 0..<scale.institutions {
            let id = "mbo-\(pad(index + 1, 3))"
            boards.row("mbo-bestuur-\(pad(index + 1, 3))", "Synthetisch mbo-bestuur \(index + 1)", "mbo", Self.source, "verzonnen")
            institutions.row(id, "Synthetische mbo-instelling \(index + 1)", "mbo-bestuur-\(pad(index + 1, 3))", Self.source, "verzonnen")
            for college in 1...3 {
                colleges.row("\(id)-c\(college)", id, "College \(college) van mbo-instelling \(index + 1)", random.pick(Self.districts), Self.source)
            }
            institutionsOfRegion[index % regionCount].append(id)
        }
        for region in 0..<regionCount where institutionsOfRegion[region].isEmpty {
            institutionsOfRegion[region] = ["mbo-\(pad(region % scale.institutions + 1, 3))"]
        }
        files["boards.csv"] = boards.text
        files["schools.csv"] = schoolsFile.text
        files["institutions.csv"] = institutions.text
        files["colleges.csv"] = colleges.text

        writeRoutes(schools: schools, institutionsOfRegion: institutionsOfRegion, into: &files)
        writeEvents(schools: schools, regions: regionCount, institutionsOfRegion: institutionsOfRegion, into: &files)
        writeSchoolYears(schools: schools, institutionsOfRegion: institutionsOfRegion, into: &files)

        files["havo-milestones.csv"] = "step;date;note\r\nverkenning-gestart;2023-02-01;Voorbeeld: verkenning van start.\r\n"
            + "bevindingen-gerapporteerd;2025-06-16;Voorbeeld: notitie aan de stuurgroep.\r\n"
        var waivers = CSV(header: "target;school;from;until;reason;decided_by;note")
        for school in schools where school.levels.contains(.vmboGT) && random.chance(0.01) {
            waivers.row("praktijkgericht", school.id, "2022-08-01", "2024-07-31", "Voorbeeld: programma start later.",
                        "stuurgroep 2022-10-01", "verzonnen")
        }
        files["waivers.csv"] = waivers.text
        return files
    }

    private mutating func randomLevels() -> [EducationLevel] {
        var levels: [EducationLevel] = []
        if random.chance(0.55) { levels.append(.vmboB) }
        if random.chance(0.5) { levels.append(.vmboK) }
        if random.chance(0.55) { levels.append(.vmboGT) }
        if random.chance(0.4) { levels.append(.havo) }
        if random.chance(0.06) { levels.append(.pro) }
        if random.chance(0.04) { levels.append(.vso) }
        if levels.isEmpty { levels = [.vmboB, .vmboK] }
        return levels
    }

    // MARK: - Routes

    private mutating func writeRoutes(schools: [School], institutionsOfRegion: [[String]], into files: inout [String: String]) {
        var routes = CSV(header: "id;name;schools;institution;college;kind;from_level;to_level;sector;qualifications;source;note")
        var stages = CSV(header: "route;stage;date;source;note")
        var requirements = CSV(header: "route;requirement;date;evidence;note")
        var cohorts = CSV(header: "route;school_year;students;source")
        let offering = schools.filter { $0.levels.contains { [.vmboB, .vmboK, .vmboGT, .pro, .vso].contains($0) } }
        let steps: [RouteStage] = [.verkenning, .inOntwikkeling, .overeenkomstGetekend, .duoRegistratie, .eersteCohortGestart]
        for index in 0..<scale.routes {
            let school = offering[index % offering.count]
            let level = random.pick(school.levels.filter { [.vmboB, .vmboK, .vmboGT, .pro, .vso].contains($0) })
            let (kind, toLevel): (String, Int) = switch level {
            case .vmboB: random.chance(0.5) ? ("GLR", 2) : ("DLR", 2 + random.below(2))
            case .vmboK: ("DLR", 3 + random.below(2))
            case .pro, .vso: ("PrO-ROC", 1 + random.below(2))
            default: ("DLR", 4)
            }
            let institution = random.pick(institutionsOfRegion[school.region])
            let id = "route-\(pad(index + 1, 6))"
            let sector = random.pick(Self.sectors)
            routes.row(id, "Synthetische route \(index + 1)", school.id, institution,
                       random.chance(0.5) ? "\(institution)-c\(1 + random.below(3))" : "", kind, level.rawValue, String(toLevel), sector,
                       "\(random.pick(Self.qualifications)), \(random.pick(Self.qualifications))", Self.source, "verzonnen")

            // Stages from a start between 2016 and 2026, each a few months after the one before.
            var date = Day(year: 2016, month: 9, day: 1)!.adding(days: random.below(3_600))
            let last = random.below(steps.count)
            var signed: Day?
            var started: Day?
            for step in steps[0...last] {
                if step == .eersteCohortGestart { date = SchoolYear(containing: date.adding(days: 180)).lastDay.adding(days: 1) }
                stages.row(id, step.rawValue, date.description, Self.source, "")
                if step == .overeenkomstGetekend { signed = date }
                if step == .eersteCohortGestart { started = date }
                date = date.adding(days: 60 + random.below(200))
            }
            if last < steps.count - 1, random.chance(0.03) {
                stages.row(id, RouteStage.gestopt.rawValue, date.description, Self.source, "")
            }
            requirements.row(id, "R1", (signed ?? date).description, "Route vastgelegd (voorbeeld)", "")
            if let signed {
                for requirement in [5, 6, 7, 8, 9, 10, 11, 12, 13] where requirement == 5 || random.chance(0.9) {
                    requirements.row(id, "R\(requirement)", signed.description, "Samenwerkingsovereenkomst (voorbeeld)", "")
                }
                requirements.row(id, kind == "GLR" ? "R2" : "R3", signed.description, "Niveau in de overeenkomst (voorbeeld)", "")
            }
            if let started {
                var year = SchoolYear(containing: started)
                while year <= Self.years.last! {
                    cohorts.row(id, year.description, String(10 + random.below(50)), Self.source)
                    year = SchoolYear(startYear: year.startYear + 1)
                }
            }
        }
        files["routes.csv"] = routes.text
        files["route-stages.csv"] = stages.text
        files["route-requirements.csv"] = requirements.text
        files["route-cohorts.csv"] = cohorts.text
    }

    // MARK: - Events

    private mutating func writeEvents(schools: [School], regions: Int, institutionsOfRegion: [[String]], into files: inout [String: String]) {
        var events = CSV(header: "id;date;kind;form;title;participants;source")
        var schoolsOfRegion = Array(repeating: [String](), count: regions)
        for school in schools { schoolsOfRegion[school.region].append(school.id) }
        var count = 0
        func nextID() -> String {
            count += 1
            return "event-\(pad(count, 7))"
        }
        let forms = Event.Form.allCases.map(\.rawValue)
        // Per region and school year: four decanen meetings, two monitoring moments, four stuurgroep meetings.
        for year in Self.years {
            for region in 0..<regions {
                let everyone = schoolsOfRegion[region] + institutionsOfRegion[region]
                for (kind, times, title) in [("decanenoverleg", 4, "Decanenoverleg vo-mbo"), ("monitoring", 2, "Voortgangsbespreking"),
                                             ("stuurgroep", 4, "Stuurgroep")] {
                    for time in 0..<times {
                        let day = year.firstDay.adding(days: 30 + time * (330 / times) + random.below(20))
                        let present = kind == "decanenoverleg" ? everyone.filter { _ in random.chance(0.75) } : institutionsOfRegion[region]
                        events.row(nextID(), day.description, kind, "", "\(title) regio \(region + 1)",
                                   (present.isEmpty ? everyone : present).joined(separator: " "), Self.source)
                    }
                }
            }
        }
        // Kennisdeling: a quarter of what is left; the rest other activities of one school.
        let remaining = max(0, scale.events - count)
        let sharing = remaining / 4
        for index in 0..<remaining {
            let school = schools[index % schools.count]
            let year = Self.years[(index / schools.count) % Self.years.count]
            let day = year.firstDay.adding(days: random.below(365))
            if index < sharing {
                let form = random.pick(forms)
                events.row(nextID(), day.description, "kennisdeling", form, "Kennisdeling \(form) \(index + 1)",
                           "\(school.id) \(random.pick(institutionsOfRegion[school.region]))", Self.source)
            } else {
                events.row(nextID(), day.description, "overig", "", "Activiteit \(index + 1)", school.id, Self.source)
            }
        }
        files["events.csv"] = events.text
    }

    // MARK: - School years and data sharing

    private mutating func writeSchoolYears(schools: [School], institutionsOfRegion: [[String]], into files: inout [String: String]) {
        var reports = CSV(header: "school;school_year;reported_on;lob_voorlichting;praktijkgericht;stages;werkbezoeken;praktijkopdrachten;pro_vso_able;pro_vso_offered;source")
        var sharing = CSV(header: "date;from;to;kind;source")
        for year in Self.years {
            let reportedOn = year.lastDay.adding(days: -21)
            for school in schools {
                let practical = school.levels.contains(.vmboGT) ? (random.chance(0.7) ? "ja" : "nee") : ""
                var able = "", offered = ""
                if school.levels.contains(.pro) || school.levels.contains(.vso) {
                    let students = 5 + random.below(40)
                    able = String(students)
                    offered = String(students - random.below(min(students, 6)))
                }
                reports.row(school.id, year.description, reportedOn.description, random.chance(0.9) ? "ja" : "nee", practical,
                            String(random.below(6)), String(random.below(4)), String(random.below(4)), able, offered, Self.source)
                let institution = random.pick(institutionsOfRegion[school.region])
                sharing.row(year.firstDay.adding(days: 90 + random.below(60)).description, school.id, institution, "nco-rapportage", Self.source)
                sharing.row(year.firstDay.adding(days: 150 + random.below(60)).description, institution, school.id, "studiesucces", Self.source)
            }
        }
        files["school-years.csv"] = reports.text
        files["data-sharing.csv"] = sharing.text
    }
}

/// A semicolon-separated file with CRLF line ends, as the workspace's own files are.
private struct CSV {
    private(set) var text: String

    init(header: String) {
        text = header + "\r\n"
        text.reserveCapacity(1 << 16)
    }

    mutating func row(_ fields: String...) {
        text += fields.joined(separator: ";")
        text += "\r\n"
    }
}

/// `7` as `0007` for width 4: the ids of synthetic records, which covenant.yaml's parties name too.
func pad(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
