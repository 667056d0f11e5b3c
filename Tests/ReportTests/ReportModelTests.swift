import CovenantModel
import Foundation
import ReportModel
import ReportRenderers
import TargetJudgement
import Testing

/// A small covenant built in code: two schools (one in a focus district), one institution and
/// four targets with different owners and kinds.
enum SmallCovenant {
    static let here = CovenantModel.SourceLocation(file: "test")
    static func target(_ id: String, kind: Target.Kind = .cumulativeCount, owner: Target.Owner = .schools, value: Double = 4) -> Target {
        Target(id: id, actionLine: "line", title: "Doel \(id)", kind: kind, baselineValue: kind == .cumulativeCount ? 0 : nil,
               baselineDate: Day(iso: "2024-01-01")!, targetValue: value, deadline: Day(iso: "2027-07-31")!, perSchoolYear: nil,
               unit: "scholen", owner: owner, rule: "rules/\(id).lua", freshness: nil, notes: nil, source: here)
    }
    static let covenant = Covenant(
        name: "Testconvenant", region: "Amsterdam", parties: [], baselineDate: Day(iso: "2024-01-01")!, deadline: Day(iso: "2027-07-31")!,
        actionLines: [ActionLine(id: "line", title: "Lijn", source: here)],
        targets: [target("routes"), target("meetings", kind: .countPerSchoolYear, owner: .programmeTeam), target("broken"), target("done"),
                  target("unowned")],
        source: here)
    static let workspace = Workspace(
        covenant: covenant, boards: [Board(id: "b", name: "Bestuur B", sector: .vo, origin: nil, source: here)],
        schools: [School(id: "noord", name: "Noordschool", board: "b", stadsdeel: .noord, levels: [.vmboB], origin: nil, source: here),
                  School(id: "zuid", name: "Zuidschool", board: nil, stadsdeel: .zuid, levels: [.havo], origin: "voorbeeld", source: here)],
        institutions: [Institution(id: "roc", name: "ROC Test", board: nil, origin: nil, source: here)],
        colleges: [], routes: [], events: [], schoolYearReports: [], dataSharing: [], havoMilestones: [], waivers: [])

    static let judgements = [
        TargetJudgement(targetID: "routes", status: .atRisk, value: 2, expected: 3, target: 4, needed: 2, neededPerSchoolYear: 2,
                        contributions: [Contribution(.school("noord"), kind: .contributes, detail: "route"),
                                        Contribution(.school("zuid"), kind: .missing, detail: "nog geen route")]),
        TargetJudgement(targetID: "meetings", status: .behind, value: 1, target: 4, needed: 3,
                        contributions: [Contribution(.institution("roc"), kind: .missing, detail: "niet aanwezig")]),
        TargetJudgement(targetID: "broken", status: .error, failure: RuleFailure(script: "rules/broken.lua", line: 3, message: "boom", hint: nil)),
        TargetJudgement(targetID: "done", status: .achieved, value: 4, target: 4, needed: 0),
        TargetJudgement(targetID: "unowned", status: .behind, value: 1, target: 4, needed: 3),
    ]

    static func report(_ language: Language = .nl, asOf: String = "2026-11-23") -> Report {
        let day = Day(iso: asOf)!
        return ReportBuilder(state: workspace.state(asOf: day), language: language).report(
            judgements: judgements, history: [(Day(iso: "2024-01-01")!, judgements), (day, judgements)],
            provenance: Provenance(asOf: day, dataHash: "d", rulesHash: "r", pluginsHash: "p", koersVersion: "test"))
    }
}

@Suite("report model")
struct ReportModelTests {
    @Test func gapsAreGroupedByWhoCanAct() throws {
        let gaps = Dictionary(uniqueKeysWithValues: SmallCovenant.report().gaps.map { ($0.targetID, $0) })
        #expect(gaps["done"] == nil)
        #expect(gaps["routes"]?.schools.map(\.name) == ["Zuidschool"])
        #expect(gaps["routes"]?.programmeTeam == [])
        #expect(gaps["meetings"]?.programmeTeam == ["nog 3 scholen organiseren in dit schooljaar"])
        #expect(gaps["meetings"]?.institutions.map(\.id) == ["roc"])
        #expect(gaps["broken"]?.programmeTeam == ["de regel herstellen: rules/broken.lua:3: boom"])
        #expect(gaps["unowned"]?.programmeTeam.first?.hasPrefix("nog 3 scholen nodig; geen school of instelling aangewezen") == true)
        let english = Dictionary(uniqueKeysWithValues: SmallCovenant.report(.en).gaps.map { ($0.targetID, $0) })
        #expect(english["meetings"]?.programmeTeam == ["organise 3 scholen more this school year"])
    }

    @Test func aSelfCheckComparesWithTheCity() throws {
        let report = SmallCovenant.report()
        #expect(report.selfChecks.map(\.pageName) == ["school-noord", "school-zuid", "instelling-roc"])
        let zuid = report.selfChecks[1]
        // One target it has not contributed to, and one the rule failed on: every self-check shows
        // the failed target as not judged, with the rule's file and line, instead of leaving it out.
        #expect(zuid.isExample && zuid.missingCount == 2)
        let failed = try #require(zuid.rows.first { $0.targetID == "broken" })
        #expect(failed.kind == nil && failed.failure?.script == "rules/broken.lua" && failed.failure?.line == 3)
        #expect(report.selfChecks.allSatisfy { check in check.rows.contains { $0.targetID == "broken" && $0.failure != nil } })
        let row = try #require(zuid.rows.first)
        #expect(row.targetID == "routes" && row.kind == .missing && row.askedBy == Day(iso: "2027-07-31"))
        #expect(row.cityContributing == 1 && row.cityNamed == 2 && row.cityStatus == .atRisk)
        // A yearly target is asked by the end of the running school year.
        #expect(report.selfChecks[2].rows.first?.askedBy == Day(iso: "2027-07-31"))
        #expect(SmallCovenant.report(asOf: "2025-03-01").selfChecks[2].rows.first?.askedBy == Day(iso: "2025-07-31"))
        #expect(report.targets[0].focusDistricts.map(\.district) == [.noord])
        #expect(report.targets[0].focusDistricts.first?.contributing == 1)
    }

    @Test func trajectoriesRunFromBaselineToDeadline() throws {
        #expect(TrajectorySampling.days(from: Day(iso: "2024-01-01")!, to: Day(iso: "2024-04-15")!).map(\.description)
                == ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-04-15"])
        #expect(TrajectorySampling.days(from: Day(iso: "2024-01-01")!, to: Day(iso: "2023-06-01")!).map(\.description) == ["2023-06-01"])
        let report = SmallCovenant.report()
        let routes = report.targets[0].trajectory
        #expect(routes.expectedPath.count == 1 && routes.expectedPath[0].last?.value == 4)
        #expect(routes.actual.map(\.value) == [2, 2])
        let meetings = report.targets[1].trajectory
        #expect(meetings.expectedPath.count == 4)  // one line per school year, 2023-24 to 2026-27
    }

    @Test func dutchAndEnglishNumbersAndDates() {
        let nl = Language.nl.words, en = Language.en.words
        #expect(Set(nl.labels.keys) == Set(en.labels.keys))
        #expect(nl.number(1234.5) == "1.234,5" && en.number(1234.5) == "1,234.5")
        #expect(nl.number(12) == "12" && nl.number(nil) == "–")
        // A number a rule may return that no integer holds is shown, not converted (it trapped).
        #expect(nl.number(1e30) == "1e+30" && nl.quantity(1e30, unit: "%") == "1e+30%")
        #expect(nl.quantity(95, unit: "%") == "95%" && nl.quantity(10, unit: "scholen") == "10 scholen")
        #expect(nl.date(Day(iso: "2027-07-31")!) == "31 juli 2027" && en.date(Day(iso: "2027-07-31")!) == "31 July 2027")
        for status in TargetStatus.allCases { #expect(!nl.status(status).isEmpty && !en.status(status).isEmpty) }
    }
}

@Suite("report renderers")
struct ReportRendererTests {
    @Test func csvFollowsTheLanguage() throws {
        let dutch = try CSVReporter().render(SmallCovenant.report())
        let targets = String(decoding: dutch[0].contents.dropFirst(3), as: UTF8.self)
        #expect(targets.contains("\r\nroutes;line;Doel routes;risico;;2;3;4;2;2;;scholen;2027-07-31;;;\r\n"))
        #expect(targets.contains("broken;line;Doel broken;fout;;;;4;;;;scholen;2027-07-31;;;rules/broken.lua:3: boom\r\n"))
        let english = try CSVReporter().render(SmallCovenant.report(.en))
        #expect(String(decoding: english[0].contents.dropFirst(3), as: UTF8.self).hasPrefix("target,action_line,title,status,"))
        let gaps = String(decoding: dutch[1].contents.dropFirst(3), as: UTF8.self)
        #expect(gaps.contains("meetings;achter;2027-07-31;mbo-instelling;roc;ROC Test;niet aanwezig;;;;\r\n"))
    }

    /// Data that a spreadsheet or a Markdown viewer would take as code stays data: a detail
    /// starting with `=` is no formula in Excel, and a name holding HTML, a `|` or a line break
    /// neither opens HTML nor breaks a table row in Markdown.
    @Test func hostileTextStaysText() throws {
        var report = SmallCovenant.report()
        let index = try #require(report.targets.firstIndex { $0.id == "routes" })
        report.targets[index].contributions[1].detail = "=HYPERLINK(\"http://x\";\"klik\")"
        report.targets[index].contributions[1].name = "<b>Zuid</b> | school\nregel"
        report.targets[index].reason = "@SUM(A1) -2+3"
        let csv = try CSVReporter().render(report)
        let contributions = String(decoding: try #require(csv.first { $0.path == "contributions.csv" }).contents.dropFirst(3), as: UTF8.self)
        #expect(contributions.contains(";\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\""), "\(contributions)")
        let targets = String(decoding: csv[0].contents.dropFirst(3), as: UTF8.self)
        #expect(targets.contains(";'@SUM(A1) -2+3;"), "\(targets)")
        #expect(CSVReporter.inert("-4") == "-4" && CSVReporter.inert("-12,5") == "-12,5" && CSVReporter.inert("-") == "'-" && CSVReporter.inert("+31 20") == "'+31 20")
        #expect(MarkdownReporter.markdown("<b>Zuid</b> | school\nregel") == "\\<b\\>Zuid\\</b\\> \\| school regel")
        let templates = try TemplateSet(overrides: nil)
        let markdown = String(decoding: try #require(try MarkdownReporter(templates: templates).render(report).first { $0.path == "report.md" }).contents, as: UTF8.self)
        #expect(!markdown.contains("<b>Zuid</b>") && !markdown.contains("school\nregel"))
    }

    /// Two prints whose tagged-PDF node ids differ (as Chromium's did in 2 of 60 prints under
    /// load) become the same bytes; the id tree stays sorted; the length does not change.
    @Test func tableCellNodeIDsAreRenumberedAlike() throws {
        func pdf(_ first: String, _ second: String) -> Data {
            let low = min(first, second), high = max(first, second)
            let names = [(first, "10 0 R"), (second, "12 0 R")].sorted { $0.0 < $1.0 }.map { "(node\($0.0)) \($0.1)" }.joined(separator: " ")
            return Data("""
                10 0 obj
                <</Type /StructElem /S /TH /ID (node\(first))>>
                endobj
                12 0 obj
                <</Type /StructElem /S /TD /Headers [(node\(first))] /ID (node\(second))>>
                endobj
                20 0 obj
                <</Limits [(node\(low)) (node\(high))]
                /Names [\(names)]>>
                endobj
                """.utf8)
        }
        var a = pdf("00000022", "00000023"), b = pdf("00000030", "00000003")
        let length = b.count
        PDFPrinter.renumberNodeIDs(in: &a)
        PDFPrinter.renumberNodeIDs(in: &b)
        #expect(a == b)
        #expect(b.count == length)
        let text = String(decoding: b, as: UTF8.self)
        #expect(text.contains("/Limits [(node00000001) (node00000002)]") && text.contains("/Names [(node00000001) 10 0 R (node00000002) 12 0 R]"))
        #expect(text.contains("/Headers [(node00000001)]"))
    }

    /// A Koers killed outright while printing leaves its browser's temporary folder; the next
    /// print removes it, and only it: not a running Koers's folder, nor anything else.
    @Test func theTemporaryFolderOfAKilledPrintIsRemovedByTheNext() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("koers-abandoned-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier, alive = getpid()
        let names = ["koers-print-\(dead)-a1b2c3", "koers-print-\(alive)-d4e5f6", "koers-print-notanumber", "koers-print-\(dead)-file", "other-\(dead)-x"]
        for name in names where name != "koers-print-\(dead)-file" {
            try FileManager.default.createDirectory(atPath: parent + "/" + name + "/sub", withIntermediateDirectories: true)
        }
        FileManager.default.createFile(atPath: parent + "/koers-print-\(dead)-file", contents: Data("x".utf8))
        PDFPrinter.removeAbandonedTemporaryFolders(in: parent)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == names.filter { $0 != "koers-print-\(dead)-a1b2c3" }.sorted())
    }

    @Test func jsonHasEveryKeyEvenWithoutAValue() throws {
        let file = try JSONReporter().render(SmallCovenant.report())[0]
        let json = try JSONSerialization.jsonObject(with: Data(file.contents)) as! [String: Any]
        let broken = (json["targets"] as! [[String: Any]])[2]
        #expect(broken["value"] is NSNull && broken["projection"] is NSNull)
        #expect((broken["error"] as? [String: Any])?["line"] as? Int == 3)
        #expect((json["status_counts"] as? [String: Int])?["error"] == 1)
    }

    @Test func aBrokenTemplateSaysWhereItBreaks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("<p>\n{{#targets}}\n{{title}}\n".utf8).write(to: folder.appendingPathComponent("school.html.mustache"))
        #expect {
            _ = try TemplateSet(overrides: folder)
        } throws: { error in
            (error as? TemplateSet.LoadError)?.file == "templates/school.html.mustache"
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("school.html.mustache"))
        let templates = try TemplateSet(overrides: folder)
        #expect(templates.origins["school.html"] == "Koers' built-in school.html.mustache")
    }

    @Test func pdfDatesBecomeTheEvaluationDate() {
        var bytes = Data("<< /CreationDate (D:20251231235959+00'00') /ModDate (D:20260101000000+00'00') >>".utf8)
        PDFPrinter.fixDates(in: &bytes, day: "20261123")
        #expect(String(decoding: bytes, as: UTF8.self) == "<< /CreationDate (D:20261123000000+00'00') /ModDate (D:20261123000000+00'00') >>")
    }

    @Test func theHTMLEscapesDataAndInlinesEverything() throws {
        var report = SmallCovenant.report()
        report.targets[0].title = "Routes <script>alert(1)</script>"
        let html = String(decoding: try HTMLReporter(templates: TemplateSet(overrides: nil)).render(report)[0].contents, as: UTF8.self)
        #expect(!html.contains("<script>") && html.contains("Routes &lt;script&gt;"))
        #expect(html.contains("<style>") && html.contains("@page {\n  size: A4;"))
        // The covenant's name in the printed footer is a CSS string that no quote or backslash ends.
        report.covenantName = "Convenant \"A\\B\" </style>"
        let hostile = String(decoding: try HTMLReporter(templates: TemplateSet(overrides: nil)).render(report)[0].contents, as: UTF8.self)
        #expect(hostile.contains(#"@bottom-left { content: "Convenant \22 A\5c B\22  \3c /style\3e  · "#))
    }

    /// School pages are rendered in parallel but come out in order, and the first failure (by
    /// position) is the one reported, so a report is the same on every run.
    @Test func pagesRenderedInParallelKeepTheirOrder() throws {
        struct Failed: Error, Equatable { let index: Int }
        let squares = try ParallelPages.map(500) { index in index * index }
        #expect(squares == (0..<500).map { $0 * $0 })
        #expect(throws: Failed(index: 17)) {
            try ParallelPages.map(100) { index in
                if index % 17 == 0 && index > 0 { throw Failed(index: index) }
                return index
            }
        }
        #expect(try ParallelPages.map(0) { $0 }.isEmpty)
    }
}

/// Fair asks: what the city still needs is shared out over those who can deliver it, and a party
/// that did not sign is listed, never asked.
@Suite("fair asks")
struct FairAskTests {
    static let here = SmallCovenant.here

    /// Twenty vmbo-k schools of a signing board, one mbo institution that signed and one that did
    /// not; the city needs one more route.
    static func report(language: Language = .nl) -> Report {
        let covenant = Covenant(
            name: "Testconvenant", region: nil,
            parties: [Party(name: "Bestuur A", role: .vo, board: "a", source: here), Party(name: "ROC", role: .mbo, board: "roc-bestuur", source: here)],
            baselineDate: Day(iso: "2024-01-01")!, deadline: Day(iso: "2027-07-31")!,
            actionLines: [ActionLine(id: "line", title: "Lijn", source: here)],
            targets: [SmallCovenant.target("routes", value: 3), SmallCovenant.target("data")], source: here)
        let schools = (1...21).map { n in
            School(id: "s\(n)", name: "School \(n)", board: "a", stadsdeel: .noord, levels: [.vmboK], origin: nil, source: here)
        }
        let workspace = Workspace(
            covenant: covenant,
            boards: [Board(id: "a", name: "Bestuur A", sector: .vo, origin: nil, source: here),
                     Board(id: "roc-bestuur", name: "ROC-bestuur", sector: .mbo, origin: nil, source: here),
                     Board(id: "top-bestuur", name: "TOP-bestuur", sector: .mbo, origin: nil, source: here)],
            schools: schools,
            institutions: [Institution(id: "roc", name: "ROC", board: "roc-bestuur", origin: nil, source: here),
                           Institution(id: "top", name: "ROC TOP", board: "top-bestuur", origin: nil, source: here)],
            colleges: [], routes: [], events: [], schoolYearReports: [], dataSharing: [], havoMilestones: [], waivers: [])
        let judgements = [
            // One school has the city's second route; the other twenty could each add the third.
            TargetJudgement(targetID: "routes", status: .atRisk, value: 2, expected: 2.4, target: 3, needed: 1,
                            contributions: [Contribution(.school("s1"), kind: .contributes, detail: "route")]
                                + (2...21).map { Contribution(.school("s\($0)"), kind: .candidate, detail: "nog geen route") }),
            // Only the mbo can deliver study success: the rule asks the institutions, not the schools.
            TargetJudgement(targetID: "data", status: .behind, value: 0, target: 4, needed: 4,
                            contributions: [Contribution(.institution("roc"), kind: .missing, detail: "geen studiesucces gedeeld"),
                                            Contribution(.institution("top"), kind: .missing, detail: "geen studiesucces gedeeld")]),
        ]
        let day = Day(iso: "2026-11-23")!
        return ReportBuilder(workspace: workspace, asOf: day, language: language).report(
            judgements: judgements, history: [],
            provenance: Provenance(asOf: day, dataHash: "d", rulesHash: "r", pluginsHash: "p", koersVersion: "test"))
    }

    @Test func theCityNeedsOneOfTwentyCandidates() throws {
        let report = Self.report()
        let gap = try #require(report.gaps.first { $0.targetID == "routes" })
        #expect(gap.schools.isEmpty, "no school is asked alone")
        #expect(gap.candidates.count == 20 && gap.sharedAsk == SharedAsk(needed: 1, unit: "scholen", candidates: 20))
        #expect(report.words.sharedAsk(gap.sharedAsk!, schools: true) == "de stad heeft nog 1 scholen nodig; 20 scholen kunnen daaraan bijdragen",
                "this covenant gives no singular for scholen")
        #expect(report.words.with(singulars: ["scholen": "school"]).sharedAsk(gap.sharedAsk!, schools: true)
                == "de stad heeft nog 1 school nodig; 20 scholen kunnen daaraan bijdragen")
        #expect(gap.programmeTeam.isEmpty)
        let row = try #require(report.selfChecks.first { $0.contributor == .school("s7") }?.rows.first)
        #expect(row.kind == .candidate && row.sharedAsk?.candidates == 20)
        #expect(report.selfChecks.first { $0.contributor == .school("s7") }?.missingCount == 0, "a candidate has nothing open")
        let board = try #require(report.boards.first { $0.id == "a" })
        #expect(board.targets.first?.candidates == 20 && board.targets.first?.contributing == ["School 1"])
    }

    @Test func onlyTheMboIsAskedWhatOnlyTheMboCanDo() throws {
        let report = Self.report()
        let gap = try #require(report.gaps.first { $0.targetID == "data" })
        #expect(gap.schools.isEmpty && gap.institutions.map(\.id) == ["roc"])
    }

    @Test func anInstitutionThatDidNotSignIsListedAndNotJudged() throws {
        let report = Self.report()
        #expect(report.nonParties.map(\.contributor) == [.institution("top")])
        #expect(!report.selfChecks.contains { $0.contributor == .institution("top") })
        #expect(report.targets.allSatisfy { target in !target.contributions.contains { $0.contributor == .institution("top") } })
        #expect(report.boards.first { $0.id == "top-bestuur" }?.isParty == false)
        let english = Self.report(language: .en)
        #expect(english.language.words.notParty(board: "TOP-bestuur") == "not party to the covenant (its board TOP-bestuur did not sign)")
    }
}

/// The CSV files as a spreadsheet reads them: LibreOffice (headless, Dutch locale, detecting
/// dates as Excel does) converts them to .xlsx, and openpyxl reads the cells back.
@Suite("CSV in a spreadsheet")
struct SpreadsheetTests {
    static let soffice = "/usr/bin/soffice"

    /// Runs a program and returns its standard output; a failure is recorded with its output.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool): \(String(decoding: stderr, as: UTF8.self))")
        return String(decoding: stdout, as: UTF8.self)
    }

    /// Every cell of the first sheet of each file, as `[file: [[value, type]]]`.
    static func cells(of csvFiles: [URL], in folder: URL) throws -> [String: [[[String]]]] {
        for file in csvFiles {
            _ = try run(soffice, ["--headless", "-env:UserInstallation=file://\(folder.path)/profile",
                                  "--infilter=CSV:59,34,76,1,,1043,false,true", "--convert-to", "xlsx", "--outdir", folder.path, file.path])
        }
        let script = """
            import openpyxl, json, sys, pathlib
            out = {}
            for path in sorted(pathlib.Path(sys.argv[1]).glob('*.xlsx')):
                sheet = openpyxl.load_workbook(path, data_only=True).active
                out[path.stem] = [[[str(c.value), type(c.value).__name__] for c in row] for row in sheet.iter_rows()]
            print(json.dumps(out))
            """
        let json = try run("/usr/bin/python3", ["-c", script, folder.path])
        return try JSONDecoder().decode([String: [[[String]]]].self, from: Data(json.utf8))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: soffice), "LibreOffice is not installed (apt-get install -y libreoffice-calc-nogui python3-openpyxl); skipped"))
    func excelReadsTextAsTextAndNumbersAsNumbers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-spreadsheet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var report = SmallCovenant.report()
        let index = try #require(report.targets.firstIndex { $0.id == "routes" })
        report.targets[index].contributions[1].detail = "3-4"
        report.targets[index].contributions[1].name = "Één school"
        for file in try CSVReporter().render(report) where !file.path.contains("/") {
            try Data(file.contents).write(to: folder.appendingPathComponent(file.path))
        }
        // A control: the same "3-4" written plainly is a date to the spreadsheet.
        try Data("a;b\r\n3-4;x\r\n".utf8).write(to: folder.appendingPathComponent("control.csv"))
        let names = ["targets", "gaps", "contributions", "control"]
        let cells = try Self.cells(of: names.map { folder.appendingPathComponent("\($0).csv") }, in: folder)
        #expect(cells["control"]?[1][0][1] == "datetime", "the spreadsheet reads 3-4 as a date")
        let contributions = try #require(cells["contributions"])
        let row = try #require(contributions.first { $0[3][0] == "Één school" }, "é and Ë read as UTF-8")
        #expect(row[5] == ["3-4", "str"], "a detail that looks like a date stays text")
        // Numbers stay numbers: the value 2 and the expectation 3 of "routes" in targets.csv.
        let targets = try #require(cells["targets"])
        let routes = try #require(targets.first { $0[0][0] == "routes" })
        #expect(routes[5] == ["2", "int"] && routes[6] == ["3", "int"])
        #expect(routes[12][1] == "datetime", "an ISO deadline is a date")
    }
}

/// A unit has a form for one: "1 bijeenkomst", "0 bijeenkomsten", "2 bijeenkomsten", in every
/// sentence that puts a number before a unit.
@Suite("units with singular and plural")
struct UnitFormTests {
    @Test func oneTakesTheSingular() {
        let words = Language.nl.words.with(singulars: ["bijeenkomsten": "bijeenkomst"])
        #expect([0, 1, 2].map { words.quantity(Double($0), unit: "bijeenkomsten") } == ["0 bijeenkomsten", "1 bijeenkomst", "2 bijeenkomsten"])
        #expect(words.quantity(1.5, unit: "bijeenkomsten") == "1,5 bijeenkomsten")
        #expect(words.quantity(1, unit: "routes") == "1 routes", "a unit without a singular keeps its plural")
        #expect(words.quantity(1, unit: "%") == "1%")
        let ask = SharedAsk(needed: 1, unit: "bijeenkomsten", candidates: 1)
        #expect(words.sharedAsk(ask, schools: true) == "de stad heeft nog 1 bijeenkomst nodig; 1 school kan daaraan bijdragen")
    }

    /// Every sentence of the vocabularies that holds a count, at 0, 1 and 2, in both languages.
    @Test func sentencesAtZeroOneAndTwo() {
        let nl = Language.nl.words.with(singulars: ["scholen": "school"])
        let en = Language.en.words.with(singulars: ["schools": "school"])
        #expect([0, 1, 2].map { nl.sharedAsk(SharedAsk(needed: Double($0), unit: "scholen", candidates: $0), schools: true) } == [
            "de stad heeft nog 0 scholen nodig; 0 scholen kunnen daaraan bijdragen",
            "de stad heeft nog 1 school nodig; 1 school kan daaraan bijdragen",
            "de stad heeft nog 2 scholen nodig; 2 scholen kunnen daaraan bijdragen",
        ])
        #expect([0, 1, 2].map { en.sharedAsk(SharedAsk(needed: Double($0), unit: "schools", candidates: $0), schools: false) } == [
            "the city still needs 0 schools; 0 institutions can contribute",
            "the city still needs 1 school; 1 institution can contribute",
            "the city still needs 2 schools; 2 institutions can contribute",
        ])
        #expect([0, 1, 2].map { nl.peers(levels: "vmbo-b", contributing: $0, named: 2, district: nil) } == [
            "andere scholen met dezelfde niveaus (vmbo-b): 0 van de 2 dragen bij",
            "andere scholen met dezelfde niveaus (vmbo-b): 1 van de 2 draagt bij",
            "andere scholen met dezelfde niveaus (vmbo-b): 2 van de 2 dragen bij",
        ])
        #expect([0, 1, 2].map { en.peers(levels: "vmbo-b", contributing: $0, named: 2, district: nil) }.last
                == "other schools with the same levels (vmbo-b): 2 of 2 contribute")
        #expect(en.peers(levels: "vmbo-b", contributing: 1, named: 2, district: nil) == "other schools with the same levels (vmbo-b): 1 of 2 contributes")
        #expect([0, 1, 2].map { nl.meetingHeld("Decanenoverleg", participants: $0) }
                == ["Decanenoverleg gehouden (0 deelnemers)", "Decanenoverleg gehouden (1 deelnemer)", "Decanenoverleg gehouden (2 deelnemers)"])
        #expect(en.meetingHeld("Decanenoverleg", participants: 1) == "Decanenoverleg held (1 participant)")
        #expect([0, 1, 2].map { nl.quantity(Double($0), unit: "scholen") } == ["0 scholen", "1 school", "2 scholen"])
        #expect([0, 1, 2].map { en.quantity(Double($0), unit: "schools") } == ["0 schools", "1 school", "2 schools"])
        #expect(nl.dataShared(from: "A", to: "B", kind: .ncoRapportage) == "A → B: NCO-rapportage gedeeld")
        #expect(en.dataShared(from: "A", to: "B", kind: .uitvalredenen) == "A → B: reasons for dropping out shared")
        // The yearly line: "1 van 1 school", with the unit's form for the number it follows.
        let year = SchoolYearResult(schoolYear: "2025-26", value: 1, required: 1, outcome: .met)
        #expect(nl.years([year], unit: "scholen") == "2025-26 ✓ 1 van 1 school")
    }
}
