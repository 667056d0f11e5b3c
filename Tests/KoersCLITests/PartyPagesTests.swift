import Foundation
import Testing

/// Every party sees its own part: board pages, institutions with their routes, route pages,
/// non-parties listed and not judged, calendars, what changed, and a report tree without broken
/// links. Checked against the default workspace's own state files, not against copied numbers.
@Suite("party pages")
final class PartyPagesTests {
    let folder: URL
    static let repository = ValidateCommandTests.repository

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-parties-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func text(_ path: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    /// A state table of the default workspace as rows of named fields (no quoted separators in these columns).
    static func rows(_ table: String) throws -> [[String: String]] {
        let lines = try String(contentsOf: repository.appendingPathComponent("state/\(table).csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    func makeReport(_ extra: [String] = []) throws -> [String: Any] {
        let result = try KoersProcess.run(["report", "--workspace", Self.repository.path, "--as-of", "2026-11-23", "--out", "out",
                                           "--format", "html,markdown,json,csv"] + extra, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("out/report.json"))) as! [String: Any]
    }

    @Test func boardAndInstitutionPagesHoldTheirOwnPartAndNoOther() throws {
        let json = try makeReport()
        let schools = try Self.rows("schools")
        let boards = json["boards"] as! [[String: Any]]
        // Every board of state/boards.csv has a page, linked from the overview.
        #expect(boards.map { $0["id"] as! String } == (try Self.rows("boards")).map { $0["id"]! })
        let index = try text("out/index.html")
        for board in boards { #expect(index.contains("href=\"boards/\(board["id"] as! String).html\""), "\(board["id"]!)") }

        // ZAAM's page: every school of ZAAM, and no school of another board.
        let zaam = try #require(boards.first { $0["id"] as? String == "zaam" })
        let zaamSchools = schools.filter { $0["board"] == "zaam" }.map { $0["id"]! }
        #expect((zaam["members"] as! [[String: Any]]).map { $0["id"] as! String } == zaamSchools)
        let page = try text("out/boards/zaam.html")
        for school in schools {
            let linked = page.contains("href=\"../schools/school-\(school["id"]!).html\"")
            #expect(linked == (school["board"] == "zaam"), "\(school["id"]!) on ZAAM's page")
        }
        let terminal = try KoersProcess.run(["board", "ZAAM", "--workspace", Self.repository.path, "--as-of", "2026-11-23"], in: folder)
        #expect(terminal.status == 0)
        #expect(terminal.stdout.hasPrefix("Bestuur: ZAAM (zaam)\nvo · heeft het convenant getekend\n"))
        #expect(terminal.stdout.contains("  aandeel in wat de stad telt: 6 van 10\n"))
        let unknown = try KoersProcess.run(["board", "zam", "--workspace", Self.repository.path], in: folder)
        #expect(unknown.status == 64 && unknown.stderr.contains("geen bestuur 'zam' — bedoelt u 'zaam'?"))

        // ROC van Amsterdam's self-check lists every route it is the mbo partner of, with its page.
        let routes = try Self.rows("routes").filter { $0["institution"] == "rocva" }.map { $0["id"]! }
        let checks = json["self_checks"] as! [[String: Any]]
        let rocva = try #require(checks.first { $0["institution"] as? String == "rocva" })
        #expect((rocva["routes"] as! [String]).sorted() == routes.sorted())
        let rocvaPage = try text("out/schools/instelling-rocva.html")
        for route in routes { #expect(rocvaPage.contains("href=\"../routes/\(route).html\""), "\(route)") }
        // Its part in kennisdeling, data-delen in both directions, and decanen attendance.
        let rows = Dictionary(uniqueKeysWithValues: (rocva["targets"] as! [[String: Any]]).map { ($0["target"] as! String, $0) })
        #expect(Set(rows.keys) == ["decanen", "kennisdeling", "data-delen"])
        #expect((rows["data-delen"]?["detail"] as? String)?.contains("inzicht gegeven aan vo-scholen") == true)
        #expect((rows["data-delen"]?["detail"] as? String)?.contains("inzage gekregen (NCO)") == true)
        #expect(rocvaPage.contains("Wettelijke eisen nog open"))

        // A route page: both partners linked, stage history, and the targets that count it.
        let route = try text("out/routes/calvijn-kader-zorg.html")
        #expect(route.contains("href=\"../schools/school-calvijn.html\"") && route.contains("href=\"../schools/instelling-rocva.html\""))
        #expect(route.contains("eerste cohort gestart") && route.contains("href=\"../index.html#routes-vmbo-k\""))
        #expect(index.contains("<a href=\"routes/calvijn-kader-zorg.html\">"))  // from the target's counted routes
    }

    @Test func nonPartiesAreListedAndNotJudged() throws {
        let json = try makeReport()
        let others = (json["non_parties"] as! [[String: Any]]).map { $0["id"] as! String }
        #expect(others == ["wellant-sloten", "altra-zuidoost", "roc-top", "wellant-mbo"])
        let checks = (json["self_checks"] as! [[String: Any]]).map { ($0["school"] as? String) ?? ($0["institution"] as! String) }
        #expect(Set(checks).isDisjoint(with: others))
        // Nothing is asked of them anywhere.
        for gap in json["gaps"] as! [[String: Any]] {
            for key in ["schools", "institutions", "candidates"] {
                #expect(((gap[key] as? [[String: Any]]) ?? []).allSatisfy { !others.contains($0["id"] as! String) }, "\(gap["target"]!)")
            }
        }
        let school = try KoersProcess.run(["school", "wellant-sloten", "--workspace", Self.repository.path, "--as-of", "2026-11-23"], in: folder)
        #expect(school.status == 0)
        #expect(school.stdout.hasPrefix("Wellantcollege vmbo Sloten (wellant-sloten): school, geen partij bij het convenant (bestuur Stichting Wellant tekende niet).\n"))
    }

    @Test func whatChangedSinceAnEarlierDay() throws {
        let json = try makeReport(["--compare-to", "2026-06-01"])
        let comparison = try #require(json["comparison"] as? [String: Any])
        #expect(comparison["compared_to"] as? String == "2026-06-01" && comparison["basis"] as? String == "given")
        let changes = Dictionary(uniqueKeysWithValues: (comparison["targets"] as! [[String: Any]]).map { ($0["target"] as! String, $0) })
        // A status change with the record that made it: the havo findings were reported on 16 June.
        #expect(changes["havo-routes"]?["status_then"] as? String == "behind" && changes["havo-routes"]?["status_now"] as? String == "at_risk")
        #expect(changes["havo-routes"]?["added"] as? [String] == ["bevindingen gerapporteerd (16 juni 2026)"])
        let records = (comparison["records"] as! [[String: Any]]).map { "\($0["date"]!) \($0["text"]!)" }
        // A new route and a stage change.
        #expect(records.contains("2026-09-15 Leerroute kader naar niveau 4 onderwijs Bindelmeer College: nieuwe route, verkenning"))
        #expect(records.contains("2026-08-24 Leerroute vmbo-t naar niveau 4 onderwijs Voorbeeldmavo 1: geregistreerd bij DUO → eerste cohort gestart"))
        #expect(records.contains("2026-10-06 Decanenoverleg vo-mbo gehouden (24 deelnemers)"))
        let html = try text("out/index.html")
        #expect(html.contains("<p class=\"change\"><strong>Wat veranderde:</strong> achter → risico, 1 stap → 2 stappen; nieuw geteld: bevindingen gerapporteerd (16 juni 2026).</p>"))
        #expect(try text("out/boards/zaam.html").contains("15 september 2026: Leerroute kader naar niveau 4 onderwijs Bindelmeer College: nieuwe route, verkenning"))
        #expect(try text("out/schools/school-bindelmeer.md").contains("- 15 september 2026: Leerroute kader naar niveau 4 onderwijs Bindelmeer College: nieuwe route, verkenning"))
        #expect(try text("out/changes.csv").contains("2026-06-01/2026-11-23;doel;havo-routes;achter;risico;1;2;nieuw geteld: bevindingen gerapporteerd (16 juni 2026)\r\n"))
        // Without --compare-to: the previous monitoring moment before the evaluation date.
        let byDefault = try makeReport()
        let basis = try #require(byDefault["comparison"] as? [String: Any])
        #expect(basis["compared_to"] as? String == "2026-11-10" && basis["basis"] as? String == "monitoring")
        let late = try KoersProcess.run(["report", "--workspace", Self.repository.path, "--as-of", "2026-11-23", "--out", "x",
                                         "--compare-to", "2026-12-01"], in: folder)
        #expect(late.status == 64 && late.stderr.contains("--compare-to: 2026-12-01 is not before the evaluation date 2026-11-23"))
    }

    /// A school sees, per target, how other party schools with the same levels do (and, in a focus
    /// district, those there too), as counts without names; recomputed here from the state files
    /// and the report's contributions.
    @Test func aSchoolSeesHowSimilarSchoolsDo() throws {
        let json = try makeReport()
        let schools = try Self.rows("schools")
        let parties = Set((try Self.rows("boards")).map { $0["id"]! }).subtracting(["ssvabvoij", "wellant", "altra", "bestuur-roc-top"])
        let levels = { (id: String) in Set(schools.first { $0["id"] == id }!["levels"]!.split(separator: " ")) }
        let mundus = schools.first { $0["id"] == "mundus" }!
        let peers = schools.filter { school in
            school["id"] != "mundus" && levels(school["id"]!) == levels("mundus")
                && (parties.contains(school["board"]!) || school["id"] == "terra-nova" || school["board"]!.isEmpty)
        }
        let targets = json["targets"] as! [[String: Any]]
        let check = try #require((json["self_checks"] as! [[String: Any]]).first { $0["school"] as? String == "mundus" })
        var compared = 0
        for row in check["targets"] as! [[String: Any]] {
            let target = try #require(targets.first { $0["id"] as? String == row["target"] as? String })
            let kinds = Dictionary((target["contributions"] as! [[String: Any]]).compactMap { line in
                (line["school"] as? String).map { ($0, line["kind"] as! String) }
            }, uniquingKeysWith: { first, _ in first })
            func line(_ group: [[String: String]], _ place: String) -> String? {
                let named = group.filter { kinds[$0["id"]!] != nil && kinds[$0["id"]!] != "waived" }
                guard !named.isEmpty else { return nil }
                let contributing = named.filter { kinds[$0["id"]!] == "contributes" }.count
                return "andere scholen met dezelfde niveaus (vmbo-b, vmbo-k, vmbo-gt)\(place): \(contributing) van de \(named.count) \(contributing == 1 ? "draagt" : "dragen") bij"
            }
            let expected = [line(peers, ""), line(peers.filter { $0["stadsdeel"] == mundus["stadsdeel"] }, " in Nieuw-West")].compactMap { $0 }
            #expect(row["peers"] as? [String] == expected, "\(row["target"]!)")
            compared += expected.count
        }
        #expect(compared > 10)
        // No peer is named: the lines hold counts only.
        let page = try text("out/schools/school-mundus.html")
        #expect(page.contains("andere scholen met dezelfde niveaus (vmbo-b, vmbo-k, vmbo-gt): 4 van de 7 dragen bij"))
    }

    /// The calendars parse with a real iCalendar parser (Python's `icalendar`, which scripts/test
    /// installs when absent) and hold the dated items the self-check shows.
    @Test func calendarsParseAndHoldTheExpectedEvents() throws {
        _ = try makeReport()
        let script = """
            import icalendar, json, sys, pathlib
            out = {}
            for path in sorted(pathlib.Path(sys.argv[1]).glob('*.ics')):
                calendar = icalendar.Calendar.from_ical(path.read_bytes())
                out[path.stem] = [[str(e.get('UID')), e.decoded('DTSTART').isoformat(), str(e.get('SUMMARY'))] for e in calendar.walk('VEVENT')]
            print(json.dumps(out))
            """
        let result = try KoersProcess.runTool("/usr/bin/python3", ["-c", script, folder.appendingPathComponent("out/calendars").path])
        #expect(result.status == 0, "python3 icalendar: \(result.stderr) (scripts/test installs it: pip install icalendar)")
        let calendars = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: [[String]]]
        #expect(calendars.count == 35 + 12)
        // Noorderlicht is invited to the planned decanenoverleg and made its 2026-27 return on
        // 2 November 2026, which counts for twelve months (the freshness of the return targets).
        let noorderlicht = try #require(calendars["school-noorderlicht"])
        #expect(noorderlicht.contains(["decanen-2027-02-09@school-noorderlicht", "2027-02-09", "Decanenoverleg vo-mbo"]))
        #expect(noorderlicht.contains { $0[0] == "return-expires-2026-27@school-noorderlicht" && $0[1] == "2027-11-02" })
        #expect(!noorderlicht.contains { $0[0].hasPrefix("return-due-") })
        // Mundus has not made its 2026-27 return yet: it is due by the end of the school year.
        let mundus = try #require(calendars["school-mundus"])
        #expect(mundus.contains { $0[0] == "return-due-2026-27@school-mundus" && $0[1] == "2027-07-31" })
        let zuiderlicht = try #require(calendars["school-zuiderlicht"])
        #expect(zuiderlicht.contains(["zuiderlicht-zorg-duo-registratie@school-zuiderlicht", "2027-03-01",
                                      "Leerroute zorg Zuiderlicht College: geregistreerd bij DUO (gepland)"]))
        #expect(try #require(calendars["bestuur-zaam"]).contains { $0[0] == "monitoring-2027-05-25@bestuur-zaam" })
        // The self-check shows the same items.
        #expect(try text("out/schools/school-noorderlicht.html").contains("<li><strong>9 februari 2027</strong>: Decanenoverleg vo-mbo"))
    }

    /// Every link in every page of the report tree leads to a file that exists, and every
    /// `#anchor` to an id on that page.
    @Test func theReportTreeHasNoBrokenLinks() throws {
        _ = try makeReport()
        let root = folder.appendingPathComponent("out")
        let files = try ReportCommandTests.tree(root)
        var checked = 0
        for (path, data) in files where path.hasSuffix(".html") || path.hasSuffix(".md") {
            let page = String(decoding: data, as: UTF8.self)
            let targets = path.hasSuffix(".html")
                ? page.matches(of: /href="([^"]+)"/).map { String($0.1) }
                : page.matches(of: /\]\(([^)\s]+)\)/).map { String($0.1) }
            for target in targets where !target.hasPrefix("http") {
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                var folders = Array(path.split(separator: "/").map(String.init).dropLast())
                for piece in parts[0].split(separator: "/").map(String.init) {
                    if piece == ".." { folders = Array(folders.dropLast()) } else if piece != "." { folders.append(piece) }
                }
                let file = parts[0].isEmpty ? path : folders.joined(separator: "/")
                #expect(files[file] != nil, "\(path): broken link \(target)")
                if parts.count == 2, file.hasSuffix(".html"), let linked = files[file] {
                    #expect(String(decoding: linked, as: UTF8.self).contains("id=\"\(parts[1])\""), "\(path): no anchor \(target)")
                }
                checked += 1
            }
        }
        #expect(checked > 1_500)
    }
}
