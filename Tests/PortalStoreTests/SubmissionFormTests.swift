import CovenantModel
import Foundation
import KoersPipeline
import PortalStore
import PortalSubmissions
import Testing
import WorkspaceLoader

/// The forms besides the annual return, on SQLite and PostgreSQL: a route's next stage (reached
/// or planned) into `state/route-stages.csv`, and a party's attendance of a held meeting into
/// `state/events.csv`; each checked on entry with its messages at the field, previewed as the
/// status after approval, and refused for subjects the party may not report on.
@Suite("Submissions: a route's stage and a meeting's attendance")
struct SubmissionFormTests {
    typealias Desk = SubmissionDeskTests
    static let institution = SubmissionDesk.Actor(name: "route@rocva.nl", address: "10.0.0.7")

    /// The preview is the status after approval: each line it shows is the party's line after,
    /// and every other line of the party's self-check is as it was.
    static func expectPreview(_ preview: [PreviewLine], before: [String: SubmissionDesk.StatusLine], after: [String: SubmissionDesk.StatusLine],
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(!after.isEmpty, sourceLocation: sourceLocation)
        for (target, line) in after {
            if let shown = preview.first(where: { $0.targetID == target }) {
                #expect(line.city == shown.cityAfter && line.own == shown.ownAfter, "\(target): \(shown) but after approval \(line)",
                        sourceLocation: sourceLocation)
            } else {
                #expect(line == before[target], "\(target) changed without the preview saying so: \(line)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Saves and sends a submission as the party would.
    static func send(_ desk: SubmissionDesk, _ values: [String: String], form: SubmissionForm, party: String, period: String,
                     by actor: SubmissionDesk.Actor = Desk.school) async throws -> Submission {
        let saved = try await desk.save(values, form: form, party: party, period: period, by: actor, now: Desk.now)
        return try await desk.submit(id: saved.id, party: party, by: actor, now: Desk.now + 60, today: Desk.today)
    }

    static func file(_ workspace: URL, _ name: String) throws -> String {
        try String(contentsOf: workspace.appendingPathComponent(name), encoding: .utf8)
    }

    @Test(arguments: TestDatabases.kinds)
    func anInstitutionReportsARoutesNextStageAndItIsWrittenOnApproval(kind: String) async throws {
        guard let (store, workspace, desk) = try await Desk.desk(kind) else { return }
        defer { Desk.close(store, workspace) }
        let before = try Self.file(workspace, "state/route-stages.csv")
        let loaded = desk.loadWorkspace()

        // rocva and noorderlicht are the partners of noorderlicht-t-zorg; mlo is not.
        let subjects = desk.subjects(.routeStage, party: "rocva", today: Desk.today, in: loaded).map(\.id)
        #expect(subjects.contains("noorderlicht-t-zorg") && subjects.contains("mundus-techniek"))
        #expect(!desk.subjects(.routeStage, party: "mlo", today: Desk.today, in: loaded).map(\.id).contains("noorderlicht-t-zorg"))
        // The form suggests the stage after the one reached (verkenning on 2025-10-01).
        #expect(try await desk.prefill(.routeStage, party: "rocva", period: "noorderlicht-t-zorg", in: loaded)["stage"] == "in-ontwikkeling")

        let values = ["stage": "in-ontwikkeling", "date": "2026-09-01", "planned": ""]
        #expect(try await desk.check(values, form: .routeStage, party: "rocva", period: "noorderlicht-t-zorg", today: Desk.today) == nil)
        let preview = try desk.preview(values, form: .routeStage, party: "noorderlicht", period: "noorderlicht-t-zorg", today: Desk.today)
        let statusBefore = desk.status(party: "noorderlicht", today: Desk.today)
        let sent = try await Self.send(desk, values, form: .routeStage, party: "rocva", period: "noorderlicht-t-zorg", by: Self.institution)
        #expect(try Self.file(workspace, "state/route-stages.csv") == before)
        let (current, proposed) = try desk.rows(of: sent)
        #expect(current == nil && proposed["stage"] == "in-ontwikkeling" && proposed["route"] == "noorderlicht-t-zorg")

        _ = try await desk.approve(id: sent.id, by: Desk.team, now: Desk.now + 120)
        let after = try Self.file(workspace, "state/route-stages.csv")
        #expect(after == before + "noorderlicht-t-zorg;in-ontwikkeling;2026-09-01;;portaal: opgave \(sent.id), goedgekeurd door team@koers.example op 2026-11-18;\n",
                "\(after.suffix(160))")
        #expect(WorkspaceLoader.load(from: workspace).errors.isEmpty)
        // The preview (asked for by the other partner, whose self-check the route is in) is the status after approval.
        Self.expectPreview(preview, before: statusBefore, after: desk.status(party: "noorderlicht", today: Desk.today))
        let log = try await store.auditLog(party: "rocva")
        #expect(log.last?.action == "submission-approved" && log.last?.detail.contains("stage – → in-ontwikkeling") == true, "\(log.last?.detail ?? "")")
        // The next stage is suggested now.
        #expect(try await desk.prefill(.routeStage, party: "rocva", period: "noorderlicht-t-zorg", in: desk.loadWorkspace())["stage"] == "overeenkomst-getekend")
    }

    @Test(arguments: TestDatabases.kinds)
    func wrongStagesGetTheirMessageAtTheFieldAndOthersRoutesAreRefused(kind: String) async throws {
        guard let (store, workspace, desk) = try await Desk.desk(kind) else { return }
        defer { Desk.close(store, workspace) }
        let before = try Self.file(workspace, "state/route-stages.csv")
        func check(_ values: [String: String], party: String = "rocva", route: String = "noorderlicht-t-zorg") async throws -> SubmissionDesk.Refusal? {
            try await desk.check(values, form: .routeStage, party: party, period: route, today: Desk.today)
        }

        // Before the stage the route reached earlier (verkenning on 2025-10-01): the loader's own check.
        let early = try #require(try await check(["stage": "in-ontwikkeling", "date": "2025-09-01"]))
        #expect(early.fields.keys.sorted() == ["date"] && early.fields["date"]!.contains("verkenning"), "\(early)")
        let unknown = try #require(try await check(["stage": "klaar", "date": "2026-09-01"]))
        #expect(unknown.fields.keys.sorted() == ["stage"] && unknown.fields["stage"]!.contains("klaar"), "\(unknown)")
        let notADay = try #require(try await check(["stage": "in-ontwikkeling", "date": "1 september"]))
        #expect(notADay.fields.keys.sorted() == ["date"], "\(notADay)")
        let reachedLater = try #require(try await check(["stage": "in-ontwikkeling", "date": "2027-01-10"]))
        #expect(reachedLater.fields["date"]?.contains("gepland") == true, "\(reachedLater)")
        let plannedEarlier = try #require(try await check(["stage": "in-ontwikkeling", "date": "2026-01-10", "planned": "ja"]))
        #expect(plannedEarlier.fields["date"]?.contains("bereikt") == true, "\(plannedEarlier)")
        #expect(try await check(["stage": "in-ontwikkeling", "date": "2027-01-10", "planned": "ja"]) == nil)
        // mlo takes no part in the route: whatever the request says, refused.
        let stranger = try #require(try await check(["stage": "in-ontwikkeling", "date": "2026-09-01"], party: "mlo"))
        #expect(stranger.general.first?.contains("niet mee aan leerroute") == true, "\(stranger)")
        let concept = try await desk.save(["stage": "in-ontwikkeling", "date": "2026-09-01"], form: .routeStage, party: "mlo",
                                          period: "noorderlicht-t-zorg", by: Desk.school, now: Desk.now)
        await #expect(throws: SubmissionDesk.Refusal.self) {
            _ = try await desk.submit(id: concept.id, party: "mlo", by: Desk.school, now: Desk.now + 10, today: Desk.today)
        }
        #expect(try Self.file(workspace, "state/route-stages.csv") == before)
    }

    @Test(arguments: TestDatabases.kinds)
    func aSchoolReportsItsAttendanceOfAHeldMeeting(kind: String) async throws {
        guard let (store, workspace, desk) = try await Desk.desk(kind) else { return }
        defer { Desk.close(store, workspace) }
        let loaded = desk.loadWorkspace()
        let meetings = desk.subjects(.attendance, party: "mlo", today: Desk.today, in: loaded)
        // Held this school year or the one before, newest first; planned ones are not there, nor the
        // boards' meetings (stuurgroep, monitoring).
        #expect(meetings.first?.id == "kennisdeling-2026-10-15" && !meetings.contains { $0.id.hasPrefix("decanen-2027") })
        #expect(!meetings.contains { $0.id.hasPrefix("monitoring") || $0.id.hasPrefix("stuurgroep") })
        #expect(meetings.first { $0.id == "decanen-2026-10-06" }?.done == true)
        #expect(meetings.first { $0.id == "decanen-2025-11-25" }?.done == false)

        let present = try #require(try await desk.check([:], form: .attendance, party: "mlo", period: "decanen-2026-10-06", today: Desk.today))
        #expect(present.general.first?.contains("al als aanwezig") == true)
        let planned = try #require(try await desk.check([:], form: .attendance, party: "mlo", period: "decanen-2027-02-09", today: Desk.today))
        #expect(planned.general.first?.contains("niet gehouden") == true)

        let preview = try desk.preview([:], form: .attendance, party: "mlo", period: "decanen-2025-11-25", today: Desk.today)
        let statusBefore = desk.status(party: "mlo", today: Desk.today)
        let sent = try await Self.send(desk, [:], form: .attendance, party: "mlo", period: "decanen-2025-11-25")
        let (current, proposed) = try desk.rows(of: sent)
        #expect(current?["participants"]?.split(separator: " ").contains("mlo") == false)
        #expect(proposed["participants"]?.split(separator: " ").last == "mlo")
        _ = try await desk.approve(id: sent.id, by: Desk.team, now: Desk.now + 120)

        let events = try Self.file(workspace, "state/events.csv")
        let line = try #require(events.split(separator: "\n").first { $0.hasPrefix("decanen-2025-11-25;") })
        #expect(line.contains(" mlo;") && line.contains("voorbeeld; mlo aanwezig: portaal: opgave \(sent.id), goedgekeurd door team@koers.example"), "\(line)")
        #expect(WorkspaceLoader.load(from: workspace).errors.isEmpty)
        #expect(desk.subjects(.attendance, party: "mlo", today: Desk.today, in: desk.loadWorkspace()).first { $0.id == "decanen-2025-11-25" }?.done == true)
        // The report says which approval it includes, read back from the meeting's source.
        let pipeline = ReportPipeline(workspace: workspace, asOf: Desk.today, language: .nl)
        let report = try #require(pipeline.load().workspace.map { pipeline.make(from: $0, history: false).report })
        #expect(report.lastApproval == PortalApproval(submission: Int(sent.id), reviewer: "team@koers.example", day: Day(year: 2026, month: 11, day: 18)!))
        #expect(!preview.isEmpty)
        Self.expectPreview(preview, before: statusBefore, after: desk.status(party: "mlo", today: Desk.today))
    }

    /// The smallest files of each accepted type, by their first bytes.
    static let pdf = Array("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".utf8)
    static let docx = [0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....word/document.xml".utf8)
    static let xlsx = [0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....xl/workbook.xml".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]

    @Test func evidenceFilesAreRecognisedByTheirContentNotTheirName() {
        #expect(EvidenceFile.Kind.of(Self.pdf) == .pdf && EvidenceFile.Kind.of(Self.docx) == .docx && EvidenceFile.Kind.of(Self.xlsx) == .xlsx)
        #expect(EvidenceFile.Kind.of(Self.png) == .png && EvidenceFile.Kind.of(Self.jpeg) == .jpeg)
        // A program, a plain ZIP, an OpenDocument file, HTML, nothing: refused whatever they are called.
        #expect(EvidenceFile.Kind.of(Array("MZ\u{90}\0".utf8)) == nil && EvidenceFile.Kind.of([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]) == nil)
        #expect(EvidenceFile.Kind.of([0x50, 0x4B, 0x03, 0x04] + Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8)) == nil)
        #expect(EvidenceFile.Kind.of(Array("<html><script>".utf8)) == nil && EvidenceFile.Kind.of([]) == nil)
        let file = EvidenceFile(descriptor: String(repeating: "ab", count: 32) + ";2048;PDF;overeenkomst.pdf")
        #expect(file?.mention == "overeenkomst.pdf (PDF, 2 kB, sha256 abababababab)")
        #expect(EvidenceFile(descriptor: "../../etc/passwd;1;PDF;x") == nil)
    }

    @Test(arguments: TestDatabases.kinds)
    func evidenceWithAFileIsKeptAndNamedInTheApprovedRow(kind: String) async throws {
        guard let (store, workspace, desk) = try await Desk.desk(kind) else { return }
        defer { Desk.close(store, workspace) }
        let before = try Self.file(workspace, "state/route-requirements.csv")
        let loaded = desk.loadWorkspace()
        // mundus-techniek meets R1, R2, R5, R14 and R18 already: those are not asked for.
        let open = desk.subjects(.evidence, party: "mundus", today: Desk.today, in: loaded).map(\.id)
        #expect(open.contains("mundus-techniek/R15") && !open.contains("mundus-techniek/R5") && !open.contains { $0.hasPrefix("calvijn-vmr/") })
        // mundus-techniek is a GLR: the DLR's requirements R3 and R16 are not asked.
        #expect(!open.contains("mundus-techniek/R3") && !open.contains("mundus-techniek/R16"))

        // Too large, or of another type: refused at the field, nothing kept.
        #expect(throws: SubmissionDesk.Refusal(fields: ["bestand": "Het bestand is groter dan 10 MB; verklein het of stuur een link."])) {
            _ = try desk.keepEvidence(Self.pdf + [UInt8](repeating: 0, count: EvidenceFile.maximumSize), name: "groot.pdf")
        }
        #expect(throws: SubmissionDesk.Refusal.self) { _ = try desk.keepEvidence(Array("MZ programma".utf8), name: "overeenkomst.pdf") }
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent(".koers/evidence").path)) ?? []
        #expect(kept.isEmpty)

        let file = try desk.keepEvidence(Self.pdf, name: "C:\\Users\\decaan\\PTA-OER \"2026\".pdf")
        #expect(file.name == "PTA-OER 2026.pdf" && file.kind == .pdf && desk.evidence(file) == Self.pdf)
        let values = ["date": "2026-10-01", "evidence": "", "bestand": file.descriptor]
        // Without a date: at the field; a day still to come: at the field.
        let noDate = try #require(try await desk.check(["evidence": "PTA"], form: .evidence, party: "mundus", period: "mundus-techniek/R15", today: Desk.today))
        #expect(noDate.fields.keys.sorted() == ["date"], "\(noDate)")
        let future = try #require(try await desk.check(["date": "2027-01-01", "evidence": "PTA"], form: .evidence, party: "mundus",
                                                       period: "mundus-techniek/R15", today: Desk.today))
        #expect(future.fields["date"] != nil)
        // Neither a text nor a file: the loader's own message, at the evidence field.
        let nothing = try #require(try await desk.check(["date": "2026-10-01"], form: .evidence, party: "mundus", period: "mundus-techniek/R15", today: Desk.today))
        #expect(nothing.fields.keys.sorted() == ["evidence"], "\(nothing)")
        // A requirement already met, another school's route: refused.
        #expect(try await desk.check(values, form: .evidence, party: "mundus", period: "mundus-techniek/R5", today: Desk.today)?.general.isEmpty == false)
        #expect(try await desk.check(values, form: .evidence, party: "noorderlicht", period: "mundus-techniek/R15", today: Desk.today)?.general.isEmpty == false)

        #expect(try await desk.check(values, form: .evidence, party: "mundus", period: "mundus-techniek/R15", today: Desk.today) == nil)
        let preview = try desk.preview(values, form: .evidence, party: "mundus", period: "mundus-techniek/R15", today: Desk.today)
        let statusBefore = desk.status(party: "mundus", today: Desk.today)
        let sent = try await Self.send(desk, values, form: .evidence, party: "mundus", period: "mundus-techniek/R15")
        _ = try await desk.approve(id: sent.id, by: Desk.team, now: Desk.now + 120)
        let after = try Self.file(workspace, "state/route-requirements.csv")
        #expect(after == before + "mundus-techniek;R15;2026-10-01;bestand PTA-OER 2026.pdf (PDF, 1 kB, sha256 \(file.sha256.prefix(12)));"
            + "portaal: opgave \(sent.id), goedgekeurd door team@koers.example op 2026-11-18;\n", "\(after.suffix(250))")
        #expect(WorkspaceLoader.load(from: workspace).errors.isEmpty)
        #expect(!desk.subjects(.evidence, party: "mundus", today: Desk.today, in: desk.loadWorkspace()).map(\.id).contains("mundus-techniek/R15"))
        Self.expectPreview(preview, before: statusBefore, after: desk.status(party: "mundus", today: Desk.today))
    }

    @Test(arguments: TestDatabases.kinds)
    func aPlannedMeetingIsCheckedAndGoesIntoTheCalendarAsAPlan(kind: String) async throws {
        guard let (store, workspace, desk) = try await Desk.desk(kind) else { return }
        defer { Desk.close(store, workspace) }
        let before = try Self.file(workspace, "state/events.csv")
        func check(_ values: [String: String]) async throws -> SubmissionDesk.Refusal? {
            try await desk.check(values, form: .plannedMeeting, party: "mundus", period: "nieuw", today: Desk.today)
        }
        let meeting = ["kind": "decanenoverleg", "form": "", "date": "2027-03-02", "title": "Decanenoverleg bij het Mundus College"]
        #expect(try await check(meeting) == nil)
        // A day that has been, a day with the same meeting already planned, a kennisdeling without its form, no title.
        #expect(try await check(meeting.merging(["date": "2026-11-01"]) { $1 })?.fields["date"]?.contains("na vandaag") == true)
        #expect(try await check(meeting.merging(["date": "2027-02-09"]) { $1 })?.fields["date"]?.contains("decanen-2027-02-09") == true)
        #expect(try await check(meeting.merging(["kind": "kennisdeling"]) { $1 })?.fields.keys.sorted() == ["form"])
        #expect(try await check(meeting.merging(["title": ""]) { $1 })?.fields.keys.sorted() == ["title"])
        #expect(try await desk.check(meeting, form: .plannedMeeting, party: "mundus", period: "iets-anders", today: Desk.today) != nil)

        let preview = try desk.preview(meeting, form: .plannedMeeting, party: "mundus", period: "nieuw", today: Desk.today)
        let statusBefore = desk.status(party: "mundus", today: Desk.today)
        let sent = try await Self.send(desk, meeting, form: .plannedMeeting, party: "mundus", period: "nieuw")
        _ = try await desk.approve(id: sent.id, by: Desk.team, now: Desk.now + 120)
        let after = try Self.file(workspace, "state/events.csv")
        #expect(after == before + "decanen-2027-03-02;2027-03-02;decanenoverleg;;Decanenoverleg bij het Mundus College;mundus;ja;"
            + "portaal: opgave \(sent.id), goedgekeurd door team@koers.example op 2026-11-18\n", "\(after.suffix(200))")
        let planned = try #require(desk.loadWorkspace()?.events.first { $0.id == "decanen-2027-03-02" })
        #expect(planned.planned && planned.participants == ["mundus"])
        Self.expectPreview(preview, before: statusBefore, after: desk.status(party: "mundus", today: Desk.today))
        // The next plan is a new submission.
        #expect(try await desk.openSubmission(.plannedMeeting, party: "mundus", period: "nieuw") == nil)
    }

    @Test func anApprovalIsReadBackFromTheSourceItWrote() {
        let approval = PortalApproval(submission: 12, reviewer: "team@koers.example", day: Day(year: 2026, month: 11, day: 20)!)
        #expect(PortalApproval.all(in: approval.source) == [approval])
        let meeting = "voorbeeld; mlo aanwezig: \(approval.source); calvijn aanwezig: portaal: opgave 14, goedgekeurd door b@x.nl op 2026-11-21"
        #expect(PortalApproval.all(in: meeting).map(\.submission) == [12, 14])
        #expect(PortalApproval.all(in: "inventarisatie 2021").isEmpty && PortalApproval.all(in: "portaal: opgave x, goedgekeurd").isEmpty)
    }

    @Test(arguments: TestDatabases.kinds)
    func attendancesAndPlansOfOneMeetingTableApprovedAtOnceAreAllKept(kind: String) async throws {
        guard let (store, workspace, desk) = try await Desk.desk(kind) else { return }
        defer { Desk.close(store, workspace) }
        let loaded = try #require(desk.loadWorkspace())
        let meeting = try #require(loaded.events.first { $0.id == "decanen-2025-11-25" })
        // Schools not at the meeting report their attendance two at a time: both change the same row.
        let absent = loaded.schools.map(\.id).filter { !meeting.participants.contains($0) }.prefix(12)
        #expect(absent.count == 12)
        let schools = Array(absent)
        for round in 0..<6 {
            var pair: [Submission] = []
            for school in schools[(round * 2)..<(round * 2 + 2)] {
                pair.append(try await Self.send(desk, [:], form: .attendance, party: school, period: meeting.id))
            }
            // And a planned meeting of a third party, on a day of its own, into the same file.
            let plan = ["kind": "kennisdeling", "form": "workshop", "date": "2027-03-\(String(format: "%02d", round + 1))", "title": "Workshop \(round)"]
            let planned = try await Self.send(desk, plan, form: .plannedMeeting, party: "rocva", period: "nieuw")
            let (first, second, third) = (pair[0].id, pair[1].id, planned.id)
            async let a = desk.approve(id: first, by: Desk.team, now: Desk.now + 60)
            async let b = desk.approve(id: second, by: SubmissionDesk.Actor(name: "collega@koers.example", address: "10.0.0.8"), now: Desk.now + 60)
            async let c = desk.approve(id: third, by: Desk.team, now: Desk.now + 60)
            _ = try await (a, b, c)
        }
        let after = WorkspaceLoader.load(from: workspace)
        #expect(after.errors.isEmpty)
        let events = try #require(after.workspace?.events)
        let participants = try #require(events.first { $0.id == meeting.id }?.participants)
        // None lost, none doubled; the earlier participants first, as they were (each pair in whichever order its lock was taken).
        #expect(participants.count == meeting.participants.count + schools.count && Set(participants) == Set(meeting.participants + schools))
        #expect(Array(participants.prefix(meeting.participants.count)) == meeting.participants)
        for round in 0..<6 {
            #expect(events.filter { $0.id == "kennisdeling-workshop-2027-03-0\(round + 1)" }.count == 1)
        }
        #expect(try await store.auditLog().filter { $0.action == "submission-approved" }.count == 18)
    }

    @Test(arguments: TestDatabases.kinds)
    func anApprovalNeverOverwritesARowAnotherApprovalAddedNorValuesNobodyReviewed(kind: String) async throws {
        guard let (store, workspace, desk) = try await Desk.desk(kind) else { return }
        defer { Desk.close(store, workspace) }
        // Two schools plan a decanenoverleg on the same day; both pass the check when sent.
        let plan = ["kind": "decanenoverleg", "form": "", "date": "2027-03-02", "title": "Decanenoverleg"]
        let first = try await Self.send(desk, plan.merging(["title": "Bij Mundus"]) { $1 }, form: .plannedMeeting, party: "mundus", period: "nieuw")
        let second = try await Self.send(desk, plan.merging(["title": "Bij MLO"]) { $1 }, form: .plannedMeeting, party: "mlo", period: "nieuw")
        _ = try await desk.approve(id: first.id, by: Desk.team, now: Desk.now + 60)
        let events = try Self.file(workspace, "state/events.csv")
        await #expect(throws: SubmissionDesk.Refusal.self) { _ = try await desk.approve(id: second.id, by: Desk.team, now: Desk.now + 61) }
        #expect(try Self.file(workspace, "state/events.csv") == events && events.contains("decanen-2027-03-02;2027-03-02;decanenoverleg;;Bij Mundus;mundus;ja;"))
        // A kennisdeling of another form on that day is another meeting.
        let workshop = try await Self.send(desk, ["kind": "kennisdeling", "form": "workshop", "date": "2027-03-02", "title": "Workshop"],
                                           form: .plannedMeeting, party: "calvijn", period: "nieuw")
        #expect(try await desk.approve(id: workshop.id, by: Desk.team, now: Desk.now + 62).state == .goedgekeurd)
        #expect(try Self.file(workspace, "state/events.csv").contains("kennisdeling-workshop-2027-03-02;"))

        // Two partners prove the same requirement: the second does not replace the first's evidence.
        let school = try await Self.send(desk, ["date": "2026-10-01", "evidence": "PTA/OER van de school"], form: .evidence,
                                         party: "mundus", period: "mundus-techniek/R15")
        let institution = try await Self.send(desk, ["date": "2026-10-02", "evidence": "PTA/OER van het ROC"], form: .evidence,
                                              party: "rocva", period: "mundus-techniek/R15", by: Self.institution)
        _ = try await desk.approve(id: school.id, by: Desk.team, now: Desk.now + 70)
        await #expect(throws: SubmissionDesk.Refusal.self) { _ = try await desk.approve(id: institution.id, by: Desk.team, now: Desk.now + 71) }
        #expect(try Self.file(workspace, "state/route-requirements.csv").contains("mundus-techniek;R15;2026-10-01;PTA/OER van de school;"))

        // A reviewer approves the version seen; after a return and a correction that is another one.
        let stage = try await Self.send(desk, ["stage": "in-ontwikkeling", "date": "2026-09-01"], form: .routeStage, party: "rocva",
                                        period: "noorderlicht-t-zorg", by: Self.institution)
        let seen = stage.version
        _ = try await desk.returnToParty(id: stage.id, seen: seen, comment: "Welke maand?", by: Desk.team, now: Desk.now + 80)
        _ = try await Self.send(desk, ["stage": "in-ontwikkeling", "date": "2026-10-01"], form: .routeStage, party: "rocva",
                                period: "noorderlicht-t-zorg", by: Self.institution)
        let stale = try await #require(throws: SubmissionDesk.Refusal.self) {
            _ = try await desk.approve(id: stage.id, seen: seen, by: Desk.team, now: Desk.now + 90)
        }
        #expect(stale.general.first?.contains("gewijzigd sinds u hem opende") == true)
        let current = try #require(try await store.submission(id: stage.id))
        #expect(current.state == .ingediend && current.fields["date"] == "2026-10-01")
        #expect(try await desk.approve(id: stage.id, seen: current.version, by: Desk.team, now: Desk.now + 91).state == .goedgekeurd)
    }
}
