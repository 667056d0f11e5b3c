import Foundation
import Testing

/// `koers users` and `koers audit` as the programme team uses them at the server, on a store of
/// their own (an SQLite file in a temporary folder, or the test PostgreSQL server).
@Suite("koers users and koers audit")
struct UsersCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func temporaryDatabase() throws -> (folder: URL, database: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koers-users-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, folder.appendingPathComponent("portal.sqlite").path)
    }

    static func koers(_ arguments: [String], database: String) throws -> (status: Int32, stdout: String, stderr: String) {
        try KoersProcess.run(arguments + ["--workspace", repository.path, "--database", database], in: repository)
    }

    @Test func anAccountIsInvitedListedDisabledAndAudited() throws {
        let (folder, database) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let added = try Self.koers(["users", "add", "--email", "Decaan@Noorderlicht.nl", "--role", "school", "--party", "noorderlicht",
                                    "--name", "De decaan", "--public-url", "https://koers.example/"], database: database)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Uitnodiging voor decaan@noorderlicht.nl (school, noorderlicht)"))
        let link = try #require(added.stdout.split(separator: "\n").first { $0.contains("https://koers.example/uitnodiging/") })
        #expect(link.trimmingCharacters(in: .whitespaces).count == "https://koers.example/uitnodiging/".count + 43)
        #expect(added.stdout.contains("één keer te gebruiken"))

        let listed = try Self.koers(["users", "list", "--lang", "en"], database: database)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("decaan@noorderlicht.nl") && listed.stdout.contains("invited"), "\(listed.stdout)")

        let moved = try Self.koers(["users", "role", "decaan@noorderlicht.nl", "--role", "board", "--party", "zaam"], database: database)
        #expect(moved.status == 0 && moved.stdout.contains("decaan@noorderlicht.nl is nu board (zaam)"), "\(moved.stderr)")
        let back = try Self.koers(["users", "role", "decaan@noorderlicht.nl", "--role", "school", "--party", "noorderlicht"], database: database)
        #expect(back.status == 0, "\(back.stderr)")
        let unknownParty = try Self.koers(["users", "role", "decaan@noorderlicht.nl", "--role", "board", "--party", "zam"], database: database)
        #expect(unknownParty.status == 64 && unknownParty.stderr.contains("geen board 'zam'"), "\(unknownParty.stderr)")

        let disabled = try Self.koers(["users", "disable", "decaan@noorderlicht.nl"], database: database)
        #expect(disabled.status == 0 && disabled.stdout.contains("uitgeschakeld"))
        #expect(try Self.koers(["users", "list"], database: database).stdout.contains("uitgeschakeld"))

        let audit = try Self.koers(["audit", "--party", "noorderlicht", "--json"], database: database)
        #expect(audit.status == 0)
        let actions = try audit.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["action"] as? String
        }
        #expect(actions == ["account-added", "invitation", "role-changed", "account-disabled"])
        #expect(audit.stdout.contains("board (zaam) → school (noorderlicht)"))
        #expect(!audit.stdout.contains(String(link.split(separator: "/").last!)))  // the token is never logged
    }

    @Test func wrongInputIsRefusedWithWhatToDo() throws {
        let (folder, database) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unknown = try Self.koers(["users", "add", "--email", "a@b.nl", "--role", "school", "--party", "noorderlich", "--lang", "en"],
                                     database: database)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no school 'noorderlich' in state/schools.csv — did you mean 'noorderlicht'?"), "\(unknown.stderr)")
        let wrongKind = try Self.koers(["users", "add", "--email", "a@b.nl", "--role", "board", "--party", "noorderlicht", "--lang", "en"],
                                       database: database)
        #expect(wrongKind.status == 64 && wrongKind.stderr.contains("no board 'noorderlicht' in state/boards.csv"))
        let notAParty = try Self.koers(["users", "add", "--email", "a@b.nl", "--role", "school", "--party", "wellant-sloten", "--lang", "en"],
                                       database: database)
        #expect(notAParty.status == 64 && notAParty.stderr.contains("is not a party of the covenant, so it has no self-check"),
                "\(notAParty.stderr)")
        let noParty = try Self.koers(["users", "add", "--email", "a@b.nl", "--role", "institution"], database: database)
        #expect(noParty.status == 64 && noParty.stderr.contains("hoort bij een partij"), "\(noParty.stderr)")
        let badRole = try Self.koers(["users", "add", "--email", "a@b.nl", "--role", "rector"], database: database)
        #expect(badRole.status == 64 && badRole.stderr.contains("rector"))
        #expect(try Self.koers(["users", "add", "--email", "team@koers.example", "--role", "programme"], database: database).status == 0)
        let twice = try Self.koers(["users", "add", "--email", "TEAM@koers.example", "--role", "programme"], database: database)
        #expect(twice.status == 64 && twice.stderr.contains("er is al een account voor team@koers.example"))
        let nobody = try Self.koers(["users", "reset", "niemand@koers.example"], database: database)
        #expect(nobody.status == 64 && nobody.stderr.contains("er is geen account niemand@koers.example"))
        let unreachable = try Self.koers(["users", "list"], database: "postgres://koers:geheim@127.0.0.1:1/koers")
        #expect(unreachable.status == 74)
        #expect(unreachable.stderr.contains("postgres://koers:***@127.0.0.1:1/koers") && !unreachable.stderr.contains("geheim"), "\(unreachable.stderr)")
    }

    @Test func theSameCommandsWorkOnPostgreSQL() throws {
        guard let url = ProcessInfo.processInfo.environment["KOERS_TEST_POSTGRES_URL"], !url.isEmpty else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("KOERS_TEST_POSTGRES_URL is not set") }
            return
        }
        let email = "bestuur-\(UUID().uuidString.prefix(8).lowercased())@zaam.nl"
        let added = try Self.koers(["users", "add", "--email", email, "--role", "board", "--party", "zaam"], database: url)
        #expect(added.status == 0, "\(added.stderr)")
        let reset = try Self.koers(["users", "reset", email, "--lang", "en"], database: url)
        #expect(reset.status == 0 && reset.stdout.contains("New password for \(email)"))
        let audit = try Self.koers(["audit", "--party", "zaam", "--lang", "en"], database: url)
        #expect(audit.stdout.contains(email) && audit.stdout.contains("password-reset"), "\(audit.stdout)")
    }
}
