import CovenantModel
import Foundation
import PortalStore
import PortalSubmissions
import Testing
import WorkspaceLoader

/// A school's annual return from the form to `state/school-years.csv`, on SQLite and PostgreSQL:
/// checked on entry by the loader of `koers validate`, sent, returned with a comment, approved
/// into the file (byte for byte elsewhere), and never lost or doubled by two reviewers at once.
@Suite("Submissions: the annual return from form to workspace")
struct SubmissionDeskTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let school = SubmissionDesk.Actor(name: "decaan@mlo.nl", address: "10.0.0.5")
    static let team = SubmissionDesk.Actor(name: "team@koers.example", address: "10.0.0.9")
    static let today = Day(year: 2026, month: 11, day: 23)!
    static let now: Int64 = 1_795_000_000  // 2026-11-18

    /// A copy of the default workspace (covenant, state, rules, plugins) to write into.
    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-desk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for item in ["covenant.yaml", "state", "rules", "plugins"] {
            try FileManager.default.copyItem(at: repository.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        return folder
    }

    /// A store of `kind` and a desk on a fresh copy of the workspace; nil without PostgreSQL.
    static func desk(_ kind: String) async throws -> (PortalStore, URL, SubmissionDesk)? {
        guard let store = try await TestDatabases.fresh(kind) else { return nil }
        let workspace = try Self.workspace()
        return (store, workspace, SubmissionDesk(store: store, workspace: workspace))
    }

    static func close(_ store: PortalStore, _ workspace: URL) {
        try? FileManager.default.removeItem(at: workspace)
        Task { await store.database.close() }
    }

    static func file(_ workspace: URL) throws -> String {
        try String(contentsOf: workspace.appendingPathComponent("state/school-years.csv"), encoding: .utf8)
    }

    static let fields = ["lob_voorlichting": "ja", "praktijkgericht": "nee", "stages": "5", "werkbezoeken": "2", "praktijkopdrachten": "1"]

    @Test(arguments: TestDatabases.kinds)
    func aReturnIsSentApprovedAndWrittenIntoTheFile(kind: String) async throws {
        guard let (store, workspace, desk) = try await Self.desk(kind) else { return }
        defer { Self.close(store, workspace) }
        let before = try Self.file(workspace)
        let year = SchoolYear("2026-27")!

        let concept = try await desk.save(Self.fields, party: "mundus", period: year, by: Self.school, now: Self.now)
        #expect(concept.state == .concept && concept.fields["stages"] == "5")
        #expect(try await desk.prefill(.annualReturn, party: "mundus", period: year.description, in: nil)["stages"] == "5")
        let sent = try await desk.submit(id: concept.id, party: "mundus", by: Self.school, now: Self.now + 60, today: Self.today)
        #expect(sent.state == .ingediend)
        #expect(try Self.file(workspace) == before)  // only approved data reaches the workspace
        await #expect(throws: SubmissionDesk.Refusal.self) {  // sent is locked for the school
            _ = try await desk.save(Self.fields, party: "mundus", period: year, by: Self.school, now: Self.now + 90)
        }

        // The preview is the status after approval.
        let preview = try desk.preview(Self.fields, party: "mundus", period: year.description, today: Self.today)
        #expect(!preview.isEmpty)
        let approved = try await desk.approve(id: sent.id, by: Self.team, now: Self.now + 120)
        let status = desk.status(party: "mundus", today: Self.today)
        for line in preview {
            #expect(status[line.targetID]?.city == line.cityAfter && status[line.targetID]?.own == line.ownAfter, "\(line)")
        }
        #expect(approved.state == .goedgekeurd && approved.reviewedBy == "team@koers.example")
        let after = try Self.file(workspace)
        #expect(after == before + "mundus;2026-27;2026-11-18;ja;nee;5;2;1;;;portaal: opgave \(sent.id), goedgekeurd door team@koers.example op 2026-11-18\n",
                "\(after.suffix(200))")
        #expect(WorkspaceLoader.load(from: workspace).errors.isEmpty)
        #expect(try await store.unwrittenApprovals(kind: "jaaropgave").isEmpty)
        let log = try await store.auditLog(party: "mundus")
        #expect(log.map(\.action) == ["submission-created", "submission-sent", "submission-approved"])
        #expect(log.last?.detail.contains("stages – → 5") == true && log.last?.subject == "opgave \(sent.id)", "\(log.last?.detail ?? "")")
    }

    @Test(arguments: TestDatabases.kinds)
    func wrongValuesGetTheirMessageAtTheFieldAndChangeNothing(kind: String) async throws {
        guard let (store, workspace, desk) = try await Self.desk(kind) else { return }
        defer { Self.close(store, workspace) }
        let before = try Self.file(workspace)

        let notANumber = try #require(try await desk.check(["stages": "veel"], party: "mlo", period: "2026-27", today: Self.today))
        #expect(notANumber.fields.keys.sorted() == ["stages"] && notANumber.fields["stages"]!.contains("veel"), "\(notANumber)")
        let moreOffered = try #require(try await desk.check(["pro_vso_able": "3", "pro_vso_offered": "5"], party: "mlo", period: "2026-27",
                                                            today: Self.today))
        #expect(moreOffered.fields["pro_vso_offered"]?.contains("slechts 3") == true, "\(moreOffered)")
        let notYes = try #require(try await desk.check(["lob_voorlichting": "misschien"], party: "mlo", period: "2026-27", today: Self.today))
        #expect(notYes.fields["lob_voorlichting"]?.contains("geen ja of nee") == true)
        let future = try #require(try await desk.check(Self.fields, party: "mlo", period: "2027-28", today: Self.today))
        #expect(future.general.first?.contains("nog niet begonnen") == true)
        #expect(try await desk.check(Self.fields, party: "mlo", period: "2026-27", today: Self.today) == nil)

        // 2024-25 closed on 1 October 2025; the programme team reopens it for one school, with a reason.
        let closed = try #require(try await desk.check(Self.fields, party: "mlo", period: "2024-25", today: Self.today))
        #expect(closed.general.first?.contains("verstreken") == true)
        try await store.reopen(ReopenedPeriod(party: "mlo", kind: "jaaropgave", period: "2024-25", reason: "opgave te laat door ziekte",
                                              by: Self.team.name, at: Self.now),
                               audit: AuditEntry(at: Self.now, actor: Self.team.name, action: "period-reopened", subject: "jaaropgave 2024-25",
                                                 party: "mlo", detail: "opgave te laat door ziekte", address: Self.team.address))
        #expect(try await desk.check(Self.fields, party: "mlo", period: "2024-25", today: Self.today) == nil)
        #expect(try await desk.check(Self.fields, party: "noorderlicht", period: "2024-25", today: Self.today) != nil)

        // A concept with a wrong value is saved, but not sent.
        let concept = try await desk.save(["stages": "-1"], party: "mlo", period: SchoolYear("2026-27")!, by: Self.school, now: Self.now)
        await #expect(throws: SubmissionDesk.Refusal.self) {
            _ = try await desk.submit(id: concept.id, party: "mlo", by: Self.school, now: Self.now, today: Self.today)
        }
        // Nor by another school.
        await #expect(throws: SubmissionDesk.Refusal.self) {
            _ = try await desk.submit(id: concept.id, party: "noorderlicht", by: Self.school, now: Self.now, today: Self.today)
        }
        #expect(try await store.submission(id: concept.id)?.state == .concept)
        #expect(try Self.file(workspace) == before)
    }

    @Test(arguments: TestDatabases.kinds)
    func aReturnedReturnIsCorrectedAndACorrectionReplacesTheRow(kind: String) async throws {
        guard let (store, workspace, desk) = try await Self.desk(kind) else { return }
        defer { Self.close(store, workspace) }
        let year = SchoolYear("2026-27")!
        var submission = try await desk.save(Self.fields, party: "mlo", period: year, by: Self.school, now: Self.now)
        submission = try await desk.submit(id: submission.id, party: "mlo", by: Self.school, now: Self.now, today: Self.today)
        await #expect(throws: SubmissionDesk.Refusal(fields: ["opmerking": "Schrijf erbij wat de school of instelling moet verbeteren."])) {
            _ = try await desk.returnToParty(id: submission.id, comment: "  ", by: Self.team, now: Self.now)
        }
        let returned = try await desk.returnToParty(id: submission.id, comment: "Stages lijkt laag; klopt 5?", by: Self.team, now: Self.now + 10)
        #expect(returned.state == .teruggestuurd)
        #expect(try await store.comments(submission: submission.id).map(\.text) == ["Stages lijkt laag; klopt 5?"])
        var corrected = Self.fields
        corrected["stages"] = "15"
        _ = try await desk.save(corrected, party: "mlo", period: year, by: Self.school, now: Self.now + 20)
        _ = try await desk.submit(id: submission.id, party: "mlo", by: Self.school, now: Self.now + 30, today: Self.today)
        _ = try await desk.approve(id: submission.id, by: Self.team, now: Self.now + 40)
        // mlo's return for 2026-27 (in the file since 2 November) is corrected: it keeps its day.
        #expect(try Self.file(workspace).contains("mlo;2026-27;2026-11-02;ja;nee;15;"))

        // Approved data is locked: a correction is a new submission that refers to it, and replaces the row.
        corrected["stages"] = "16"
        let correction = try await desk.save(corrected, party: "mlo", period: year, by: Self.school, now: Self.now + 50)
        #expect(correction.id != submission.id && correction.replaces == submission.id)
        _ = try await desk.submit(id: correction.id, party: "mlo", by: Self.school, now: Self.now + 60, today: Self.today)
        _ = try await desk.approve(id: correction.id, by: Self.team, now: Self.now + 70)
        let rows = try Self.file(workspace).split(separator: "\n").filter { $0.hasPrefix("mlo;2026-27;") }
        #expect(rows.count == 1 && rows[0].contains(";16;"), "\(rows)")
        #expect(try await store.auditLog(party: "mlo").last?.detail.contains("stages 15 → 16") == true)
    }

    @Test(arguments: TestDatabases.kinds)
    func twoReviewersApprovingAtOnceLoseAndDoubleNothing(kind: String) async throws {
        guard let (store, workspace, desk) = try await Self.desk(kind) else { return }
        defer { Self.close(store, workspace) }
        let schools = WorkspaceLoader.load(from: workspace).workspace!.schools.map(\.id)
        let year = SchoolYear("2026-27")!, today = Self.today
        var expected: [String: String] = [:]  // "school;year" → stages
        for round in 0..<50 {
            // Two returns, of two schools, approved at the same time by two reviewers; from the
            // 18th round on they correct the schools' earlier ones.
            var pair: [Submission] = []
            for offset in 0..<2 {
                let school = schools[(round * 2 + offset) % schools.count]
                var fields = Self.fields
                fields["stages"] = String(round)
                let saved = try await desk.save(fields, party: school, period: year, by: Self.school, now: Self.now + Int64(round))
                pair.append(try await desk.submit(id: saved.id, party: school, by: Self.school, now: Self.now + Int64(round), today: today))
                expected["\(school);\(year)"] = String(round)
            }
            let (firstID, secondID) = (pair[0].id, pair[1].id)
            async let first = desk.approve(id: firstID, by: Self.team, now: Self.now + Int64(round))
            async let second = desk.approve(id: secondID, by: SubmissionDesk.Actor(name: "collega@koers.example", address: "10.0.0.8"),
                                            now: Self.now + Int64(round))
            _ = try await (first, second)
        }
        let loaded = WorkspaceLoader.load(from: workspace)
        #expect(loaded.errors.isEmpty)
        let reports = loaded.workspace!.schoolYearReports.filter { $0.origin?.hasPrefix("portaal") == true }
        #expect(reports.count == expected.count)  // one row per school and year: none lost, none doubled
        for report in reports {
            #expect(expected["\(report.school);\(report.schoolYear)"] == report.stages.map(String.init), "\(report.school) \(report.schoolYear)")
        }
        #expect(try await store.auditLog().filter { $0.action == "submission-approved" }.count == 100)
    }

    @Test(arguments: TestDatabases.kinds)
    func anApprovalInterruptedBeforeItsFileWriteIsFinished(kind: String) async throws {
        guard let (store, workspace, desk) = try await Self.desk(kind) else { return }
        defer { Self.close(store, workspace) }
        var submission = try await desk.save(Self.fields, party: "mundus", period: SchoolYear("2026-27")!, by: Self.school, now: Self.now)
        submission = try await desk.submit(id: submission.id, party: "mundus", by: Self.school, now: Self.now, today: Self.today)
        // The approval is recorded, then the process stops before the file is written.
        var approved = submission
        approved.state = .goedgekeurd
        approved.reviewedBy = Self.team.name
        approved.reviewedAt = Self.now + 5
        _ = try await store.updateSubmission(approved, expectedVersion: submission.version, comment: nil, audit: AuditEntry(
            at: Self.now + 5, actor: Self.team.name, action: "submission-approved", subject: "opgave \(submission.id)", party: "mundus",
            detail: "", address: Self.team.address))
        #expect(!(try Self.file(workspace)).contains("mundus;2026-27"))
        let leftover = workspace.appendingPathComponent("state/.school-years.csv.koers-99-1.tmp")
        FileManager.default.createFile(atPath: leftover.path, contents: Data("half a fi".utf8))
        #expect(try await desk.finishInterruptedApprovals() == 1)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
        #expect(try Self.file(workspace).contains("mundus;2026-27;2026-11-18;ja;nee;5;2;1;;;portaal: opgave \(submission.id), goedgekeurd door team@koers.example"))
        #expect(try await store.unwrittenApprovals(kind: "jaaropgave").isEmpty)
    }

    @Test func anApprovalIsCommittedWithTheReviewerAsAuthorWhenTheCovenantAsks() async throws {
        guard let (store, workspace, desk) = try await Self.desk("sqlite") else { return }
        defer { Self.close(store, workspace) }
        func git(_ arguments: String...) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", workspace.path, "-c", "user.name=Programmateam", "-c", "user.email=team@koers.example"] + arguments
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let covenant = workspace.appendingPathComponent("covenant.yaml")
        try (try String(contentsOf: covenant, encoding: .utf8) + "\nportal:\n  commit_approvals: true\n").write(to: covenant, atomically: true, encoding: .utf8)
        // As in a real workspace, the portal's own folder stays out of git.
        try ".koers/\n".write(to: workspace.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
        _ = try git("init", "--quiet")
        _ = try git("add", ".")
        _ = try git("commit", "--quiet", "-m", "De werkmap")
        // Something else staged stays out of the approval's commit.
        try "een notitie\n".write(to: workspace.appendingPathComponent("notitie.txt"), atomically: true, encoding: .utf8)
        _ = try git("add", "notitie.txt")

        var submission = try await desk.save(Self.fields, party: "mundus", period: SchoolYear("2026-27")!, by: Self.school, now: Self.now)
        submission = try await desk.submit(id: submission.id, party: "mundus", by: Self.school, now: Self.now, today: Self.today)
        _ = try await desk.approve(id: submission.id, by: Self.team, now: Self.now + 5)
        #expect(try git("log", "-1", "--format=%an <%ae>|%s") ==
                "team@koers.example <team@koers.example>|Jaaropgave 2026-27 van mundus (opgave \(submission.id)), goedgekeurd door team@koers.example")
        #expect(try git("show", "--name-only", "--format=", "HEAD") == "state/school-years.csv")
        #expect(try git("status", "--porcelain") == "A  notitie.txt")
    }
}
