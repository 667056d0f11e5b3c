import Foundation
import PortalAccounts
import PortalStore
import Testing

/// The account rules on both databases: invitation → password → login → session → logout, and
/// every way that must fail. bcrypt at its lowest cost, so that the tests stay fast.
@Suite("Portal accounts on SQLite and PostgreSQL", .serialized)
struct AccountsTests {
    static func accounts(_ store: PortalStore) -> Accounts {
        var policy = Accounts.Policy()
        policy.bcryptCost = 4
        return Accounts(store: store, policy: policy)
    }

    static let team = Accounts.Actor(name: "team@koers.example", address: "10.0.0.1")

    @Test(arguments: TestDatabases.kinds)
    func anInvitedSchoolSetsAPasswordLogsInAndOut(kind: String) async throws {
        guard let store = try await TestDatabases.fresh(kind) else { return }
        defer { Task { await store.database.close() } }
        let accounts = Self.accounts(store)
        let invitation = try await accounts.invite(email: "Decaan@Calvijn.nl", name: "De decaan", role: .school, party: "calvijn",
                                                   by: Self.team, now: 1_000)
        #expect(invitation.expiresAt == 1_000 + 7 * 24 * 3600)
        #expect(invitation.token.count == 43)  // 256 bits, base64url
        #expect(try await accounts.invitation(token: invitation.token, now: 2_000)?.email == "decaan@calvijn.nl")
        await #expect(throws: Accounts.Refusal.passwordTooShort(10)) {
            _ = try await accounts.acceptInvitation(token: invitation.token, password: "kort", address: "::1", now: 2_000)
        }
        let user = try await accounts.acceptInvitation(token: invitation.token, password: "een goed wachtwoord", address: "::1", now: 2_000)
        #expect(user.party == "calvijn")
        await #expect(throws: Accounts.Refusal.invitationInvalid) {  // single use
            _ = try await accounts.acceptInvitation(token: invitation.token, password: "nog een wachtwoord", address: "::1", now: 2_001)
        }
        // The stored hash is bcrypt, never the password; tokens are stored only as hashes.
        let hash = try #require(try await store.passwordHash(userID: user.id))
        #expect(hash.hasPrefix("$2") && !hash.contains("wachtwoord"))
        #expect(try await store.pendingInvitation(tokenHash: invitation.token, now: 2_000) == nil)

        let login = try await accounts.login(email: "DECAAN@calvijn.nl ", password: "een goed wachtwoord", address: "10.1.1.1", now: 3_000)
        #expect(login.user.id == user.id)
        #expect(try await accounts.session(token: login.session, now: 3_100)?.csrf == login.csrf)
        #expect(try await store.touchSession(tokenHash: login.session, now: 3_100, idle: 3_600) == nil)  // the raw token is not a key
        try await accounts.logout(token: login.session, user: login.user, address: "10.1.1.1", now: 3_200)
        #expect(try await accounts.session(token: login.session, now: 3_300) == nil)
        let actions = try await store.auditLog(party: "calvijn").map(\.action)
        #expect(actions == ["account-added", "invitation", "password-set", "login", "logout"])
    }

    @Test(arguments: TestDatabases.kinds)
    func anExpiredInvitationAndAnIdleSessionEnd(kind: String) async throws {
        guard let store = try await TestDatabases.fresh(kind) else { return }
        defer { Task { await store.database.close() } }
        let accounts = Self.accounts(store)
        let old = try await accounts.invite(email: "a@zaam.nl", name: "A", role: .board, party: "zaam", by: Self.team, now: 0)
        let week = Int64(7 * 24 * 3600)
        #expect(try await accounts.invitation(token: old.token, now: week + 1) == nil)
        await #expect(throws: Accounts.Refusal.invitationInvalid) {
            _ = try await accounts.acceptInvitation(token: old.token, password: "een goed wachtwoord", address: "::1", now: week + 1)
        }
        let fresh = try await accounts.reset(email: "a@zaam.nl", by: Self.team, now: week + 2)
        _ = try await accounts.acceptInvitation(token: fresh.token, password: "een goed wachtwoord", address: "::1", now: week + 3)
        let login = try await accounts.login(email: "a@zaam.nl", password: "een goed wachtwoord", address: "::1", now: week + 4)
        #expect(try await accounts.session(token: login.session, now: week + 4 + 3_599) != nil)
        #expect(try await accounts.session(token: login.session, now: week + 4 + 3_599 + 3_601) == nil)  // idle an hour
    }

    @Test(arguments: TestDatabases.kinds)
    func loginsAreLimitedPerAccountAndRefusedAlikeForEveryWrongCase(kind: String) async throws {
        guard let store = try await TestDatabases.fresh(kind) else { return }
        defer { Task { await store.database.close() } }
        let accounts = Self.accounts(store)
        let invitation = try await accounts.invite(email: "b@mundus.nl", name: "B", role: .school, party: "mundus", by: Self.team, now: 0)
        _ = try await accounts.acceptInvitation(token: invitation.token, password: "een goed wachtwoord", address: "::1", now: 1)
        for wrong in [("b@mundus.nl", "fout wachtwoord"), ("niemand@mundus.nl", "een goed wachtwoord")] {
            await #expect(throws: Accounts.Refusal.wrongCredentials) {
                _ = try await accounts.login(email: wrong.0, password: wrong.1, address: "10.0.0.2", now: 10)
            }
        }
        for second in 11...14 as ClosedRange<Int64> {
            await #expect(throws: Accounts.Refusal.wrongCredentials) {
                _ = try await accounts.login(email: "b@mundus.nl", password: "fout", address: "10.0.0.\(second)", now: second)
            }
        }
        // Five failures for this account within 15 minutes: even the right password is refused now …
        await #expect(throws: Accounts.Refusal.rateLimited) {
            _ = try await accounts.login(email: "b@mundus.nl", password: "een goed wachtwoord", address: "10.0.0.99", now: 20)
        }
        // … and accepted once the window has passed.
        _ = try await accounts.login(email: "b@mundus.nl", password: "een goed wachtwoord", address: "10.0.0.99", now: 20 + 15 * 60)
        try await accounts.setDisabled(email: "b@mundus.nl", true, by: Self.team, now: 2_000)
        await #expect(throws: Accounts.Refusal.wrongCredentials) {
            _ = try await accounts.login(email: "b@mundus.nl", password: "een goed wachtwoord", address: "10.0.0.99", now: 2_001)
        }
        let log = try await store.auditLog()
        #expect(log.filter { $0.action == "login-failed" }.count == 7)
        #expect(log.contains { $0.action == "login-refused" })
    }

    @Test(arguments: TestDatabases.kinds)
    func aRoleGetsThePartyItNeedsAndNoOther(kind: String) async throws {
        guard let store = try await TestDatabases.fresh(kind) else { return }
        defer { Task { await store.database.close() } }
        let accounts = Self.accounts(store)
        await #expect(throws: Accounts.Refusal.partyNeeded(.institution)) {
            _ = try await accounts.invite(email: "c@roc.nl", name: "", role: .institution, party: nil, by: Self.team, now: 0)
        }
        await #expect(throws: Accounts.Refusal.partyNotExpected(.stuurgroep)) {
            _ = try await accounts.invite(email: "d@zaam.nl", name: "", role: .stuurgroep, party: "zaam", by: Self.team, now: 0)
        }
        await #expect(throws: Accounts.Refusal.invalidEmail("geen adres")) {
            _ = try await accounts.invite(email: "geen adres", name: "", role: .programme, party: nil, by: Self.team, now: 0)
        }
        #expect(try await store.users().isEmpty)
    }
}
