import CovenantModel
import Foundation
import Hummingbird
import HummingbirdTesting
import KoersPortal
import PortalAccounts
import PortalStore
import Testing
import WorkspaceLoader

/// The portal's routes through HummingbirdTesting: an invited school sets a password, logs in,
/// sees its own self-check and nothing else, and logs out; forms without their CSRF token are
/// refused; every answer carries the security headers.
@Suite("koers serve: routes, sessions and access")
struct PortalRouteTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Setup {
        var app: Application<RouterResponder<PortalContext>>
        var accounts: Accounts
        var folder: URL
    }

    /// `clock` fixes the portal's now (Unix seconds), for a test whose data must fall before its
    /// evaluation date; by default the real clock.
    static func setup(workspace: URL = repository, behindProxy: Bool = false, clock: Int64? = nil) async throws -> Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-portal-\(UUID().uuidString)")
        let store = try await DatabaseLocation.sqlite(path: folder.appendingPathComponent("portal.sqlite").path).open()
        var policy = Accounts.Policy()
        policy.bcryptCost = 4
        let accounts = Accounts(store: store, policy: policy)
        let day = try DateText.day(from: "2026-11-23")
        let reports = ReportCache(workspace: workspace, asOf: { day })
        let portal = PortalApplication(accounts: accounts, reports: reports, secureCookies: false, behindProxy: behindProxy,
                                       clock: { clock ?? Int64(Date().timeIntervalSince1970) })
        return Setup(app: Application(router: portal.router()), accounts: accounts, folder: folder)
    }

    /// The value of the cookie `name` that a response sets.
    static func cookie(_ name: String, in response: TestResponse) -> String? {
        for header in response.headers[values: .setCookie] where header.hasPrefix("\(name)=") {
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        ByteBuffer(string: fields.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&"))
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// Logs in and returns the session cookie.
    static func logIn(_ client: some TestClientProtocol, email: String, password: String) async throws -> String {
        let formToken = try await client.execute(uri: "/inloggen", method: .get) { try #require(cookie("koers_formulier", in: $0)) }
        var headers = formHeaders
        headers[.cookie] = "koers_formulier=\(formToken)"
        return try await client.execute(uri: "/inloggen", method: .post, headers: headers,
                                        body: form(["email": email, "wachtwoord": password, "csrf": formToken])) { response in
            #expect(response.status == .found)
            #expect(response.headers[.location] == "/")
            let setCookie = response.headers[values: .setCookie].first { $0.hasPrefix("koers_sessie=") } ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), "\(setCookie)")
            return try #require(cookie("koers_sessie", in: response))
        }
    }

    @Test func aSchoolAcceptsItsInvitationSeesItsOwnPageAndNothingElse() async throws {
        let setup = try await Self.setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let invitation = try await setup.accounts.invite(email: "decaan@noorderlicht.nl", name: "De decaan", role: .school,
                                                         party: "noorderlicht", by: .commandLine, now: Int64(Date().timeIntervalSince1970))
        try await setup.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .found && response.headers[.location] == "/inloggen")
            }
            // The invitation: a form, then the password, once.
            let formToken = try await client.execute(uri: "/uitnodiging/\(invitation.token)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("decaan@noorderlicht.nl"))
                return try #require(Self.cookie("koers_formulier", in: response))
            }
            var headers = Self.formHeaders
            headers[.cookie] = "koers_formulier=\(formToken)"
            try await client.execute(uri: "/uitnodiging/\(invitation.token)", method: .post, headers: headers,
                                     body: Self.form(["wachtwoord": "een goed wachtwoord", "herhaling": "een goed wachtwoord", "csrf": formToken])) {
                #expect($0.status == .found && $0.headers[.location] == "/inloggen")
            }
            try await client.execute(uri: "/uitnodiging/\(invitation.token)", method: .get) { #expect($0.status == .notFound) }

            let session = try await Self.logIn(client, email: "decaan@noorderlicht.nl", password: "een goed wachtwoord")
            let withSession: HTTPFields = [.cookie: "koers_sessie=\(session)"]
            try await client.execute(uri: "/", method: .get, headers: withSession) { response in
                #expect(response.headers[.location] == "/rapport/schools/school-noorderlicht.html")
            }
            let csrf = try await client.execute(uri: "/rapport/schools/school-noorderlicht.html", method: .get, headers: withSession) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("Beroepscollege Noorderlicht") && page.contains("Ingelogd als decaan@noorderlicht.nl"))
                // Links to pages a school does not see are plain text; its routes stay links.
                #expect(!page.contains("href=\"../index.html") && !page.contains("href=\"../boards/"))
                #expect(!page.contains("Terug naar het overzicht"))  // a signpost to nowhere goes altogether
                #expect(page.contains("href=\"../routes/") && page.contains("href=\"../calendars/school-noorderlicht.ics\""))
                let marker = "name=\"csrf\" value=\""
                let start = try #require(page.range(of: marker)).upperBound
                return String(page[start...].prefix { $0 != "\"" })
            }
            // Its self-check as files: a CSV for Excel and JSON, offered on the page.
            try await client.execute(uri: "/rapport/schools/school-noorderlicht.csv", method: .get, headers: withSession) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"school-noorderlicht.csv\"")
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("\u{FEFF}doel;titel;uw_bijdrage;toelichting;gevraagd_voor;stad_status"), "\(text.prefix(120))")
                #expect(text.split(separator: "\r\n").count > 3)
            }
            try await client.execute(uri: "/rapport/schools/school-noorderlicht.json", method: .get, headers: withSession) { response in
                #expect(response.headers[.contentType] == "application/json")
                let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let check = try #require(document["self_check"] as? [String: Any])
                #expect(check["school"] as? String == "noorderlicht" && document["as_of"] as? String == "2026-11-23")
            }
            try await client.execute(uri: "/rapport/schools/school-noorderlicht.html", method: .get, headers: withSession) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("href=\"/rapport/schools/school-noorderlicht.csv\"") && page.contains("href=\"/rapport/schools/school-noorderlicht.json\""))
            }
            // Another school's page, the overview, a file outside the report: not found, alike.
            for other in ["/rapport/schools/school-mlo.html", "/rapport/schools/school-mlo.csv", "/rapport/schools/school-mlo.json", "/rapport/index.html", "/rapport/../covenant.yaml", "/rapport/boards/zaam.html"] {
                try await client.execute(uri: other, method: .get, headers: withSession) { response in
                    #expect(response.status == .notFound, "\(other)")
                    #expect(!String(buffer: response.body).contains("Montessori"))
                }
            }
            // Logging out needs the session's CSRF token.
            var logout = Self.formHeaders
            logout[.cookie] = "koers_sessie=\(session)"
            try await client.execute(uri: "/uitloggen", method: .post, headers: logout, body: Self.form(["csrf": "vals"])) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/uitloggen", method: .post, headers: logout, body: Self.form(["csrf": csrf])) {
                #expect($0.status == .found && $0.headers[.location] == "/inloggen")
            }
            try await client.execute(uri: "/rapport/schools/school-noorderlicht.html", method: .get, headers: withSession) {
                #expect($0.status == .found && $0.headers[.location] == "/inloggen")
            }
        }
        let actions = try await setup.accounts.store.auditLog(party: "noorderlicht").map(\.action)
        #expect(actions == ["account-added", "invitation", "password-set", "login", "logout"])
    }

    @Test func theProgrammeTeamSeesEveryPageAndABoardItsOwn() async throws {
        let setup = try await Self.setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let now = Int64(Date().timeIntervalSince1970)
        for (email, role, party) in [("team@koers.example", PortalRole.programme, nil), ("bestuur@zaam.nl", .board, "zaam")] as [(String, PortalRole, String?)] {
            let invitation = try await setup.accounts.invite(email: email, name: "", role: role, party: party, by: .commandLine, now: now)
            _ = try await setup.accounts.acceptInvitation(token: invitation.token, password: "een goed wachtwoord", address: "::1", now: now)
        }
        try await setup.app.test(.router) { client in
            let team = try await Self.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")
            let board = try await Self.logIn(client, email: "bestuur@zaam.nl", password: "een goed wachtwoord")
            let pages: [(String, team: HTTPResponse.Status, board: HTTPResponse.Status)] = [
                ("/rapport/index.html", .ok, .notFound),
                ("/rapport/boards/zaam.html", .ok, .ok),
                ("/rapport/schools/school-noorderlicht.html", .ok, .ok),  // a ZAAM school
                ("/rapport/schools/school-mlo.html", .ok, .notFound),     // another board's school
                ("/rapport/calendars/bestuur-zaam.ics", .ok, .ok),
                ("/rapport/bestaat-niet.html", .notFound, .notFound),
            ]
            for (uri, forTeam, forBoard) in pages {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: "koers_sessie=\(team)"]) { #expect($0.status == forTeam, "\(uri)") }
                try await client.execute(uri: uri, method: .get, headers: [.cookie: "koers_sessie=\(board)"]) { #expect($0.status == forBoard, "\(uri)") }
            }
        }
    }

    @Test func formsWithoutTheirTokenAreRefusedAndEveryAnswerCarriesTheSecurityHeaders() async throws {
        let setup = try await Self.setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try await setup.app.test(.router) { client in
            try await client.execute(uri: "/inloggen", method: .post, headers: Self.formHeaders,
                                     body: Self.form(["email": "a@b.nl", "wachtwoord": "x", "csrf": "geraden"])) { response in
                #expect(response.status == .forbidden)
            }
            for uri in ["/inloggen", "/", "/rapport/index.html", "/uitnodiging/onzin", "/bestaat-niet"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let csp = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("default-src 'none'") && !csp.contains("script-src"), "\(uri): \(csp)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[.init("Referrer-Policy")!] == "same-origin")
                }
            }
            // A wrong password: the same answer as an unknown account, in Dutch.
            let formToken = try await client.execute(uri: "/inloggen", method: .get) { try #require(Self.cookie("koers_formulier", in: $0)) }
            var headers = Self.formHeaders
            headers[.cookie] = "koers_formulier=\(formToken)"
            try await client.execute(uri: "/inloggen", method: .post, headers: headers,
                                     body: Self.form(["email": "niemand@school.nl", "wachtwoord": "fout", "csrf": formToken])) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("E-mailadres of wachtwoord klopt niet."))
            }
        }
    }

    /// Data that stops validating keeps the last valid report: a school sees it with a notice,
    /// the programme team also the messages; a fixed file brings the new report.
    @Test func invalidDataKeepsTheLastValidReportWithANotice() async throws {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("koers-portal-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }
        for item in ["covenant.yaml", "state", "rules", "plugins"] {
            try FileManager.default.copyItem(at: Self.repository.appendingPathComponent(item), to: workspace.appendingPathComponent(item))
        }
        let setup = try await Self.setup(workspace: workspace)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let now = Int64(Date().timeIntervalSince1970)
        for (email, role, party) in [("team@koers.example", PortalRole.programme, nil), ("decaan@noorderlicht.nl", .school, "noorderlicht")]
            as [(String, PortalRole, String?)] {
            let invitation = try await setup.accounts.invite(email: email, name: "", role: role, party: party, by: .commandLine, now: now)
            _ = try await setup.accounts.acceptInvitation(token: invitation.token, password: "een goed wachtwoord", address: "::1", now: now)
        }
        try await setup.app.test(.router) { client in
            let team = try await Self.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")
            let school = try await Self.logIn(client, email: "decaan@noorderlicht.nl", password: "een goed wachtwoord")
            let page = "/rapport/schools/school-noorderlicht.html"
            try await client.execute(uri: page, method: .get, headers: [.cookie: "koers_sessie=\(school)"]) { response in
                #expect(response.status == .ok && !String(buffer: response.body).contains("class=\"koers-oud\""))
            }
            let schools = workspace.appendingPathComponent("state/schools.csv")
            let original = try String(contentsOf: schools, encoding: .utf8)
            try (original + "kapot;;;;;\n").write(to: schools, atomically: true, encoding: .utf8)
            try await Task.sleep(for: .milliseconds(1_100))  // the cache looks at the files at most once a second
            try await client.execute(uri: page, method: .get, headers: [.cookie: "koers_sessie=\(school)"]) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .ok && body.contains("dit is de laatste geldige stand") && body.contains("stand van 2026-11-23"))
                #expect(!body.contains("schools.csv"))  // the messages are for the programme team
            }
            try await client.execute(uri: "/rapport/index.html", method: .get, headers: [.cookie: "koers_sessie=\(team)"]) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("dit is de laatste geldige stand") && body.contains("state/schools.csv"), "\(body.prefix(2_000))")
                #expect(!body.contains("Fatal") && !body.contains("Swift/"))
            }
            try original.write(to: schools, atomically: true, encoding: .utf8)
            try await Task.sleep(for: .milliseconds(1_100))
            try await client.execute(uri: page, method: .get, headers: [.cookie: "koers_sessie=\(school)"]) { response in
                #expect(!String(buffer: response.body).contains("class=\"koers-oud\""))
            }
        }
    }
}
