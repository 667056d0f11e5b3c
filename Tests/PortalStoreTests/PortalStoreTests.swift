import Foundation
import PortalStore
import Testing

/// The databases the store tests run on: always a fresh SQLite file; PostgreSQL when
/// `KOERS_TEST_POSTGRES_URL` names a server (scripts/test starts one and sets it). Under CI a
/// missing server fails the suite rather than skipping it.
enum TestDatabases {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["KOERS_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static let kinds: [String] = ["sqlite", "postgres"]

    /// A store on an empty database of `kind`, or nil (after recording why) when there is no
    /// PostgreSQL server outside CI.
    static func fresh(_ kind: String) async throws -> PortalStore? {
        switch kind {
        case "sqlite":
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("koers-store-\(UUID().uuidString)/koers.sqlite").path
            return try await DatabaseLocation.sqlite(path: path).open()
        default:
            guard let url = postgresURL else {
                if ProcessInfo.processInfo.environment["CI"] != nil {
                    Issue.record("KOERS_TEST_POSTGRES_URL is not set: scripts/test starts a PostgreSQL server for these tests")
                } else {
                    print("PortalStoreTests: PostgreSQL skipped: KOERS_TEST_POSTGRES_URL is not set (scripts/test sets it)")
                }
                return nil
            }
            return try await DatabaseLocation.postgres(url: emptyPostgresDatabase(on: url)).open()
        }
    }

    /// A new, empty database on the test server: each test gets its own, so suites may run at once.
    static func emptyPostgresDatabase(on url: String) async throws -> String {
        let name = "koers_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let server = try PostgresDatabase(url: url)
        _ = try await server.write(SQLStatement("CREATE DATABASE \(name)"))
        await server.close()
        var components = try #require(URLComponents(string: url))
        components.path = "/" + name
        return try #require(components.string)
    }
}

/// The same storage behaviour on SQLite and PostgreSQL. Serialized: the PostgreSQL tests share
/// one database.
@Suite("Portal store on SQLite and PostgreSQL", .serialized)
struct PortalStoreTests {
    static func audit(_ action: String, _ subject: String, party: String? = nil, at: Int64 = 1_000) -> AuditEntry {
        AuditEntry(at: at, actor: "koers", action: action, subject: subject, party: party, detail: "\(action) \(subject)", address: "127.0.0.1")
    }

    @Test(arguments: TestDatabases.kinds)
    func accountsAreAddedFoundListedAndDisabled(kind: String) async throws {
        guard let store = try await TestDatabases.fresh(kind) else { return }
        defer { Task { await store.database.close() } }
        let user = try await store.addUser(email: " Decaan@Calvijn.nl ", name: "De decaan", role: .school, party: "calvijn",
                                           audit: Self.audit("invite", "decaan@calvijn.nl", party: "calvijn"))
        #expect(user.email == "decaan@calvijn.nl")
        #expect(try await store.user(email: "DECAAN@calvijn.nl") == user)
        #expect(try await store.user(id: user.id)?.hasPassword == false)
        await #expect(throws: PortalStoreError.emailTaken("decaan@calvijn.nl")) {
            _ = try await store.addUser(email: "decaan@calvijn.nl", name: "x", role: .school, party: "calvijn", audit: Self.audit("invite", "x"))
        }
        _ = try await store.addUser(email: "team@koers.example", name: "Team", role: .programme, party: nil, audit: Self.audit("invite", "team"))
        #expect(try await store.users().map(\.email) == ["decaan@calvijn.nl", "team@koers.example"])
        try await store.setDisabled(userID: user.id, true, audit: Self.audit("disable", user.email, party: "calvijn"))
        #expect(try await store.user(id: user.id)?.disabled == true)
    }

    @Test(arguments: TestDatabases.kinds)
    func anInvitationWorksOnceAndNotAfterItExpires(kind: String) async throws {
        guard let store = try await TestDatabases.fresh(kind) else { return }
        defer { Task { await store.database.close() } }
        let user = try await store.addUser(email: "a@school.nl", name: "A", role: .school, party: "calvijn", audit: Self.audit("invite", "a"))
        try await store.addInvitation(tokenHash: "hash-1", userID: user.id, purpose: "invitation", createdAt: 1_000, expiresAt: 2_000,
                                      audit: Self.audit("invite", "a"))
        try await store.addInvitation(tokenHash: "hash-2", userID: user.id, purpose: "invitation", createdAt: 1_000, expiresAt: 1_500,
                                      audit: Self.audit("invite", "a"))
        #expect(try await store.pendingInvitation(tokenHash: "hash-1", now: 1_100)?.id == user.id)
        #expect(try await store.pendingInvitation(tokenHash: "nope", now: 1_100) == nil)
        #expect(try await store.acceptInvitation(tokenHash: "hash-2", passwordHash: "$2b$x", now: 1_600, address: "::1") == nil)  // expired
        #expect(try await store.acceptInvitation(tokenHash: "hash-1", passwordHash: "$2b$y", now: 1_200, address: "::1")?.id == user.id)
        #expect(try await store.acceptInvitation(tokenHash: "hash-1", passwordHash: "$2b$z", now: 1_300, address: "::1") == nil)  // used
        #expect(try await store.passwordHash(userID: user.id) == "$2b$y")
        #expect(try await store.user(id: user.id)?.hasPassword == true)
        try await store.clearPassword(userID: user.id, audit: Self.audit("reset", "a"))
        #expect(try await store.passwordHash(userID: user.id) == nil)
    }

    @Test(arguments: TestDatabases.kinds)
    func sessionsExpireWhenIdleAndEndWhenTheAccountIsDisabled(kind: String) async throws {
        guard let store = try await TestDatabases.fresh(kind) else { return }
        defer { Task { await store.database.close() } }
        let user = try await store.addUser(email: "b@school.nl", name: "B", role: .board, party: "zaam", audit: Self.audit("invite", "b"))
        try await store.addSession(tokenHash: "s1", userID: user.id, csrfToken: "c1", now: 1_000, address: "10.0.0.1")
        try await store.addSession(tokenHash: "s2", userID: user.id, csrfToken: "c2", now: 1_000, address: "10.0.0.1")
        #expect(try await store.touchSession(tokenHash: "s1", now: 1_500, idle: 1_800)?.csrfToken == "c1")
        #expect(try await store.touchSession(tokenHash: "s1", now: 3_000, idle: 1_800)?.lastSeenAt == 3_000)  // seen at 1,500
        #expect(try await store.touchSession(tokenHash: "s2", now: 3_000, idle: 1_800) == nil)  // idle since 1,000
        #expect(try await store.touchSession(tokenHash: "s2", now: 3_001, idle: 100_000) == nil)  // and gone
        // A view within a minute of the last one is only a read: the time seen stays, so the
        // session is idle 1,800 s after the view at 3,000, not after the one at 3,030.
        #expect(try await store.touchSession(tokenHash: "s1", now: 3_030, idle: 1_800)?.lastSeenAt == 3_000)
        try await store.addSession(tokenHash: "s3", userID: user.id, csrfToken: "c3", now: 3_000, address: "10.0.0.1")
        #expect(try await store.touchSession(tokenHash: "s3", now: 3_030, idle: 1_800) != nil)
        #expect(try await store.touchSession(tokenHash: "s3", now: 4_800, idle: 1_800) == nil)
        try await store.setDisabled(userID: user.id, true, audit: Self.audit("disable", "b"))
        #expect(try await store.touchSession(tokenHash: "s1", now: 3_100, idle: 1_800) == nil)
    }

    @Test(arguments: TestDatabases.kinds)
    func failedLoginsAreCountedPerSubjectAndWindow(kind: String) async throws {
        guard let store = try await TestDatabases.fresh(kind) else { return }
        defer { Task { await store.database.close() } }
        for second in [100, 200, 300] as [Int64] {
            try await store.recordLoginFailure(subjects: ["account:a@school.nl", "address:10.0.0.9"], now: second)
        }
        #expect(try await store.loginFailures(subject: "account:a@school.nl", since: 0) == 3)
        #expect(try await store.loginFailures(subject: "account:a@school.nl", since: 150) == 2)
        #expect(try await store.loginFailures(subject: "address:10.0.0.9", since: 0) == 3)
        try await store.clearLoginFailures(subject: "account:a@school.nl")
        #expect(try await store.loginFailures(subject: "account:a@school.nl", since: 0) == 0)
        #expect(try await store.loginFailures(subject: "address:10.0.0.9", since: 0) == 3)
    }

    @Test(arguments: TestDatabases.kinds)
    func theAuditLogIsAppendOnlyAndReadPerParty(kind: String) async throws {
        guard let store = try await TestDatabases.fresh(kind) else { return }
        defer { Task { await store.database.close() } }
        try await store.append(Self.audit("login", "a@calvijn.nl", party: "calvijn", at: 10))
        try await store.append(Self.audit("login", "b@mundus.nl", party: "mundus", at: 11))
        try await store.append(Self.audit("login-failed", "a@calvijn.nl", party: "calvijn", at: 12))
        let all = try await store.auditLog()
        #expect(all.map(\.action) == ["login", "login", "login-failed"])
        #expect(all.map(\.sequence) == all.map(\.sequence).sorted())
        #expect(try await store.auditLog(party: "calvijn").map(\.at) == [10, 12])
        // The portal reads it newest first, a page at a time.
        let newest = try await store.auditLogPage(limit: 2)
        #expect(newest.map(\.at) == [12, 11])
        #expect(try await store.auditLogPage(before: newest.last!.sequence, limit: 2).map(\.at) == [10])
        #expect(try await store.auditLogPage(party: "calvijn", limit: 5).map(\.at) == [12, 10])
        #expect(try await store.auditLogPage(party: "calvijn", before: newest.first!.sequence, limit: 5).map(\.at) == [10])
        await #expect(throws: SQLError.self) {
            _ = try await store.database.write(SQLStatement("UPDATE audit_log SET actor = 'someone else'"))
        }
        await #expect(throws: SQLError.self) {
            _ = try await store.database.write(SQLStatement("DELETE FROM audit_log"))
        }
        #expect(try await store.auditLog().count == 3)
    }

    @Test(arguments: TestDatabases.kinds)
    func openingTwiceMigratesOnce(kind: String) async throws {
        guard let store = try await TestDatabases.fresh(kind) else { return }
        let again = try await PortalStore.open(store.database)
        let versions = try await again.database.read(SQLStatement("SELECT version FROM koers_schema ORDER BY version"))
        #expect(versions.compactMap { $0["version"]?.integer } == [1, 2, 3, 4, 5])
        await store.database.close()
    }

    /// Several `koers serve` instances may start at once against one PostgreSQL database: the
    /// schema lock lets one migrate while the others wait, and all of them open.
    @Test func instancesStartingAtOnceMigrateOnce() async throws {
        guard let server = TestDatabases.postgresURL else {
            _ = try await TestDatabases.fresh("postgres")  // records the missing server under CI
            return
        }
        let url = try await TestDatabases.emptyPostgresDatabase(on: server)
        let stores = try await withThrowingTaskGroup(of: PortalStore.self) { group in
            for _ in 0..<4 { group.addTask { try await DatabaseLocation.postgres(url: url).open() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 4)
        let versions = try await stores[0].database.read(SQLStatement("SELECT version FROM koers_schema ORDER BY version"))
        #expect(versions.compactMap { $0["version"]?.integer } == [1, 2, 3, 4, 5])
        for store in stores { await store.database.close() }
    }

    @Test func theLocationComesFromTheOptionThenTheEnvironmentThenTheWorkspace() {
        let workspace = URL(fileURLWithPath: "/data/convenant", isDirectory: true)
        #expect(DatabaseLocation.resolve(option: nil, environment: [:], workspace: workspace) == .sqlite(path: "/data/convenant/.koers/koers.sqlite"))
        #expect(DatabaseLocation.resolve(option: nil, environment: ["KOERS_DATABASE_URL": "postgres://k:s@db/koers"], workspace: workspace)
                == .postgres(url: "postgres://k:s@db/koers"))
        #expect(DatabaseLocation.resolve(option: "/tmp/x.sqlite", environment: ["KOERS_DATABASE_URL": "postgres://k:s@db/koers"],
                                         workspace: workspace) == .sqlite(path: "/tmp/x.sqlite"))
        #expect(DatabaseLocation.postgres(url: "postgres://koers:geheim@db:5432/koers").description == "postgres://koers:***@db:5432/koers")
    }

    @Test func aWrongAddressSaysWhatToWrite() {
        #expect(throws: SQLError.self) { _ = try PostgresDatabase(url: "postgres://") }
        do { _ = try PostgresDatabase(url: "mysql://a:b@c/d") } catch {
            #expect("\(error)".contains("postgres://user:password@host:5432/database"))
            #expect(!"\(error)".contains(":b@"))
        }
    }
}
