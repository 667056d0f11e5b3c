import Foundation
import Hummingbird
import HummingbirdTesting
import KoersPortal
import PortalAccounts
import PortalStore
import Testing

/// The programme team's pages under /beheer/: accounts and the audit log, for the programme team
/// only, with the same rules and audit lines as `koers users`.
@Suite("koers serve: the programme team's user management and audit log")
struct ManagementRouteTests {
    typealias Routes = PortalRouteTests

    /// The value of the first hidden CSRF field in a page.
    static func csrf(in page: String) throws -> String {
        let start = try #require(page.range(of: "name=\"csrf\" value=\"")).upperBound
        return String(page[start...].prefix { $0 != "\"" })
    }

    static func post(_ client: some TestClientProtocol, _ uri: String, session: String, _ fields: [String: String]) async throws
        -> (status: HTTPResponse.Status, page: String) {
        var headers = Routes.formHeaders
        headers[.cookie] = "koers_sessie=\(session)"
        return try await client.execute(uri: uri, method: .post, headers: headers, body: Routes.form(fields)) {
            ($0.status, String(buffer: $0.body))
        }
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, session: String) async throws -> (status: HTTPResponse.Status, page: String) {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: "koers_sessie=\(session)"]) { ($0.status, String(buffer: $0.body)) }
    }

    @Test func theProgrammeTeamInvitesChangesDisablesAndResetsAccountsInThePortal() async throws {
        let setup = try await Routes.setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let now = Int64(Date().timeIntervalSince1970)
        for (email, role, party) in [("team@koers.example", PortalRole.programme, nil), ("bestuur@zaam.nl", .board, "zaam"),
                                     ("decaan@noorderlicht.nl", .school, "noorderlicht")] as [(String, PortalRole, String?)] {
            let invitation = try await setup.accounts.invite(email: email, name: "", role: role, party: party, by: .commandLine, now: now)
            _ = try await setup.accounts.acceptInvitation(token: invitation.token, password: "een goed wachtwoord", address: "::1", now: now)
        }
        let school = try #require(try await setup.accounts.store.user(email: "decaan@noorderlicht.nl"))
        let teamUser = try #require(try await setup.accounts.store.user(email: "team@koers.example"))
        try await setup.app.test(.router) { client in
            let team = try await Routes.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")
            let board = try await Routes.logIn(client, email: "bestuur@zaam.nl", password: "een goed wachtwoord")
            let schoolSession = try await Routes.logIn(client, email: "decaan@noorderlicht.nl", password: "een goed wachtwoord")

            // Only the programme team has these pages; to a board they do not exist.
            for uri in ["/beheer/gebruikers", "/beheer/logboek", "/beheer/gebruikers/\(school.id)"] {
                #expect(try await Self.get(client, uri, session: board).status == .notFound, "\(uri)")
            }
            let boardPage = try await Self.get(client, "/rapport/boards/zaam.html", session: board).page
            #expect(try await Self.post(client, "/beheer/gebruikers/\(school.id)/uitschakelen", session: board,
                                        ["csrf": try Self.csrf(in: boardPage)]).status == .notFound)
            #expect(try await setup.accounts.store.user(id: school.id)?.disabled == false)

            let list = try await Self.get(client, "/beheer/gebruikers", session: team)
            #expect(list.status == .ok)
            #expect(list.page.contains("decaan@noorderlicht.nl") && list.page.contains("Beroepscollege Noorderlicht (noorderlicht)"))
            #expect(list.page.contains("<label for=\"partij\">") && list.page.contains("<optgroup label=\"Mbo-instellingen\">"))
            let csrf = try Self.csrf(in: list.page)

            // Without the token: refused, nothing made.
            #expect(try await Self.post(client, "/beheer/gebruikers", session: team,
                                        ["email": "nieuw@mlo.nl", "rol": "school", "partij": "school/mlo"]).status == .forbidden)
            // Every wrong field at once, at its field, the values kept.
            let wrong = try await Self.post(client, "/beheer/gebruikers", session: team,
                                            ["csrf": csrf, "email": "geen adres", "naam": "Nieuw", "rol": "school", "partij": ""])
            #expect(wrong.status == .badRequest)
            #expect(wrong.page.contains("id=\"email-fout\">'geen adres' is geen e-mailadres."), "\(wrong.page)")
            #expect(wrong.page.contains("id=\"partij-fout\">Kies de partij waar dit account bij hoort."))
            #expect(wrong.page.contains("value=\"Nieuw\""))
            let misfit = try await Self.post(client, "/beheer/gebruikers", session: team,
                                             ["csrf": csrf, "email": "nieuw@mlo.nl", "rol": "board", "partij": "school/mlo"])
            #expect(misfit.status == .badRequest && misfit.page.contains("Deze partij is geen bestuur"))
            #expect(try await setup.accounts.store.user(email: "nieuw@mlo.nl") == nil)

            let made = try await Self.post(client, "/beheer/gebruikers", session: team,
                                           ["csrf": csrf, "email": "Nieuw@MLO.nl", "naam": "Nieuw", "rol": "school", "partij": "school/mlo"])
            #expect(made.status == .ok && made.page.contains("Uitnodiging gemaakt"))
            let linkStart = try #require(made.page.range(of: "/uitnodiging/")).upperBound
            let token = String(made.page[linkStart...].prefix { $0 != "\"" })
            #expect(try await setup.accounts.invitation(token: token, now: now)?.email == "nieuw@mlo.nl")
            let twice = try await Self.post(client, "/beheer/gebruikers", session: team,
                                            ["csrf": csrf, "email": "nieuw@mlo.nl", "rol": "school", "partij": "school/mlo"])
            #expect(twice.status == .badRequest && twice.page.contains("Er is al een account voor nieuw@mlo.nl."))

            // A role change ends the account's sessions at once.
            let changed = try await Self.post(client, "/beheer/gebruikers/\(school.id)/rol", session: team,
                                              ["csrf": csrf, "rol": "board", "partij": "board/zaam"])
            #expect(changed.status == .ok && changed.page.contains("De rol is gewijzigd"))
            #expect(try await setup.accounts.store.user(id: school.id)?.role == .board)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "koers_sessie=\(schoolSession)"]) {
                #expect($0.headers[.location] == "/inloggen")
            }
            #expect(try await Self.post(client, "/beheer/gebruikers/\(school.id)/uitschakelen", session: team, ["csrf": csrf]).status == .ok)
            #expect(try await setup.accounts.store.user(id: school.id)?.disabled == true)
            #expect(try await Self.post(client, "/beheer/gebruikers/\(school.id)/inschakelen", session: team, ["csrf": csrf]).status == .ok)
            #expect(try await setup.accounts.store.user(id: school.id)?.disabled == false)
            let reset = try await Self.post(client, "/beheer/gebruikers/\(school.id)/herstellen", session: team, ["csrf": csrf])
            #expect(reset.status == .ok && reset.page.contains("Nieuwe wachtwoordlink") && reset.page.contains("/uitnodiging/"))
            #expect(try await setup.accounts.store.user(id: school.id)?.hasPassword == false)

            // Nobody locks themselves out.
            let own = try await Self.post(client, "/beheer/gebruikers/\(teamUser.id)/uitschakelen", session: team, ["csrf": csrf])
            #expect(own.status == .badRequest && own.page.contains("Uw eigen account kunt u niet uitschakelen"))
            #expect(try await setup.accounts.store.user(id: teamUser.id)?.disabled == false)
            #expect(try await Self.post(client, "/beheer/gebruikers/\(school.id)/verwijderen", session: team, ["csrf": csrf]).status == .notFound)

            // The audit log: the portal's changes, by whom, newest first, per party.
            let log = try await Self.get(client, "/beheer/logboek", session: team)
            #expect(log.status == .ok)
            let changedAt = try #require(log.page.range(of: "rol gewijzigd"))
            let disabledAt = try #require(log.page.range(of: "account uitgeschakeld"))
            #expect(disabledAt.lowerBound < changedAt.lowerBound)  // newest first
            #expect(log.page.contains("team@koers.example → decaan@noorderlicht.nl"))
            #expect(log.page.contains("school (noorderlicht) → board (zaam)"))
            let mlo = try await Self.get(client, "/beheer/logboek?partij=mlo", session: team)
            #expect(mlo.page.contains("nieuw@mlo.nl") && !mlo.page.contains("decaan@noorderlicht.nl"))
        }
    }

    @Test func theAuditLogIsReadAHundredLinesAtATime() async throws {
        let setup = try await Routes.setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let now = Int64(Date().timeIntervalSince1970)
        let invitation = try await setup.accounts.invite(email: "team@koers.example", name: "", role: .programme, party: nil, by: .commandLine, now: now)
        _ = try await setup.accounts.acceptInvitation(token: invitation.token, password: "een goed wachtwoord", address: "::1", now: now)
        for number in 1...150 {
            try await setup.accounts.store.append(AuditEntry(at: now, actor: "koers", action: "test", subject: "regel-\(number)-einde",
                                                             party: nil, detail: "", address: "test"))
        }
        try await setup.app.test(.router) { client in
            let team = try await Routes.logIn(client, email: "team@koers.example", password: "een goed wachtwoord")
            let first = try await Self.get(client, "/beheer/logboek", session: team).page
            // The login above and the 99 newest lines of the test.
            #expect(first.contains("regel-150-einde") && first.contains("regel-52-einde") && !first.contains("regel-51-einde"))
            let nextStart = try #require(first.range(of: "href=\"/beheer/logboek?voor=")).upperBound
            let before = String(first[nextStart...].prefix { $0 != "\"" })
            let second = try await Self.get(client, "/beheer/logboek?voor=\(before)", session: team).page
            #expect(second.contains("regel-51-einde") && second.contains("regel-1-einde") && !second.contains("regel-52-einde"))
            #expect(!second.contains("Oudere regels"))
        }
    }
}

@Suite("koers serve: the client's address behind a proxy")
struct ForwardedAddressTests {
    /// A failed login from the client at 203.0.113.7 through a proxy; the client claimed 10.9.9.9.
    static func failedLoginAddress(behindProxy: Bool) async throws -> String? {
        let setup = try await PortalRouteTests.setup(behindProxy: behindProxy)
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        try await setup.app.test(.router) { client in
            let token = try await client.execute(uri: "/inloggen", method: .get) { try #require(PortalRouteTests.cookie("koers_formulier", in: $0)) }
            var headers = PortalRouteTests.formHeaders
            headers[.cookie] = "koers_formulier=\(token)"
            headers[.init("X-Forwarded-For")!] = "10.9.9.9, 203.0.113.7"
            try await client.execute(uri: "/inloggen", method: .post, headers: headers,
                                     body: PortalRouteTests.form(["email": "niemand@school.nl", "wachtwoord": "fout fout fout", "csrf": token])) {
                #expect($0.status == .unauthorized)
            }
        }
        return try await setup.accounts.store.auditLog().last { $0.action == "login-failed" }?.address
    }

    @Test func behindAProxyTheAddressIsTheOneTheProxySaw() async throws {
        #expect(try await Self.failedLoginAddress(behindProxy: true) == "203.0.113.7")
        // Without --behind-proxy the header is the client's own claim, and is not believed.
        let direct = try await Self.failedLoginAddress(behindProxy: false)
        #expect(direct != "203.0.113.7" && direct != "10.9.9.9")
    }
}

@Suite("koers serve: idle sessions are swept")
struct IdleSessionSweeperTests {
    @Test func theSweeperEndsIdleSessionsAndStopsWithThePortal() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-sweeper-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await DatabaseLocation.sqlite(path: folder.appendingPathComponent("portal.sqlite").path).open()
        let accounts = Accounts(store: store)
        let now = Int64(Date().timeIntervalSince1970)
        let user = try await store.addUser(email: "a@school.nl", name: "A", role: .stuurgroep, party: nil,
                                           audit: AuditEntry(at: now, actor: "test", action: "test", subject: "a", party: nil, detail: "", address: ""))
        try await store.addSession(tokenHash: "idle", userID: user.id, csrfToken: "c", now: now - 2 * 3600, address: "::1")
        try await store.addSession(tokenHash: "live", userID: user.id, csrfToken: "c", now: now, address: "::1")
        func sessions() async throws -> [String] {
            try await store.database.read(SQLStatement("SELECT token_hash FROM sessions ORDER BY token_hash")).compactMap { $0["token_hash"]?.text }
        }
        let sweeping = Task { try await IdleSessionSweeper(accounts: accounts, interval: .milliseconds(20)).run() }
        var left = try await sessions()
        for _ in 0..<100 where left != ["live"] {
            try await Task.sleep(for: .milliseconds(20))
            left = try await sessions()
        }
        #expect(left == ["live"])
        sweeping.cancel()
        try await sweeping.value  // returns quietly when the portal stops
        await store.database.close()
    }
}

/// The access matrix through the routes themselves: each role × each kind of page × its own
/// party's and another's. (AccessPolicyTests checks the policy on every page of the report; this
/// checks that every route asks it, for every role.)
@Suite("koers serve: the access matrix over HTTP")
struct AccessMatrixRouteTests {
    /// The users: the programme team, the stuurgroep, board ZAAM (whose school Noorderlicht is),
    /// the school Noorderlicht and the institution ROC van Amsterdam (a partner in its routes).
    static let users: [(email: String, role: PortalRole, party: String?)] = [
        ("team@koers.example", .programme, nil), ("lid@stuurgroep.example", .stuurgroep, nil), ("bestuur@zaam.nl", .board, "zaam"),
        ("decaan@noorderlicht.nl", .school, "noorderlicht"), ("lob@rocva.nl", .institution, "rocva"),
    ]

    /// Page → the answer for each user above, in that order (true: 200, false: 404).
    static let matrix: [(String, [Bool])] = [
        ("/rapport/index.html", [true, true, false, false, false]),
        ("/rapport/boards/zaam.html", [true, true, true, false, false]),
        ("/rapport/boards/msa.html", [true, true, false, false, false]),
        ("/rapport/calendars/bestuur-zaam.ics", [true, true, true, false, false]),
        ("/rapport/schools/school-noorderlicht.html", [true, true, true, true, false]),
        ("/rapport/schools/school-noorderlicht.csv", [true, true, true, true, false]),
        ("/rapport/calendars/school-noorderlicht.ics", [true, true, true, true, false]),
        ("/rapport/schools/school-mlo.html", [true, true, false, false, false]),
        ("/rapport/schools/school-mlo.json", [true, true, false, false, false]),
        ("/rapport/schools/instelling-rocva.html", [true, true, false, false, true]),
        ("/rapport/schools/instelling-rocva.json", [true, true, false, false, true]),
        ("/rapport/routes/noorderlicht-hzw.html", [true, true, true, true, true]),
        ("/rapport/routes/mlo-geintegreerd.html", [true, true, false, false, true]),
        ("/beheer/gebruikers", [true, false, false, false, false]),
        ("/beheer/logboek", [true, false, false, false, false]),
        ("/rapport/../covenant.yaml", [false, false, false, false, false]),
    ]

    @Test func everyRoleGetsItsOwnPagesAndNotFoundForTheRest() async throws {
        let setup = try await PortalRouteTests.setup()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let now = Int64(Date().timeIntervalSince1970)
        for user in Self.users {
            let invitation = try await setup.accounts.invite(email: user.email, name: "", role: user.role, party: user.party, by: .commandLine, now: now)
            _ = try await setup.accounts.acceptInvitation(token: invitation.token, password: "een goed wachtwoord", address: "::1", now: now)
        }
        try await setup.app.test(.router) { client in
            var sessions: [String] = []
            for user in Self.users { sessions.append(try await PortalRouteTests.logIn(client, email: user.email, password: "een goed wachtwoord")) }
            for (uri, answers) in Self.matrix {
                for (index, allowed) in answers.enumerated() {
                    try await client.execute(uri: uri, method: .get, headers: [.cookie: "koers_sessie=\(sessions[index])"]) { response in
                        #expect(response.status == (allowed ? .ok : .notFound), "\(Self.users[index].email) → \(uri)")
                    }
                }
            }
        }
    }
}
