import CovenantModel
import Foundation
import Hummingbird
import HummingbirdTesting
import KoersPortal
import PortalAccounts
import PortalStore
import PortalSubmissions
import Testing

/// The route-stage and attendance forms over HTTP: an institution reports a route's next stage
/// (after fixing a date error shown at its field), a school its attendance of a meeting; the
/// programme team finds them in its queue by kind and age, sees old and new side by side, and
/// approves them into the workspace. Nobody reports on a route or a form that is not theirs.
@Suite("koers serve: a route's stage and a meeting's attendance from form to file")
struct FormRouteTests {
    typealias Routes = PortalRouteTests
    typealias Management = ManagementRouteTests
    typealias Returns = SubmissionRouteTests

    @Test func anInstitutionAndASchoolReportAndTheTeamApproves() async throws {
        let (setup, workspace) = try await Returns.portal(accounts: [
            ("team@koers.example", .programme, nil), ("route@rocva.nl", .institution, "rocva"), ("decaan@mlo.nl", .school, "mlo")])
        defer { Returns.remove(setup, workspace) }
        let stages = workspace.appendingPathComponent("state/route-stages.csv")
        let events = workspace.appendingPathComponent("state/events.csv")
        let stagesBefore = try String(contentsOf: stages, encoding: .utf8)
        try await setup.app.test(.router) { client in
            let institution = try await Routes.logIn(client, email: "route@rocva.nl", password: "een goed wachtwoord")
            let school = try await Routes.logIn(client, email: "decaan@mlo.nl", password: "een goed wachtwoord")
            let team = try await Routes.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")

            // An institution lists its routes and meetings; the annual return is a school's.
            let list = try await Management.get(client, "/opgaven", session: institution)
            #expect(list.status == .ok && list.page.contains("<h2>Leerroutes</h2>") && list.page.contains("<h2>Overleggen</h2>"))
            #expect(!list.page.contains("Jaaropgaven") && list.page.contains("href=\"/opgaven/routefase/noorderlicht-t-zorg\""))
            #expect(!list.page.contains("over-y-hout"))  // hmc's route, not rocva's
            #expect(try await Management.get(client, "/opgaven/jaaropgave/2026-27", session: institution).status == .notFound)
            #expect(try await Management.get(client, "/opgaven/routefase/over-y-hout", session: institution).status == .notFound)
            #expect(try await Management.get(client, "/opgaven/routefase/noorderlicht-t-zorg", session: school).status == .notFound)
            #expect(try await Management.get(client, "/opgaven/onbekend/noorderlicht-t-zorg", session: institution).status == .notFound)

            // The route's form: the next stage suggested; a date before the stage reached earlier, at its field.
            let form = try await Management.get(client, "/opgaven/routefase/noorderlicht-t-zorg", session: institution)
            #expect(form.status == .ok && form.page.contains("<option value=\"in-ontwikkeling\" selected>in ontwikkeling</option>"), "\(form.page)")
            let csrf = try Management.csrf(in: form.page)
            // Seen before anything is sent: no notice (and the portal remembers that for a second).
            #expect(!(try await Management.get(client, "/rapport/schools/instelling-rocva.html", session: institution).page.contains("telt pas mee")))
            let wrong = try await Management.post(client, "/opgaven/routefase/noorderlicht-t-zorg", session: institution,
                                                  ["csrf": csrf, "actie": "indienen", "stage": "in-ontwikkeling", "date": "2025-09-01", "planned": ""])
            #expect(wrong.status == .badRequest && wrong.page.contains("id=\"date-fout\"") && wrong.page.contains("verkenning"), "\(wrong.page)")
            let sent = try await Management.post(client, "/opgaven/routefase/noorderlicht-t-zorg", session: institution,
                                                 ["csrf": csrf, "actie": "indienen", "stage": "in-ontwikkeling", "date": "2026-09-01", "planned": ""])
            #expect(sent.status == .ok && sent.page.contains("Ingediend."), "\(sent.page)")
            // The institution's self-check says what does not count yet.
            #expect(try await Management.get(client, "/rapport/schools/instelling-rocva.html", session: institution).page
                .contains("Fase van de leerroute noorderlicht-t-zorg: ingediend, wacht op het programmateam"))

            // A school reports its attendance of a meeting it is not listed at.
            let meetings = try await Management.get(client, "/opgaven", session: school)
            #expect(meetings.page.contains("href=\"/opgaven/aanwezigheid/decanen-2025-11-25\""), "\(meetings.page)")
            let attendance = try await Management.get(client, "/opgaven/aanwezigheid/decanen-2025-11-25", session: school)
            #expect(attendance.status == .ok && attendance.page.contains("aanwezig was"))
            let schoolCSRF = try Management.csrf(in: attendance.page)
            #expect(try await Management.post(client, "/opgaven/aanwezigheid/decanen-2025-11-25", session: school,
                                              ["csrf": schoolCSRF, "actie": "indienen"]).status == .ok)
            // A meeting it is already listed at cannot be reported again.
            let listed = try await Management.post(client, "/opgaven/aanwezigheid/decanen-2026-10-06", session: school,
                                                   ["csrf": schoolCSRF, "actie": "indienen"])
            #expect(listed.status == .badRequest && listed.page.contains("al als aanwezig"))

            // The team's queue by kind and by age; the side-by-side; approval into each file.
            let submissions = try await setup.accounts.store.submissions(states: [.ingediend])
            let stage = try #require(submissions.first { $0.kind == "routefase" }), present = try #require(submissions.first { $0.kind == "aanwezigheid" })
            let byKind = try await Management.get(client, "/beheer/opgaven?staat=ingediend&soort=aanwezigheid", session: team).page
            #expect(byKind.contains("href=\"/beheer/opgaven/\(present.id)\"") && !byKind.contains("href=\"/beheer/opgaven/\(stage.id)\""))
            let old = try await Management.get(client, "/beheer/opgaven?staat=ingediend&ouderdan=7", session: team).page
            #expect(old.contains("Geen opgaven."), "sent today, so not older than a week")
            // A number too large for days in seconds is read as ten years, not an overflow.
            #expect(try await Management.get(client, "/beheer/opgaven?ouderdan=999999999999999999", session: team).status == .ok)
            let review = try await Management.get(client, "/beheer/opgaven/\(stage.id)", session: team).page
            #expect(review.contains("<th scope=\"row\">Fase</th><td>–</td><td>in-ontwikkeling</td>"), "\(review)")
            let teamCSRF = try Management.csrf(in: try await Management.get(client, "/beheer/gebruikers", session: team).page)
            for submission in [stage, present] {
                let approved = try await Management.post(client, "/beheer/opgaven/\(submission.id)/goedkeuren", session: team, ["csrf": teamCSRF])
                #expect(approved.status == .ok && approved.page.contains("Goedgekeurd en geschreven naar"), "\(approved.page.suffix(800))")
            }
        }
        let stagesAfter = try String(contentsOf: stages, encoding: .utf8)
        #expect(stagesAfter.hasPrefix(stagesBefore) && stagesAfter.dropFirst(stagesBefore.count).hasPrefix("noorderlicht-t-zorg;in-ontwikkeling;2026-09-01;;portaal: opgave "))
        let meeting = try #require(try String(contentsOf: events, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("decanen-2025-11-25;") })
        #expect(meeting.contains(" mlo;"), "\(meeting)")
        let actions = try await setup.accounts.store.auditLog(party: "rocva").map(\.action).filter { $0.hasPrefix("submission") }
        #expect(actions == ["submission-created", "submission-saved", "submission-sent", "submission-approved"], "\(actions)")
    }

    /// A multipart/form-data post, as a browser sends a form with a file.
    static func upload(_ client: some TestClientProtocol, _ uri: String, session: String, _ fields: [String: String],
                       file: (name: String, bytes: [UInt8])?) async throws -> (status: HTTPResponse.Status, page: String) {
        let boundary = "----koers-test-grens"
        var body: [UInt8] = []
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"\(file.name)\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: "koers_sessie=\(session)"]
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
            ($0.status, String(buffer: $0.body))
        }
    }

    @Test func aSchoolSendsEvidenceWithAFileAndOnlyTheTeamCanOpenIt() async throws {
        let (setup, workspace) = try await Returns.portal(accounts: [
            ("team@koers.example", .programme, nil), ("decaan@mundus.nl", .school, "mundus"), ("decaan@noorderlicht.nl", .school, "noorderlicht")])
        defer { Returns.remove(setup, workspace) }
        let pdf = Array("%PDF-1.7\n% bewijs\n%%EOF\n".utf8)
        try await setup.app.test(.router) { client in
            let school = try await Routes.logIn(client, email: "decaan@mundus.nl", password: "een goed wachtwoord")
            let other = try await Routes.logIn(client, email: "decaan@noorderlicht.nl", password: "een goed wachtwoord")
            let team = try await Routes.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")

            let list = try await Management.get(client, "/opgaven", session: school).page
            #expect(list.contains("Bewijs voor wettelijke eisen") && list.contains("href=\"/opgaven/bewijs/mundus-techniek/R15\""))
            #expect(!list.contains("href=\"/opgaven/bewijs/mundus-techniek/R5\""))  // met already
            #expect(try await Management.get(client, "/opgaven/bewijs/mundus-techniek/R15", session: other).status == .notFound)
            let form = try await Management.get(client, "/opgaven/bewijs/mundus-techniek/R15", session: school)
            #expect(form.status == .ok && form.page.contains("enctype=\"multipart/form-data\"") && form.page.contains("type=\"file\""))
            let csrf = try Management.csrf(in: form.page)
            let fields = ["csrf": csrf, "actie": "indienen", "date": "2026-10-01", "evidence": "PTA/OER 2026-27"]

            // A program named .pdf: refused at the file's field, nothing sent.
            let program = try await Self.upload(client, "/opgaven/bewijs/mundus-techniek/R15", session: school, fields,
                                                file: ("PTA.pdf", Array("MZ\u{90}\0 programma".utf8)))
            #expect(program.status == .badRequest && program.page.contains("id=\"bestand-fout\"") && program.page.contains("niet naar de naam"))
            // More than 10 MB: refused with the same care.
            let large = try await Self.upload(client, "/opgaven/bewijs/mundus-techniek/R15", session: school, fields,
                                              file: ("groot.pdf", pdf + [UInt8](repeating: 32, count: 10 * 1024 * 1024 + 100_000)))
            #expect(large.status == .contentTooLarge && large.page.contains("groter dan 10 MB"), "\(large.status)")
            #expect(try await setup.accounts.store.submissions(party: "mundus", states: [.ingediend]).isEmpty)

            // A name as browsers send it: a `;` inside the quotes, a path, a letter outside ASCII.
            let sent = try await Self.upload(client, "/opgaven/bewijs/mundus-techniek/R15", session: school, fields,
                                             file: ("C:\\map\\PTA; OER één.pdf", pdf))
            #expect(sent.status == .ok && sent.page.contains("Ingediend.") && sent.page.contains("Bewaard: PTA OER één.pdf (PDF, 1 kB"), "\(sent.page)")
            let submission = try #require(try await setup.accounts.store.submissions(party: "mundus", states: [.ingediend]).first)

            // The file: the programme team's only, as an attachment of its own type.
            for session in [school, other] {
                #expect(try await Management.get(client, "/beheer/opgaven/\(submission.id)/bestand", session: session).status == .notFound)
            }
            let review = try await Management.get(client, "/beheer/opgaven/\(submission.id)", session: team).page
            #expect(review.contains("href=\"/beheer/opgaven/\(submission.id)/bestand\""))
            try await client.execute(uri: "/beheer/opgaven/\(submission.id)/bestand", method: .get, headers: [.cookie: "koers_sessie=\(team)"]) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/pdf")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"PTA OER __n.pdf\"; filename*=UTF-8''PTA%20OER%20%C3%A9%C3%A9n.pdf")
                #expect(Array(response.body.readableBytesView) == pdf)
            }
            let teamCSRF = try Management.csrf(in: try await Management.get(client, "/beheer/gebruikers", session: team).page)
            #expect(try await Management.post(client, "/beheer/opgaven/\(submission.id)/goedkeuren", session: team, ["csrf": teamCSRF]).status == .ok)
        }
        let rows = try String(contentsOf: workspace.appendingPathComponent("state/route-requirements.csv"), encoding: .utf8)
        #expect(rows.contains("mundus-techniek;R15;2026-10-01;PTA/OER 2026-27, bestand PTA OER één.pdf (PDF, 1 kB, sha256 "), "\(rows.suffix(300))")
    }

    @Test func theTeamImportsATableAfterADryRunAndNobodyElseCan() async throws {
        let (setup, workspace) = try await Returns.portal(accounts: [("team@koers.example", .programme, nil), ("decaan@mlo.nl", .school, "mlo")])
        defer { Returns.remove(setup, workspace) }
        let file = workspace.appendingPathComponent("state/school-years.csv")
        // As Excel saves it: a BOM and CRLF line ends; mlo's stages 3 → 4.
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            $0.hasPrefix("mlo;2024-25;") ? $0.replacingOccurrences(of: ";ja;nee;3;1;3;", with: ";ja;nee;4;1;3;") : String($0)
        }
        let upload: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
        try await setup.app.test(.router) { client in
            let team = try await Routes.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")
            let school = try await Routes.logIn(client, email: "decaan@mlo.nl", password: "een goed wachtwoord")
            #expect(try await Management.get(client, "/beheer/import", session: school).status == .notFound)
            let schoolCSRF = try Management.csrf(in: try await Management.get(client, "/opgaven/jaaropgave/2026-27", session: school).page)
            #expect(try await Self.upload(client, "/beheer/import", session: school, ["csrf": schoolCSRF, "tabel": "state/school-years.csv"],
                                          file: ("school-years.csv", upload)).status == .notFound)

            let page = try await Management.get(client, "/beheer/import", session: team)
            #expect(page.status == .ok && page.page.contains("<option value=\"state/school-years.csv\">"))
            // The table as it is now, to edit: the team's only; only the workspace's tables.
            #expect(page.page.contains("href=\"/beheer/tabel/school-years.csv\" download"))
            let current = Array(try Data(contentsOf: file))
            try await client.execute(uri: "/beheer/tabel/school-years.csv", method: .get, headers: [.cookie: "koers_sessie=\(team)"]) { response in
                #expect(response.status == .ok && Array(response.body.readableBytesView) == current)
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"school-years.csv\"")
            }
            #expect(try await Management.get(client, "/beheer/tabel/school-years.csv", session: school).status == .notFound)
            #expect(try await Management.get(client, "/beheer/tabel/..%2Fcovenant.yaml", session: team).status == .notFound)
            // A file in state/ that is not a table Koers reads is not served either.
            #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("state/VOORBEELDDATA.md").path))
            #expect(try await Management.get(client, "/beheer/tabel/VOORBEELDDATA.md", session: team).status == .notFound)
            let csrf = try Management.csrf(in: page.page)
            let dryRun = try await Self.upload(client, "/beheer/import", session: team, ["csrf": csrf, "tabel": "state/school-years.csv"],
                                               file: ("school-years.csv", upload))
            #expect(dryRun.status == .ok && dryRun.page.contains("<li>mlo 2024-25: stages 3 → 4</li>") && dryRun.page.contains("Toepassen"), "\(dryRun.page)")
            #expect(try Array(Data(contentsOf: file)) != upload)
            func hidden(_ name: String) throws -> String {
                let start = try #require(dryRun.page.range(of: "name=\"\(name)\" value=\"")).upperBound
                return String(dryRun.page[start...].prefix { $0 != "\"" })
            }
            let applied = try await Management.post(client, "/beheer/import/toepassen", session: team, [
                "csrf": csrf, "tabel": "state/school-years.csv", "sha256": try hidden("sha256"), "tabel_sha256": try hidden("tabel_sha256")])
            #expect(applied.status == .ok && applied.page.contains("is vervangen: 0 nieuw, 1 gewijzigd, 0 verwijderd"), "\(applied.page)")
            #expect(try Array(Data(contentsOf: file)) == upload)
        }
        #expect(try await setup.accounts.store.auditLog(party: nil).contains { $0.action == "table-imported" && $0.actor == "team@koers.example" })
    }

    @Test func aSchoolsCalendarLinkGivesItsDatesAndWhatAwaitsItWithoutLoggingIn() async throws {
        let (setup, workspace) = try await Returns.portal(accounts: [("team@koers.example", .programme, nil), ("decaan@mundus.nl", .school, "mundus")])
        defer { Returns.remove(setup, workspace) }
        try await setup.app.test(.router) { client in
            let school = try await Routes.logIn(client, email: "decaan@mundus.nl", password: "een goed wachtwoord")
            let team = try await Routes.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")
            #expect(try await Management.get(client, "/agenda", session: team).status == .notFound)
            let page = try await Management.get(client, "/agenda", session: school)
            #expect(page.status == .ok && !page.page.contains("/agenda/"))
            func newLink() async throws -> String {
                let made = try await Management.post(client, "/agenda", session: school, ["csrf": try Management.csrf(in: page.page)])
                let start = try #require(made.page.range(of: "<code class=\"link\">")).upperBound
                return String(made.page[start...].prefix { $0 != "<" })
            }
            func feed(_ link: String) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(uri: link, method: .get) { ($0.status, String(buffer: $0.body)) }
            }
            let link = try await newLink()
            #expect(link.hasPrefix("/agenda/") && link.hasSuffix(".ics"))

            // A return the team sends back shows on the calendar with its comment, next to the report's dates.
            let form = try await Management.get(client, "/opgaven/jaaropgave/2026-27", session: school)
            _ = try await Management.post(client, "/opgaven/jaaropgave/2026-27", session: school,
                                          ["csrf": try Management.csrf(in: form.page), "actie": "indienen", "stages": "3"])
            let id = try #require(try await setup.accounts.store.submissions(party: "mundus").first?.id)
            let teamCSRF = try Management.csrf(in: try await Management.get(client, "/beheer/gebruikers", session: team).page)
            _ = try await Management.post(client, "/beheer/opgaven/\(id)/terugsturen", session: team, ["csrf": teamCSRF, "opmerking": "Vul ook de werkbezoeken in."])
            let (status, calendar) = try await feed(link)
            #expect(status == .ok && calendar.hasPrefix("BEGIN:VCALENDAR\r\n") && calendar.hasSuffix("END:VCALENDAR\r\n"))
            #expect(calendar.contains("SUMMARY:Teruggestuurd: Jaaropgave 2026-27") && calendar.contains("DESCRIPTION:Vul ook de werkbezoeken in."),
                    "\(calendar)")
            #expect(calendar.contains("CATEGORIES:return_due"))  // the report's own deadline
            #expect(calendar.components(separatedBy: "BEGIN:VEVENT").count == calendar.components(separatedBy: "END:VEVENT").count)

            // A new link ends the old one; a made-up one is nothing; a role change ends it too.
            let second = try await newLink()
            let (old, new) = (try await feed(link).0, try await feed(second).0)
            #expect(old == .notFound && new == .ok)
            #expect(try await feed("/agenda/niet-echt.ics").0 == .notFound)
            _ = try await setup.accounts.changeRole(email: "decaan@mundus.nl", role: .school, party: "mlo", by: .commandLine, now: Returns.now)
            #expect(try await feed(second).0 == .notFound)
        }
        #expect(try await setup.accounts.store.auditLog(party: "mundus").filter { $0.action == "feed-link-created" }.count == 2)
    }

    @Test func theTeamReturnsSeveralWithOneCommentAndApprovesWithAComment() async throws {
        let (setup, workspace) = try await Returns.portal(accounts: [("team@koers.example", .programme, nil)])
        defer { Returns.remove(setup, workspace) }
        let desk = SubmissionDesk(store: setup.accounts.store, workspace: workspace)
        let today = Day(year: 2026, month: 11, day: 23)!
        var sent: [Int64] = []
        for school in ["mundus", "mlo"] {
            let actor = SubmissionDesk.Actor(name: "decaan@\(school).nl", address: "::1")
            let saved = try await desk.save(["stages": "3"], party: school, period: SchoolYear("2026-27")!, by: actor, now: Returns.now)
            sent.append(try await desk.submit(id: saved.id, party: school, by: actor, now: Returns.now, today: today).id)
        }
        let ids = sent
        try await setup.app.test(.router) { client in
            let team = try await Routes.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")
            let queue = try await Management.get(client, "/beheer/opgaven", session: team)
            #expect(queue.page.contains("formaction=\"/beheer/opgaven/terugsturen\""))
            let csrf = try Management.csrf(in: queue.page)
            func post(_ path: String, _ comment: String) async throws -> (status: HTTPResponse.Status, page: String) {
                var headers = Routes.formHeaders
                headers[.cookie] = "koers_sessie=\(team)"
                let body = (["csrf=\(csrf)", "opmerking=\(comment)"] + ids.map { "id=\($0)" }).joined(separator: "&")
                return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) {
                    ($0.status, String(buffer: $0.body))
                }
            }
            // Returning asks for the comment; nothing is returned without it.
            let bare = try await post("/beheer/opgaven/terugsturen", "")
            #expect(bare.status == .badRequest && bare.page.contains("id=\"opmerking-fout\""))
            #expect(try await setup.accounts.store.submissions(states: [.ingediend]).count == 2)
            let returned = try await post("/beheer/opgaven/terugsturen", "Vul+ook+de+werkbezoeken+in.")
            #expect(returned.status == .ok && returned.page.contains("Teruggestuurd: \(ids[0]), \(ids[1])."), "\(returned.page)")
            for id in ids {
                #expect(try await setup.accounts.store.comments(submission: id).map(\.text) == ["Vul ook de werkbezoeken in."])
            }
            // Sent again; approved together, with a comment in each thread.
            for (index, school) in ["mundus", "mlo"].enumerated() {
                _ = try await desk.save(["stages": "3", "werkbezoeken": "2"], party: school, period: SchoolYear("2026-27")!,
                                        by: .init(name: "decaan@\(school).nl", address: "::1"), now: Returns.now + 10)
                _ = try await desk.submit(id: ids[index], party: school, by: .init(name: "decaan@\(school).nl", address: "::1"), now: Returns.now + 20, today: today)
            }
            let approved = try await post("/beheer/opgaven/goedkeuren", "Dank+u.")
            #expect(approved.status == .ok && approved.page.contains("Goedgekeurd: \(ids[0]), \(ids[1])."))
            for id in ids {
                #expect(try await setup.accounts.store.submission(id: id)?.state == .goedgekeurd)
                #expect(try await setup.accounts.store.comments(submission: id).last?.text == "Dank u.")
            }
        }
        let approvals = try await setup.accounts.store.auditLog(party: "mlo").filter { $0.action == "submission-approved" }
        #expect(approvals.count == 1 && approvals[0].detail.hasSuffix("; comment: Dank u."), "\(approvals)")
    }
}
