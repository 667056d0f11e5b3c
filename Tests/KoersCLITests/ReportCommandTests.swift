#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// `koers report`, `koers gaps` and `koers school` on the default Amsterdam workspace and on
/// broken ones, as a user runs them.
@Suite("koers report")
final class ReportCommandTests {
    let folder: URL
    static let repository = ValidateCommandTests.repository
    static let asOf = "2026-11-23"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func report(_ extra: [String], workspace: URL = ReportCommandTests.repository, environment: [String: String] = [:])
        throws -> (status: Int32, stdout: String, stderr: String) {
        try KoersProcess.run(["report", "--workspace", workspace.path, "--as-of", Self.asOf] + extra, in: folder, environment: environment)
    }

    func text(_ path: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file under `root`, by relative path, with its bytes.
    static func tree(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.path.dropFirst(root.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func theDefaultWorkspaceReportSaysWhereEachTargetStands() throws {
        let result = try report(["--out", "out", "--format", "html,markdown,json,csv"])
        #expect(result.status == 0, "\(result.stderr)")

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("out/report.json"))) as! [String: Any]
        #expect(json["schema_version"] as? Int == 3)
        #expect(json["as_of"] as? String == Self.asOf)
        let targets = json["targets"] as! [[String: Any]]
        let statuses = Dictionary(uniqueKeysWithValues: targets.map { ($0["id"] as! String, $0["status"] as! String) })
        #expect(statuses == [
            "routes-vmbo-b": "at_risk", "routes-vmbo-k": "at_risk", "routes-vmbo-t": "behind", "pro-vso-roc": "at_risk",
            "havo-routes": "at_risk", "praktijkgericht": "at_risk", "lob-voorlichting": "behind", "bedrijfsleven": "behind",
            "decanen": "behind", "kennisdeling": "achieved", "data-delen": "on_track", "evaluatie": "behind",
        ])
        #expect(targets.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
        #expect(targets.first { $0["id"] as? String == "decanen" }?["reason"] as? String
                == "2025-26 had 3 van de 4 bijeenkomsten (afspraak: 4 per schooljaar); 2026-27 tot nu toe 1.")
        let vmboB = targets[0]
        #expect(vmboB["value"] as? Double == 10 && vmboB["target"] as? Double == 12 && vmboB["needed"] as? Double == 2)
        let trajectory = vmboB["trajectory"] as! [String: Any]
        // The line the status compared, as segments: one for a count from baseline to target.
        let path = try #require(trajectory["expected_path"] as? [[[String: Any]]])
        #expect(path.count == 1 && path[0].first?["value"] as? Double == 4 && path[0].last?["date"] as? String == "2027-07-31")
        let decanenPath = try #require(targets.first { $0["id"] as? String == "decanen" }?["trajectory"] as? [String: Any])
        #expect((decanenPath["expected_path"] as? [[[String: Any]]])?.count == 4)  // 2023-24 (run-in) … 2026-27
        let measured = try #require(trajectory["measured"] as? [[String: Any]])
        #expect(measured.first?["date"] as? String == "2024-01-01")
        #expect(measured.first?["value"] as? Double == 4)  // the baseline: four routes on 1 January 2024
        #expect(measured.last?["date"] as? String == Self.asOf)

        let gaps = Dictionary(uniqueKeysWithValues: (json["gaps"] as! [[String: Any]]).map { ($0["target"] as! String, $0) })
        #expect(gaps["kennisdeling"] == nil)  // achieved: nothing is missing
        let vmboBGap = try #require(gaps["routes-vmbo-b"])
        // The city needs two more schools with a route: shared out over the candidates, asked of none alone.
        #expect((vmboBGap["schools"] as! [[String: Any]]).isEmpty)
        #expect((vmboBGap["candidates"] as! [[String: Any]]).contains { $0["id"] as? String == "terra-nova" })
        #expect((vmboBGap["shared_ask"] as? [String: Any])?["needed"] as? Double == 2)
        #expect((vmboBGap["programme_team"] as! [String]).isEmpty)
        #expect(gaps["decanen"]?["programme_team"] as? [String] == ["nog 3 bijeenkomsten organiseren in dit schooljaar"])
        #expect((gaps["data-delen"]?["institutions"] as? [[String: Any]])?.isEmpty == false)

        let html = try text("out/index.html")
        #expect(html.contains("<h1>Voortgangsrapportage: Doorlopend leren vo-mbo</h1>"))
        #expect(html.contains("Stand op 23 november 2026 (schooljaar 2026-27)"))
        #expect(html.contains("<span class=\"badge at_risk\">risico</span></td><td data-label=\"Waarde\" class=\"number\">10 van 12 scholen<br><span class=\"muted\">sinds 1 januari 2024</span></td>"))
        #expect(html.contains("<span class=\"badge behind\">achter</span></td><td data-label=\"Waarde\" class=\"number\">86% (doel 100%)<br><span class=\"muted\">opgaven 2025-26</span></td>"))
        #expect(html.contains("<p class=\"reason\"><strong>achter:</strong> 2025-26 had 3 van de 4 bijeenkomsten (afspraak: 4 per schooljaar); 2026-27 tot nu toe 1.</p>"))
        #expect(html.contains("2024-25 ✓ 4 van 4 bijeenkomsten · 2025-26 ✗ 3 van 4 bijeenkomsten · 2026-27 1 van 4 bijeenkomsten (1,3 verwacht, 1 gepland)"))
        #expect(html.contains("sha256:") && html.contains("Herkomst"))
        // Self-contained: nothing is loaded from elsewhere.
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("href=\"http"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 24)  // a sparkline and a chart per target

        // Every self-check page the overview links to exists.
        let links = html.components(separatedBy: "href=\"schools/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(links.count > 39)
        for link in Set(links) { #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/schools/\(link)").path), "\(link)") }
        let mundus = try text("out/schools/school-mundus.html")
        #expect(mundus.contains("<h1>Zelfcheck: Mundus College</h1>"))
        #expect(mundus.contains("<span class=\"badge candidate\">kan bijdragen</span><br>nog geen nieuwe leerroute vmbo-k naar niveau 4"))

        let markdown = try text("out/report.md")
        #expect(markdown.contains("| [Twaalf vmbo-b-scholen ontwikkelen met het Amsterdamse mbo een leerroute naar niveau 2](#routes-vmbo-b) | **risico** | 10 van 12 scholen (sinds 1 januari 2024) | 10 van de 12 scholen, 0,5 onder de lijn (verwacht 10,5); in dit tempo 11,4 op 31 juli 2027. |"))
        #expect(markdown.contains("![Verloop: Vo- en mbo-decanen komen vier keer per jaar bijeen](charts/decanen.svg)"))
        // Words a reader stumbled on: no separator after the last count, no stage code in a detail,
        // an example named "(voorbeeld)" once, and the data checks signed by the plugins that made them.
        #expect(markdown.contains("\n**1 behaald** · **1 op koers** · **5 risico** · **5 achter**\n"))
        let mundusMarkdown = try text("out/schools/school-mundus.md")
        #expect(!mundusMarkdown.contains("eerste-cohort-gestart sinds") && mundusMarkdown.contains("(eerste cohort gestart, sinds 25 augustus 2025)"))
        #expect(!html.contains("(voorbeeld) <span class=\"muted\">("))
        #expect(!html.contains("<p class=\"muted\">plugin: koers</p>"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/charts/decanen.svg").path))
        #expect(try text("out/schools/school-mundus.md").contains("- Uw bijdrage: **kan bijdragen** — nog geen nieuwe leerroute vmbo-k naar niveau 4"))

        let csv = try Data(contentsOf: folder.appendingPathComponent("out/targets.csv"))
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        let rows = String(decoding: csv.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(rows[0] == "doel;actielijn;titel;status;reden;waarde;verwacht;doelwaarde;nog_nodig;nodig_per_schooljaar;prognose;eenheid;deadline;per_schooljaar;zonder_opgave;fout")
        #expect(rows[1] == "routes-vmbo-b;leerroutes;Twaalf vmbo-b-scholen ontwikkelen met het Amsterdamse mbo een leerroute naar niveau 2;risico;"
                + "\"10 van de 12 scholen, 0,5 onder de lijn (verwacht 10,5); in dit tempo 11,4 op 31 juli 2027.\";"
                + "10;10,47;12;2;2;11,42;scholen;2027-07-31;;;")
        #expect(try text("out/gaps.csv").contains("decanen;achter;2027-07-31;Programmateam;;;nog 3 bijeenkomsten organiseren in dit schooljaar;;;;\r\n"))
        // Board, stadsdeel and focus district, so that a board filters its own part in Excel.
        #expect(try text("out/gaps.csv").contains(";voorbeeld-pro-1;Voorbeeld praktijkschool 1 (voorbeeld);aanwezig bij 0 van de 4 bijeenkomsten sinds 1 augustus 2025;zaam;ZAAM;Nieuw-West;ja\r\n"))
        // Only the parties have a self-check: Wellant, Altra, ROC TOP and Wellant mbo did not sign.
        #expect(result.stderr.contains("35 zelfcheckpagina's"))
    }

    @Test func theSameInputsGiveTheSameBytesAndNothingOutsideTheFolder() throws {
        let first = try report(["--out", "a", "--format", "html,markdown,json,csv"])
        let second = try report(["--out", "b", "--format", "html,markdown,json,csv"])
        #expect(first.status == 0 && second.status == 0)
        let a = try Self.tree(folder.appendingPathComponent("a")), b = try Self.tree(folder.appendingPathComponent("b"))
        // index.html and its pages (35 self-checks, 12 boards, 29 routes), report.md and the same
        // pages, its charts, the calendars (35 parties, 12 boards), json, csv (with changes.csv),
        // the CSV files of the plugins' sections (route_law 1, focus_districts 2, data checks 1), and the manifest.
        #expect(a.count == 1 + 35 + 12 + 29 + 1 + 35 + 12 + 29 + 12 + 47 + 1 + 4 + 4 + 1)
        #expect(a.keys.filter { $0.hasPrefix("sections/") }.sorted() == [
            "sections/data-checks-1.csv", "sections/focus_districts-1-1.csv", "sections/focus_districts-1-2.csv", "sections/route_law-1-1.csv",
        ])
        #expect(a == b)
        // Writing again over an existing report replaces it whole and leaves no staging folder.
        #expect(try report(["--out", "a", "--format", "html,markdown,json,csv"]).status == 0)
        #expect(try Self.tree(folder.appendingPathComponent("a")) == a)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a", "b"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("a").path).allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func englishOnRequest() throws {
        let result = try report(["--out", "en", "--format", "html", "--lang", "en"])
        #expect(result.status == 0)
        let html = try text("en/index.html")
        #expect(html.contains("<html lang=\"en\">") && html.contains("Progress report: Continuous learning vo-mbo"))
        #expect(html.contains("As of 23 November 2026 (school year 2026-27)"))
        #expect(html.contains("<span class=\"badge at_risk\">at risk</span></td><td data-label=\"Value\" class=\"number\">10 of 12 schools<br><span class=\"muted\">since 1 January 2024</span></td>"))
    }

    @Test func aFailingRuleIsShownAndTheRestIsStillReported() throws {
        let workspace = folder.appendingPathComponent("workspace")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Tests/WorkspaceTests/Workspaces/minimal"), to: workspace)
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try Data("return { status = 'on_track', value = 1, expected = 1, target = 3, needed = 2 }".utf8)
            .write(to: workspace.appendingPathComponent("rules/routes-vmbo-b.lua"))
        try Data("local meetings = nil\nreturn { status = 'on_track', value = #meetings }".utf8).write(to: workspace.appendingPathComponent("rules/decanen.lua"))
        try Data("return { status = 'achieved', value = 100, target = 100, needed = 0 }".utf8)
            .write(to: workspace.appendingPathComponent("rules/lob-voorlichting.lua"))
        let result = try report(["--out", "out", "--format", "html,json"], workspace: workspace)
        #expect(result.status == 2)
        #expect(result.stderr.contains("koers: fout: decanen: rules/decanen.lua:2:"))
        let html = try text("out/index.html")
        #expect(html.contains("<strong>Fouten in regels.</strong>"))
        #expect(html.contains("<code>rules/decanen.lua:2: attempt to get length of a nil value (local &#39;meetings&#39;)</code>"))
        #expect(html.contains("<span class=\"badge achieved\">behaald</span>"))
        let json = try text("out/report.json")
        #expect(json.contains("\"script\" : \"rules/decanen.lua\""))
        // Every self-check shows the failed target as not judged, with the file and line, instead
        // of silently lacking it: on the school pages, and in `koers school` with stderr and exit 2.
        let page = try text("out/schools/school-noordschool.html")
        #expect(page.contains("<span class=\"badge error\">fout</span><br>niet beoordeeld: de regel faalde: rules/decanen.lua:2: attempt to get length of a nil value"), "\(page)")
        let school = try KoersProcess.run(["school", "noordschool", "--workspace", workspace.path, "--as-of", Self.asOf], in: folder)
        #expect(school.status == 2)
        #expect(school.stdout.contains("Uw bijdrage: fout — niet beoordeeld: de regel faalde: rules/decanen.lua:2: attempt to get length of a nil value"), "\(school.stdout)")
        #expect(school.stderr.contains("koers: fout: decanen: rules/decanen.lua:2:"))
        let english = try KoersProcess.run(["school", "noordschool", "--workspace", workspace.path, "--as-of", Self.asOf, "--lang", "en"], in: folder)
        #expect(english.stdout.contains("Your part: error — not judged: the rule failed: rules/decanen.lua:2:"), "\(english.stdout)")
    }

    /// A rule that fails on the evaluation date is not run again for every earlier day of the
    /// trajectory (a memory bomb would otherwise hit its limit 53 times): this rule fails only on
    /// the evaluation date, so any earlier day judged would leave a point in its chart.
    @Test func aRuleThatFailsOnTheEvaluationDateIsNotRunForEarlierDays() throws {
        let workspace = folder.appendingPathComponent("workspace")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Tests/WorkspaceTests/Workspaces/minimal"), to: workspace)
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try Data("""
            if state.as_of == "\(Self.asOf)" then error("only today") end
            return { status = "on_track", value = 1 }
            """.utf8).write(to: workspace.appendingPathComponent("rules/routes-vmbo-b.lua"))
        try Data("return { status = 'on_track', value = 2 }".utf8).write(to: workspace.appendingPathComponent("rules/decanen.lua"))
        try Data("return { status = 'on_track', value = 3 }".utf8).write(to: workspace.appendingPathComponent("rules/lob-voorlichting.lua"))
        let result = try report(["--out", "out", "--format", "json"], workspace: workspace)
        #expect(result.status == 2)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("out/report.json"))) as! [String: Any]
        let targets = Dictionary(uniqueKeysWithValues: (json["targets"] as! [[String: Any]]).map { ($0["id"] as! String, $0) })
        func measured(_ id: String) -> Int { ((targets[id]?["trajectory"] as? [String: Any])?["measured"] as? [Any])?.count ?? -1 }
        #expect(targets["routes-vmbo-b"]?["status"] as? String == "error")
        #expect(measured("routes-vmbo-b") == 0, "the failing rule was run on earlier days")
        #expect(measured("decanen") > 30, "the other rules still draw their trajectory")
    }

    @Test(arguments: [
        (["--out", "x", "--format", "xml"], Int32(64), "onbekend formaat 'xml'"),
        (["--out", "x", "--format", "xml", "--lang", "en"], Int32(64), "unknown format 'xml'"),
        (["--format", "html"], Int32(64), "Missing expected argument '--out <dir>'"),
        (["--out", "missing/parent/out"], Int32(73), "does not exist; create it first"),
        (["--out", "a-file"], Int32(73), "is a file, not a folder"),
        (["--out", "x", "--lang", "fr"], Int32(64), "--lang"),
    ])
    func badArgumentsSayWhatIsWrong(_ arguments: [String], _ status: Int32, _ message: String) throws {
        try Data("not a folder".utf8).write(to: folder.appendingPathComponent("a-file"))
        let result = try report(arguments)
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path))
    }

    /// Koers replaces only a folder it made: a folder of someone's files is refused before any
    /// rule runs, and nothing in it is written or deleted; so are `/`, an empty `--out` and a link.
    @Test func aFolderThatIsNotAKoersReportIsRefusedUntouched() throws {
        let out = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("schools"), withIntermediateDirectories: true)
        try Data("mijn scriptie".utf8).write(to: out.appendingPathComponent("scriptie.docx"))
        try Data("eigen pagina".utf8).write(to: out.appendingPathComponent("schools/school-mundus.html"))
        let before = try Self.tree(out)
        let result = try report(["--out", "mine", "--format", "html"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("holds files that are not a Koers report (schools, scriptie.docx); nothing was written or deleted"), "\(result.stderr)")
        #expect(try Self.tree(out) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") }, "a build folder was left")
        let root = try report(["--out", "/", "--format", "json"])
        #expect(root.status == 73 && root.stderr.contains("--out / is the root of the file system"))
        let empty = try report(["--out", "", "--format", "json"])
        #expect(empty.status == 64 && empty.stderr.contains("--out is leeg"))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link").path, withDestinationPath: "nowhere")
        let link = try report(["--out", "link", "--format", "json"])
        #expect(link.status == 73 && link.stderr.contains("is a link to 'nowhere', which does not exist"), "\(link.stderr)")
    }

    /// The folder holds exactly one report: a second one with other formats, another date or
    /// language leaves nothing of the first, and the manifest says what is there.
    @Test func theFolderHoldsExactlyOneReportWithItsManifest() throws {
        #expect(try report(["--out", "r", "--format", "html,markdown,csv"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r/report.md").path))
        let second = try KoersProcess.run(["report", "--workspace", Self.repository.path, "--as-of", "2026-07-31", "--lang", "en",
                                           "--out", "r", "--format", "json"], in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.tree(folder.appendingPathComponent("r")).keys.sorted() == ["koers-manifest.json", "report.json"])
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("r/koers-manifest.json"))) as! [String: Any]
        #expect(manifest["as_of"] as? String == "2026-07-31" && manifest["language"] as? String == "en")
        #expect(manifest["formats"] as? [String] == ["json"] && manifest["files"] as? [String] == ["koers-manifest.json", "report.json"])
    }

    /// A link placed inside an earlier report does not lead the next one elsewhere: the folder is
    /// replaced whole, and the link's target is neither written to nor emptied.
    @Test func aLinkInsideAnEarlierReportIsNotFollowed() throws {
        #expect(try report(["--out", "r", "--format", "html"]).status == 0)
        let outside = folder.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: false)
        try Data("niet van Koers".utf8).write(to: outside.appendingPathComponent("school-mundus.html"))
        let schools = folder.appendingPathComponent("r/schools")
        try FileManager.default.removeItem(at: schools)
        try FileManager.default.createSymbolicLink(atPath: schools.path, withDestinationPath: outside.path)
        #expect(try report(["--out", "r", "--format", "html"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["school-mundus.html"])
        #expect(try String(contentsOf: outside.appendingPathComponent("school-mundus.html"), encoding: .utf8) == "niet van Koers")
        var info = stat()
        #expect(lstat(schools.path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR, "the new report has a real schools/ folder")
    }

    @Test func dataErrorsWriteNothing() throws {
        let workspace = folder.appendingPathComponent("broken")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Tests/WorkspaceTests/Workspaces/minimal"), to: workspace)
        try Data("id;name;board;stadsdeel;levels\nnoordschool;Noordschool;bestuur-noord;Noord;vmbo-x\n".utf8)
            .write(to: workspace.appendingPathComponent("state/schools.csv"))
        let result = try report(["--out", "out"], workspace: workspace)
        #expect(result.status == 65)
        #expect(result.stderr.contains("state/schools.csv:2"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func theWorkspaceTemplatesReplaceKoersOwn() throws {
        let workspace = folder.appendingPathComponent("templated")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Tests/WorkspaceTests/Workspaces/minimal"), to: workspace)
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try Data("{{% CONTENT_TYPE: TEXT}}\nEigen rapport {{asOf}}:{{#targets}} {{id}}={{statusLabel}}{{/targets}}\n".utf8)
            .write(to: workspace.appendingPathComponent("templates/report.md.mustache"))
        let result = try report(["--out", "out", "--format", "md"], workspace: workspace)
        #expect(result.status == 2)  // the minimal workspace has no rules: every target is an error
        #expect(try text("out/report.md").hasPrefix("Eigen rapport 23 november 2026: routes-vmbo-b=fout decanen=fout"))

        try Data("{{#targets}}\n{{title}\n".utf8).write(to: workspace.appendingPathComponent("templates/gaps.txt.mustache"))
        let broken = try report(["--out", "out2", "--format", "md"], workspace: workspace)
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("templates/gaps.txt.mustache:2: error: the template does not parse"), "\(broken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out2").path))
    }

    @Test func pdfWithoutABrowserSaysHowToGetOne() throws {
        let explicit = try report(["--out", "out", "--format", "pdf"], environment: ["KOERS_CHROMIUM": "/nonexistent/chromium"])
        #expect(explicit.status == 69)
        #expect(explicit.stderr.contains("--format pdf heeft een headless Chromium nodig") && explicit.stderr.contains("apt-get install -y chromium"))
        let all = try report(["--out", "out"], environment: ["KOERS_CHROMIUM": "/nonexistent/chromium"])
        #expect(all.status == 0)
        #expect(all.stderr.contains("koers: let op: geen PDF"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/report.pdf").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/index.html").path))
    }

    @Test func theGapReportGroupsByWhoCanAct() throws {
        let result = try KoersProcess.run(["gaps", "--workspace", Self.repository.path, "--as-of", Self.asOf], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Wat nog nodig is, en van wie — Doorlopend leren vo-mbo, Stand op 23 november 2026 (schooljaar 2026-27)\n"))
        #expect(result.stdout.contains("""
            Twaalf vmbo-b-scholen ontwikkelen met het Amsterdamse mbo een leerroute naar niveau 2 [risico]
              Waarom: 10 van de 12 scholen, 0,5 onder de lijn (verwacht 10,5); in dit tempo 11,4 op 31 juli 2027.
              Nog nodig: 2 scholen; Nodig per resterend schooljaar: 2 scholen; Deadline: 31 juli 2027
              Gedeelde vraag: de stad heeft nog 2 scholen nodig; 14 scholen kunnen daaraan bijdragen.
              Kunnen bijdragen (14): Hubertus & Berkhoff, Montessori College Terra Nova, Open Scholengemeenschap Bijlmer, Bredero Beroepscollege, Voorbeeldschool A (voorbeeld), Voorbeeldschool B (voorbeeld), Voorbeeldschool D (voorbeeld), Voorbeeldschool E (voorbeeld), Voorbeeldschool F (voorbeeld), Voorbeeldschool G (voorbeeld), Voorbeeldschool H (voorbeeld), Voorbeeldschool I (voorbeeld), Voorbeeldschool J (voorbeeld), Voorbeeldschool K (voorbeeld)
            """))
        #expect(result.stdout.contains("""
            Vo- en mbo-decanen komen vier keer per jaar bijeen [achter]
              Waarom: 2025-26 had 3 van de 4 bijeenkomsten (afspraak: 4 per schooljaar); 2026-27 tot nu toe 1.
              Nog nodig: 3 bijeenkomsten; Deadline: 31 juli 2027
              Programmateam:
                - nog 3 bijeenkomsten organiseren in dit schooljaar
            """))
        #expect(result.stdout.contains("  Mbo-instellingen:\n"))
        #expect(!result.stdout.contains("Jaarlijks professionaliseringsbijeenkomsten"))  // achieved
    }

    @Test func aSchoolChecksItsOwnPart() throws {
        let result = try KoersProcess.run(["school", "Mundus", "--workspace", Self.repository.path, "--as-of", Self.asOf], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Zelfcheck: Mundus College (mundus)\nschool · stadsdeel Nieuw-West · bestuur Esprit Scholen · niveaus vmbo-b, vmbo-k, vmbo-gt\n"))
        #expect(result.stdout.contains("""
            Elk schooljaar minstens één nieuwe leerroute vmbo-k naar niveau 4
              Uw bijdrage: kan bijdragen — nog geen nieuwe leerroute vmbo-k naar niveau 4
              de stad heeft nog 1 route nodig; 19 scholen kunnen daaraan bijdragen, u bent er één van
              Stad (sinds 1 januari 2024): risico, 2 van 3 routes; 2 van 21 bijdragend in de stad (zelfde periode als uw bijdrage)
              Waarom: Jaarafspraak: 2026-27: 0 van de 1 nieuwe route, naar rato 0,3 verwacht, 1 gepland; minder dan één achter op schema, dus nog niets achterstallig.
            """))
        let institution = try KoersProcess.run(["school", "rocva", "--workspace", Self.repository.path, "--as-of", Self.asOf, "--lang", "en"], in: folder)
        #expect(institution.stdout.hasPrefix("Self-check: ROC van Amsterdam (rocva)\nmbo institution"))

        let ambiguous = try KoersProcess.run(["school", "college", "--workspace", Self.repository.path], in: folder)
        #expect(ambiguous.status == 64)
        #expect(ambiguous.stderr.contains("'college' past bij") && ambiguous.stderr.contains("  mundus  Mundus College\n"))
        let unknown = try KoersProcess.run(["school", "mundos", "--workspace", Self.repository.path], in: folder)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("geen school of instelling 'mundos' — bedoelt u 'mundus'?"))
    }
}

/// The HTML report in a real browser: loaded, and printed to PDF on A4.
@Suite("koers report in a browser")
struct BrowserTests {
    static let chromium = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].lazy
        .flatMap { name in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/\(name)" } }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The DOM Chromium holds after loading `page` (and running its scripts), as text.
    static func dom(of page: URL, profile: URL, options: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)"] + options
            + ["--dump-dom", page.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return dom
    }

    @Test(.enabled(if: chromium != nil, "no headless Chromium is installed (apt-get install -y chromium); the browser test is skipped"))
    func theReportLoadsInChromiumAndPrintsToA4() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KoersProcess.run(["report", "--workspace", ReportCommandTests.repository.path, "--as-of", ReportCommandTests.asOf,
                                           "--out", "out", "--format", "html,pdf"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")

        // The browser's own DOM after loading: the page parsed and the content is there.
        let dom = try Self.dom(of: folder.appendingPathComponent("out/index.html"), profile: folder.appendingPathComponent("profile"))
        #expect(dom.contains("<h1>Voortgangsrapportage: Doorlopend leren vo-mbo</h1>"))
        #expect(dom.components(separatedBy: "<svg").count - 1 == 24)

        let pdf = try Data(contentsOf: folder.appendingPathComponent("out/report.pdf"))
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        // Chromium gives every page its own MediaBox: count them, and all are A4 (595 × 842 points).
        let pages = text.components(separatedBy: "/MediaBox [").count - 1
        #expect(pages > 5, "a summary page, the action lines, the gaps")
        #expect(text.components(separatedBy: "/MediaBox [0 0 594.95996 841.91998]").count - 1 == pages, "A4")
        #expect(text.contains("(D:20261123000000"), "dates are the evaluation date, so the PDF is reproducible")
        #expect(text.contains("/ID (node00000001)"), "the tagged cells' node ids are renumbered from 1")

        // On paper: the summary with every target on page 1, contents and page numbers, and each
        // target's per-school table printed open (a closed toggle would hide it on paper).
        let pdftotext = { (extra: [String]) throws -> String in
            let tool = try KoersProcess.runTool("/usr/bin/pdftotext", extra + ["-layout", folder.appendingPathComponent("out/report.pdf").path, "-"])
            #expect(tool.status == 0, "pdftotext (poppler-utils, which scripts/test installs): \(tool.stderr)")
            return tool.stdout
        }
        let first = try pdftotext(["-f", "1", "-l", "1"])
        #expect(first.contains("Inhoud: Actielijn 1: Doorlopende leerroutes (opschalen)"))
        for title in ["Twaalf vmbo-b-scholen ontwikkelen", "De voortgang van het convenant wordt twee keer"] {
            #expect(first.contains(title), "\(title) on page 1")
        }
        #expect(first.contains("1 / \(pages)"))
        let all = try pdftotext([])
        #expect(all.contains("\(pages) / \(pages)"))
        #expect(all.components(separatedBy: "Bijdrage per school en instelling").count - 1 == 10, "every target with contributions")
        #expect(all.contains("Mundus College") && all.contains("kan bijdragen"))
        #expect(!all.contains("▶"))
    }

    /// Two prints of the same report, made at the same time so the machine is loaded, are the
    /// same bytes: dates are the evaluation date and the tagged cells' node ids are renumbered.
    @Test(.enabled(if: chromium != nil, "no headless Chromium is installed (apt-get install -y chromium); the browser test is skipped"))
    func twoPrintsAtOnceAreTheSameBytes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-pdf-twice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let prints = try await withThrowingTaskGroup(of: Data.self) { group in
            for name in ["one", "two", "three"] {
                group.addTask {
                    let result = try KoersProcess.run(["report", "--workspace", ReportCommandTests.repository.path, "--as-of", ReportCommandTests.asOf,
                                                       "--out", name, "--format", "pdf"], in: folder)
                    #expect(result.status == 0, "\(result.stderr)")
                    return try Data(contentsOf: folder.appendingPathComponent("\(name)/report.pdf"))
                }
            }
            return try await group.reduce(into: [Data]()) { $0.append($1) }
        }
        #expect(prints.count == 3 && prints.allSatisfy { $0.starts(with: Array("%PDF-".utf8)) })
        #expect(Set(prints).count == 1, "the three prints differ")
    }

    /// Every page of the report in the browser at a phone's, a tablet's, a laptop's and a wide
    /// screen's width: nothing is wider than the window, and no element's text runs out of its box
    /// (a box that scrolls on purpose, such as a plugin's wide table, may be wider inside).
    /// One Chromium run loads each page in turn into a frame of each width and measures it.
    @Test(.enabled(if: chromium != nil, "no headless Chromium is installed (apt-get install -y chromium); the browser test is skipped"))
    func everyPageFitsEveryWidth() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-browser-widths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try KoersProcess.run(["report", "--workspace", ReportCommandTests.repository.path, "--as-of", ReportCommandTests.asOf,
                                           "--out", "out", "--format", "html", "--compare-to", "2026-06-01"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let root = folder.appendingPathComponent("out")
        let pages = try ReportCommandTests.tree(root).keys.filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count == 1 + 35 + 12 + 29)
        let pageList = String(decoding: try JSONSerialization.data(withJSONObject: pages), as: UTF8.self)
        let probe = """
            <!DOCTYPE html><html><body><script>
            var pages = \(pageList), widths = [390, 768, 1280, 1920], found = [], i = 0;
            function next() {
              if (i >= pages.length * widths.length) { document.body.setAttribute('data-done', String(i)); document.body.setAttribute('data-found', JSON.stringify(found)); return; }
              var page = pages[i % pages.length], width = widths[Math.floor(i / pages.length)]; i++;
              var frame = document.createElement('iframe');
              frame.style.width = width + 'px'; frame.style.height = '900px'; frame.style.border = '0';
              frame.onload = function() {
                var doc = frame.contentDocument, view = frame.contentWindow;
                var over = doc.documentElement.scrollWidth - doc.documentElement.clientWidth;
                if (over > 0) found.push(page + ' at ' + width + ' px: the page is ' + over + ' px too wide');
                doc.querySelectorAll('body *').forEach(function(e) {
                  var style = view.getComputedStyle(e);
                  if (e.closest('svg') || e.closest('.scroll') || style.display === 'inline') return;
                  if (e.scrollWidth > e.clientWidth + 1) found.push(page + ' at ' + width + ' px: ' + e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' overflows by ' + (e.scrollWidth - e.clientWidth) + ' px: ' + e.textContent.slice(0, 40));
                });
                // A chart's labels as drawn: the SVG's font size scaled to its width on screen.
                doc.querySelectorAll('svg.chart text').forEach(function(t) {
                  var svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                  var size = parseFloat(t.getAttribute('font-size')) * scale;
                  if (size < 9) found.push(page + ' at ' + width + ' px: a chart label is ' + size.toFixed(1) + ' px: ' + t.textContent);
                });
                frame.remove(); next();
              };
              frame.src = page; document.body.appendChild(frame);
            }
            next();
            </script></body></html>
            """
        let probeFile = root.appendingPathComponent("probe-widths.html")
        try probe.write(to: probeFile, atomically: true, encoding: .utf8)
        // The frames read each page's DOM, which file:// pages may do only with this switch; the
        // virtual time budget lets every frame load before the DOM is dumped.
        let dom = try Self.dom(of: probeFile, profile: folder.appendingPathComponent("profile"),
                               options: ["--hide-scrollbars", "--allow-file-access-from-files", "--virtual-time-budget=300000"])
        let done = dom.firstMatch(of: /data-done="(\d+)"/).map { Int($0.1)! }
        #expect(done == pages.count * 4, "every page at every width was measured")
        let found = dom.firstMatch(of: /data-found="([^"]*)"/).map { String($0.1).replacingOccurrences(of: "&quot;", with: "\"") } ?? "not measured"
        #expect(found == "[]", "\(found)")
    }

}
