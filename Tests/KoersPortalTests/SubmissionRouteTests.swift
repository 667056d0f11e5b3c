import Foundation
import Hummingbird
import HummingbirdTesting
import KoersPortal
import PortalAccounts
import PortalStore
import Testing

/// The annual return over HTTP: a school fills it in with an error, sees it at the field, checks
/// the preview, sends it; the programme team returns it with a comment; the school corrects and
/// sends it again; the team approves it and the row is in the workspace's file. Nobody else can
/// do any of it.
@Suite("koers serve: the annual return from form to file")
struct SubmissionRouteTests {
    typealias Routes = PortalRouteTests
    typealias Management = ManagementRouteTests

    /// A copy of the default workspace: approvals write into it.
    static func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-opgave-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for item in ["covenant.yaml", "state", "rules", "plugins"] {
            try FileManager.default.copyItem(at: Routes.repository.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        return folder
    }

    /// The portal's clock: 20 November 2026, 10:00 UTC, before its evaluation date of 23 November,
    /// so that what is sent and approved in a test is in the report of that date.
    static let now: Int64 = 1_795_168_800

    /// A portal on a fresh copy of the workspace, with these accounts (password set).
    static func portal(accounts: [(String, PortalRole, String?)]) async throws -> (setup: Routes.Setup, workspace: URL) {
        let workspace = try Self.workspace()
        let setup = try await Routes.setup(workspace: workspace, clock: now)
        for (email, role, party) in accounts {
            let invitation = try await setup.accounts.invite(email: email, name: "", role: role, party: party, by: .commandLine, now: now)
            _ = try await setup.accounts.acceptInvitation(token: invitation.token, password: "een goed wachtwoord", address: "::1", now: now)
        }
        return (setup, workspace)
    }

    static func remove(_ setup: Routes.Setup, _ workspace: URL) {
        try? FileManager.default.removeItem(at: setup.folder)
        try? FileManager.default.removeItem(at: workspace)
    }

    @Test func aSchoolSendsItsReturnAndTheTeamReturnsAndApprovesIt() async throws {
        let (setup, workspace) = try await Self.portal(accounts: [
            ("team@koers.example", .programme, nil), ("decaan@mundus.nl", .school, "mundus"), ("bestuur@msa.nl", .board, "msa"),
            ("decaan@noorderlicht.nl", .school, "noorderlicht")])
        defer { Self.remove(setup, workspace) }
        let file = workspace.appendingPathComponent("state/school-years.csv")
        let before = try String(contentsOf: file, encoding: .utf8)
        try await setup.app.test(.router) { client in
            let school = try await Routes.logIn(client, email: "decaan@mundus.nl", password: "een goed wachtwoord")
            let team = try await Routes.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")
            let board = try await Routes.logIn(client, email: "bestuur@msa.nl", password: "een goed wachtwoord")
            let other = try await Routes.logIn(client, email: "decaan@noorderlicht.nl", password: "een goed wachtwoord")

            let list = try await Management.get(client, "/opgaven", session: school)
            #expect(list.status == .ok && list.page.contains("href=\"/opgaven/jaaropgave/2026-27\"") && list.page.contains("Mundus College"))
            #expect(try await Management.get(client, "/opgaven", session: board).status == .notFound)
            #expect(try await Management.get(client, "/opgaven/jaaropgave/2030-31", session: school).status == .notFound)
            // A year the data already holds (typed in by the programme team) says so, with its day.
            #expect(list.page.contains("Jaaropgave 2025-26</a><br>ontvangen op 9 juli 2026, staat in de gegevens · termijn verstreken"), "\(list.page)")
            let form = try await Management.get(client, "/opgaven/jaaropgave/2026-27", session: school)
            #expect(form.status == .ok && form.page.contains("<label for=\"stages\">"))
            let csrf = try Management.csrf(in: form.page)
            let values = ["lob_voorlichting": "ja", "praktijkgericht": "ja", "werkbezoeken": "2", "praktijkopdrachten": "1"]

            // One error: at its field, nothing sent, the values kept.
            var wrong = values
            wrong["stages"] = "veel"
            let refused = try await Management.post(client, "/opgaven/jaaropgave/2026-27", session: school,
                                                    wrong.merging(["csrf": csrf, "actie": "indienen"]) { $1 })
            #expect(refused.status == .badRequest && refused.page.contains("id=\"stages-fout\"") && refused.page.contains("value=\"veel\""))
            #expect(try await setup.accounts.store.submissions(party: "mundus").allSatisfy { $0.state == .concept })

            // Fixed, checked with a preview, sent.
            var right = values
            right["stages"] = "12"
            let checked = try await Management.post(client, "/opgaven/jaaropgave/2026-27", session: school,
                                                    right.merging(["csrf": csrf, "actie": "controleren"]) { $1 })
            #expect(checked.status == .ok && checked.page.contains("Met deze opgave"), "\(checked.page.suffix(2000))")
            let sent = try await Management.post(client, "/opgaven/jaaropgave/2026-27", session: school,
                                                 right.merging(["csrf": csrf, "actie": "indienen"]) { $1 })
            #expect(sent.status == .ok && sent.page.contains("Ingediend."))
            let id = try #require(try await setup.accounts.store.submissions(party: "mundus").first?.id)
            // The school's self-check says what does not count yet.
            #expect(try await Management.get(client, "/rapport/schools/school-mundus.html", session: school).page
                .contains("Jaaropgave 2026-27: ingediend, wacht op het programmateam — telt pas mee na goedkeuring."))

            // Another school, a board: not theirs to see or act on, whatever the request says.
            let otherCSRF = try Management.csrf(in: try await Management.get(client, "/opgaven/jaaropgave/2026-27", session: other).page)
            _ = try await Management.post(client, "/opgaven/jaaropgave/2026-27", session: other,
                                          right.merging(["csrf": otherCSRF, "actie": "indienen", "party": "mundus", "school": "mundus"]) { $1 })
            #expect(try await setup.accounts.store.submissions(party: "mundus").count == 1)
            for session in [school, board, other] {
                #expect(try await Management.get(client, "/beheer/opgaven", session: session).status == .notFound)
                #expect(try await Management.get(client, "/beheer/opgaven/\(id)", session: session).status == .notFound)
                #expect(try await Management.post(client, "/beheer/opgaven/\(id)/goedkeuren", session: session, ["csrf": otherCSRF]).status == .notFound)
            }

            // The team's queue, the side-by-side, a return with a comment.
            let queue = try await Management.get(client, "/beheer/opgaven", session: team)
            #expect(queue.page.contains("href=\"/beheer/opgaven/\(id)\"") && queue.page.contains("Mundus College"), "\(queue.page)")
            let teamCSRF = try Management.csrf(in: try await Management.get(client, "/beheer/gebruikers", session: team).page)
            let review = try await Management.get(client, "/beheer/opgaven/\(id)", session: team)
            #expect(review.page.contains("<td>–</td><td>12</td>"))
            #expect(try await Management.post(client, "/beheer/opgaven/\(id)/terugsturen", session: team, ["csrf": teamCSRF, "opmerking": ""])
                .status == .badRequest)
            let returned = try await Management.post(client, "/beheer/opgaven/\(id)/terugsturen", session: team,
                                                     ["csrf": teamCSRF, "opmerking": "Twaalf stages? Vorig jaar waren het er drie."])
            #expect(returned.status == .ok)
            let again = try await Management.get(client, "/opgaven/jaaropgave/2026-27", session: school)
            #expect(again.page.contains("Twaalf stages? Vorig jaar waren het er drie.") && again.page.contains("teruggestuurd"))

            // Corrected and sent again; approved into the file.
            right["stages"] = "4"
            #expect(try await Management.post(client, "/opgaven/jaaropgave/2026-27", session: school,
                                              right.merging(["csrf": csrf, "actie": "indienen"]) { $1 }).status == .ok)
            let approved = try await Management.post(client, "/beheer/opgaven/\(id)/goedkeuren", session: team, ["csrf": teamCSRF])
            #expect(approved.status == .ok && approved.page.contains("Goedgekeurd"), "\(approved.page.suffix(1500))")
            let after = try String(contentsOf: file, encoding: .utf8)
            #expect(after.hasPrefix(before) && after.dropFirst(before.count).hasPrefix("mundus;2026-27;"), "\(after.suffix(300))")
            #expect(after.contains(";4;2;1;;;portaal: opgave \(id), goedgekeurd door team@koers.example op "))
            // Approved is locked for the school.
            let locked = try await Management.get(client, "/opgaven/jaaropgave/2026-27", session: school)
            #expect(locked.page.contains("goedgekeurd"))
            // The report is made again from the changed file (the portal looks once a second): the
            // completeness on the team's dashboard counts the return, the self-check has no notice.
            try await Task.sleep(for: .milliseconds(1100))
            let dashboard = try await Management.get(client, "/beheer/opgaven", session: team).page
            #expect(dashboard.contains("Jaaropgaven 2026-27: 7 van 32 ontvangen, 7 op tijd (uiterlijk 31 juli 2027)"), "\(dashboard)")
            #expect(dashboard.contains("Jaaropgaven 2025-26: 32 van 32 ontvangen"))
            #expect(!(try await Management.get(client, "/rapport/schools/school-mundus.html", session: school).page.contains("telt pas mee")))
        }
        let actions = try await setup.accounts.store.auditLog(party: "mundus").map(\.action).filter { $0.hasPrefix("submission") }
        // The first attempt saved a concept; sending it failed on the error.
        #expect(actions == ["submission-created", "submission-saved", "submission-sent", "submission-returned", "submission-saved",
                            "submission-sent", "submission-approved"], "\(actions)")
    }

    @Test func theTeamApprovesSeveralAtOnceAndReopensAClosedYearWithAReason() async throws {
        let (setup, workspace) = try await Self.portal(accounts: [
            ("team@koers.example", .programme, nil), ("decaan@mundus.nl", .school, "mundus"), ("decaan@bredero.nl", .school, "bredero")])
        defer { Self.remove(setup, workspace) }
        let values = ["lob_voorlichting": "ja", "praktijkgericht": "nee", "stages": "3", "werkbezoeken": "1", "praktijkopdrachten": "0"]
        try await setup.app.test(.router) { client in
            let team = try await Routes.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")
            var ids: [Int64] = []
            for school in ["mundus", "bredero"] {
                let session = try await Routes.logIn(client, email: "decaan@\(school).nl", password: "een goed wachtwoord")
                let csrf = try Management.csrf(in: try await Management.get(client, "/opgaven/jaaropgave/2026-27", session: session).page)
                let sent = try await Management.post(client, "/opgaven/jaaropgave/2026-27", session: session, values.merging(
                    ["csrf": csrf, "actie": "indienen", "toelichting": "Opgave van \(school), met de stages van de derde klas."]) { $1 })
                #expect(sent.status == .ok, "\(school)")
                ids.append(try #require(try await setup.accounts.store.submissions(party: school).first?.id))
            }
            let teamCSRF = try Management.csrf(in: try await Management.get(client, "/beheer/opgaven", session: team).page)
            #expect(try await Management.get(client, "/beheer/opgaven/\(ids[1])", session: team).page
                .contains("Opgave van bredero, met de stages van de derde klas."))
            #expect(try await Management.post(client, "/beheer/opgaven/goedkeuren", session: team, ["csrf": teamCSRF]).status == .badRequest)
            var headers = Routes.formHeaders
            headers[.cookie] = "koers_sessie=\(team)"
            let both = try await client.execute(uri: "/beheer/opgaven/goedkeuren", method: .post, headers: headers,
                                                body: ByteBuffer(string: "csrf=\(teamCSRF)&id=\(ids[0])&id=\(ids[1])")) { String(buffer: $0.body) }
            #expect(both.contains("Goedgekeurd: \(ids[0]), \(ids[1])."), "\(both.suffix(800))")
            let file = try String(contentsOf: workspace.appendingPathComponent("state/school-years.csv"), encoding: .utf8)
            #expect(file.contains("mundus;2026-27;") && file.contains("bredero;2026-27;"))

            // 2024-25 closed on 1 October 2025: refused, until the team reopens it for one school, with a reason.
            let school = try await Routes.logIn(client, email: "decaan@mundus.nl", password: "een goed wachtwoord")
            let closedForm = try await Management.get(client, "/opgaven/jaaropgave/2024-25", session: school)
            #expect(closedForm.page.contains("niet te wijzigen"))
            let csrf = try Management.csrf(in: closedForm.page)
            let refused = try await Management.post(client, "/opgaven/jaaropgave/2024-25", session: school,
                                                    values.merging(["csrf": csrf, "actie": "indienen"]) { $1 })
            #expect(refused.status == .badRequest && refused.page.contains("verstreken"))
            let noReason = try await Management.post(client, "/beheer/opgaven/heropenen", session: team,
                                                     ["csrf": teamCSRF, "partij": "mundus", "schooljaar": "2024-25", "reden": ""])
            #expect(noReason.status == .badRequest && noReason.page.contains("Schrijf de reden op"))
            let reopened = try await Management.post(client, "/beheer/opgaven/heropenen", session: team,
                                                     ["csrf": teamCSRF, "partij": "mundus", "schooljaar": "2024-25", "reden": "Decaan was langdurig ziek."])
            #expect(reopened.status == .ok && reopened.page.contains("Schooljaar 2024-25 is heropend voor Mundus College."))
            let late = try await Management.post(client, "/opgaven/jaaropgave/2024-25", session: school,
                                                 values.merging(["csrf": csrf, "actie": "indienen"]) { $1 })
            #expect(late.status == .ok && late.page.contains("Ingediend."))
            let other = try await Routes.logIn(client, email: "decaan@bredero.nl", password: "een goed wachtwoord")
            let stillClosed = try await Management.post(client, "/opgaven/jaaropgave/2024-25", session: other, values.merging(
                ["csrf": try Management.csrf(in: try await Management.get(client, "/opgaven/jaaropgave/2024-25", session: other).page), "actie": "indienen"]) { $1 })
            #expect(stillClosed.status == .badRequest)
        }
        let reopening = try await setup.accounts.store.auditLog(party: "mundus").first { $0.action == "period-reopened" }
        #expect(reopening?.detail == "reason: Decaan was langdurig ziek." && reopening?.actor == "team@koers.example")
    }
}
