import Crypto
import Foundation
import HummingbirdBcrypt
import PortalStore

/// The portal's account rules, on top of ``PortalStore``: invitations that set a password once
/// within seven days, bcrypt-hashed passwords, logins limited per account and per address,
/// sessions that end after idle time, and an audit line for each of these. Tokens (invitation
/// links, session cookies) are random, 256 bits, and stored only as their SHA-256.
///
/// The command line (`koers users`) and the portal (`koers serve`) both go through it.
public struct Accounts: Sendable {
    public let store: PortalStore
    public var policy: Policy

    /// The limits, in one place. Defaults as NCSC and OWASP advise for a small portal.
    public struct Policy: Sendable {
        /// How long an invitation or reset link works.
        public var invitationLifetime: Int64 = 7 * 24 * 3600
        /// A session ends after this long without a request.
        public var sessionIdle: Int64 = 60 * 60
        /// Failed logins counted over this window …
        public var failureWindow: Int64 = 15 * 60
        /// … at most this many per account …
        public var failuresPerAccount = 5
        /// … and this many per address.
        public var failuresPerAddress = 20
        /// bcrypt's cost: 2^cost rounds. 12 takes about a quarter of a second here.
        public var bcryptCost: UInt8 = 12
        public var minimumPasswordLength = 10

        public init() {}
    }

    /// A bcrypt hash of a random secret at the policy's cost, verified against when the account
    /// does not exist, so that the time a refusal takes does not tell whether it does.
    private let decoyHash: String

    public init(store: PortalStore, policy: Policy = Policy()) {
        self.store = store
        self.policy = policy
        decoyHash = Bcrypt.hash(Self.newToken(), cost: policy.bcryptCost)
    }

    /// Who acts and from where, for the audit log: an email, or "koers" for the command line.
    public typealias Actor = AuditActor

    /// An invitation link's secret part, to put in `/uitnodiging/<token>`.
    public struct Invitation: Sendable {
        public var user: PortalUser
        public var token: String
        public var expiresAt: Int64
    }

    /// Why an account operation was refused, in words a user can act on.
    public enum Refusal: Error, Equatable, Sendable {
        case invalidEmail(String)
        case partyNeeded(PortalRole)
        case partyNotExpected(PortalRole)
        case noSuchUser(String)
        case passwordTooShort(Int)
        case passwordTooLong
        case invitationInvalid
        case rateLimited
        case wrongCredentials
        /// Disabling one's own account or changing one's own role.
        case ownAccount
    }

    // MARK: The programme team's work

    /// A new account without a password, and its invitation.
    public func invite(email: String, name: String, role: PortalRole, party: String?, by actor: Actor, now: Int64) async throws -> Invitation {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard Self.looksLikeEmail(email) else { throw Refusal.invalidEmail(email) }
        if role.needsParty && (party ?? "").isEmpty { throw Refusal.partyNeeded(role) }
        if !role.needsParty && party != nil { throw Refusal.partyNotExpected(role) }
        let user = try await store.addUser(email: email, name: name.isEmpty ? email : name, role: role, party: party, audit: AuditEntry(
            at: now, actor: actor.name, action: "account-added", subject: email, party: party,
            detail: "role \(role.rawValue)\(party.map { ", party \($0)" } ?? "")", address: actor.address))
        return try await issueInvitation(for: user, purpose: "invitation", by: actor, now: now)
    }

    /// Clears the password, ends the sessions and gives a new link to set one.
    public func reset(email: String, by actor: Actor, now: Int64) async throws -> Invitation {
        guard let user = try await store.user(email: email) else { throw Refusal.noSuchUser(email) }
        try await store.clearPassword(userID: user.id, audit: AuditEntry(
            at: now, actor: actor.name, action: "password-reset", subject: user.email, party: user.party,
            detail: "password cleared, sessions ended", address: actor.address))
        return try await issueInvitation(for: user, purpose: "reset", by: actor, now: now)
    }

    /// Disables (ending its sessions) or enables an account. Nobody disables their own account:
    /// the last programme team member could lock everyone out of user management.
    public func setDisabled(email: String, _ disabled: Bool, by actor: Actor, now: Int64) async throws {
        guard let user = try await store.user(email: email) else { throw Refusal.noSuchUser(email) }
        if disabled && user.email == actor.name { throw Refusal.ownAccount }
        try await store.setDisabled(userID: user.id, disabled, audit: AuditEntry(
            at: now, actor: actor.name, action: disabled ? "account-disabled" : "account-enabled", subject: user.email, party: user.party,
            detail: disabled ? "disabled, sessions ended" : "enabled", address: actor.address))
    }

    /// Gives an account another role (and party) and ends its sessions. Nobody changes their
    /// own role, for the reason ``setDisabled(email:_:by:now:)`` gives.
    public func changeRole(email: String, role: PortalRole, party: String?, by actor: Actor, now: Int64) async throws -> PortalUser {
        guard let user = try await store.user(email: email) else { throw Refusal.noSuchUser(email) }
        if user.email == actor.name { throw Refusal.ownAccount }
        if role.needsParty && (party ?? "").isEmpty { throw Refusal.partyNeeded(role) }
        if !role.needsParty && party != nil { throw Refusal.partyNotExpected(role) }
        func described(_ role: PortalRole, _ party: String?) -> String { role.rawValue + (party.map { " (\($0))" } ?? "") }
        try await store.setRole(userID: user.id, role: role, party: party, audit: AuditEntry(
            at: now, actor: actor.name, action: "role-changed", subject: user.email, party: party ?? user.party,
            detail: "\(described(user.role, user.party)) → \(described(role, party)); sessions ended", address: actor.address))
        var changed = user
        changed.role = role
        changed.party = party
        return changed
    }

    private func issueInvitation(for user: PortalUser, purpose: String, by actor: Actor, now: Int64) async throws -> Invitation {
        let token = Self.newToken()
        let expires = now + policy.invitationLifetime
        try await store.addInvitation(tokenHash: Self.hash(token), userID: user.id, purpose: purpose, createdAt: now, expiresAt: expires,
                                      audit: AuditEntry(at: now, actor: actor.name, action: purpose == "reset" ? "reset-link" : "invitation",
                                                        subject: user.email, party: user.party,
                                                        detail: "link valid until \(Self.timestamp(expires))", address: actor.address))
        return Invitation(user: user, token: token, expiresAt: expires)
    }

    // MARK: A user's own steps

    /// The account an invitation link is for, while it is unused and unexpired.
    public func invitation(token: String, now: Int64) async throws -> PortalUser? {
        try await store.pendingInvitation(tokenHash: Self.hash(token), now: now)
    }

    /// Sets the password through an invitation, once.
    public func acceptInvitation(token: String, password: String, address: String, now: Int64) async throws -> PortalUser {
        try checkPassword(password)
        let hash = Bcrypt.hash(password, cost: policy.bcryptCost)
        guard let user = try await store.acceptInvitation(tokenHash: Self.hash(token), passwordHash: hash, now: now, address: address)
        else { throw Refusal.invitationInvalid }
        return user
    }

    /// A new session for the right email and password: its cookie token and CSRF token. Refused
    /// alike for an unknown email, a wrong password or a disabled account (nothing confirms that
    /// an account exists), and refused without checking once an account or address has failed
    /// too often within the window.
    public func login(email: String, password: String, address: String, now: Int64) async throws -> (user: PortalUser, session: String, csrf: String) {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let account = "account:\(email)", from = "address:\(address)"
        let since = now - policy.failureWindow
        let accountFailures = try await store.loginFailures(subject: account, since: since)
        let addressFailures = try await store.loginFailures(subject: from, since: since)
        if accountFailures >= policy.failuresPerAccount || addressFailures >= policy.failuresPerAddress {
            try await store.append(AuditEntry(at: now, actor: email, action: "login-refused", subject: email, party: nil,
                                              detail: "too many failed logins; wait \(policy.failureWindow / 60) minutes", address: address))
            throw Refusal.rateLimited
        }
        let user = try await store.user(email: email)
        var hash: String?
        if let user { hash = try await store.passwordHash(userID: user.id) }
        // Verify even without an account, so that the time taken does not tell.
        let matches = Bcrypt.verify(password, hash: hash ?? decoyHash)
        guard let user, let hash, !hash.isEmpty, matches, !user.disabled else {
            try await store.recordLoginFailure(subjects: [account, from], now: now)
            try await store.append(AuditEntry(at: now, actor: email, action: "login-failed", subject: email, party: user?.party,
                                              detail: user == nil ? "no such account" : (user!.disabled ? "account disabled" : "wrong password"),
                                              address: address))
            throw Refusal.wrongCredentials
        }
        let session = Self.newToken(), csrf = Self.newToken()
        // Sessions left idle are refused when used; a login also clears them out of the store.
        try await endIdleSessions(now: now)
        try await store.addSession(tokenHash: Self.hash(session), userID: user.id, csrfToken: csrf, now: now, address: address)
        try await store.clearLoginFailures(subject: account)
        try await store.append(AuditEntry(at: now, actor: email, action: "login", subject: email, party: user.party, detail: "logged in",
                                          address: address))
        return (user, session, csrf)
    }

    /// The user and CSRF token of a live session (and marks it used now); nil when it is unknown,
    /// idle too long, or its account disabled.
    public func session(token: String, now: Int64) async throws -> (user: PortalUser, csrf: String)? {
        guard let session = try await store.touchSession(tokenHash: Self.hash(token), now: now, idle: policy.sessionIdle),
              let user = try await store.user(id: session.userID), !user.disabled else { return nil }
        return (user, session.csrfToken)
    }

    /// Deletes the sessions idle longer than the policy allows; returns how many. The portal
    /// does this every few minutes (``login`` also does it), so that the table holds live sessions.
    @discardableResult
    public func endIdleSessions(now: Int64) async throws -> Int {
        try await store.deleteIdleSessions(before: now - policy.sessionIdle)
    }

    public func logout(token: String, user: PortalUser, address: String, now: Int64) async throws {
        try await store.deleteSession(tokenHash: Self.hash(token))
        try await store.append(AuditEntry(at: now, actor: user.email, action: "logout", subject: user.email, party: user.party,
                                          detail: "logged out", address: address))
    }

    func checkPassword(_ password: String) throws {
        if password.count < policy.minimumPasswordLength { throw Refusal.passwordTooShort(policy.minimumPasswordLength) }
        if password.utf8.count > 72 { throw Refusal.passwordTooLong }  // bcrypt reads 72 bytes at most
    }

    // MARK: Calendar links

    /// A new calendar link's token for the account (the old link stops working). Calendar
    /// programs cannot log in: whoever has the link sees the account's party's dates, so it is
    /// shown once, kept only as its hash, and ends with a new link, a role change or disabling.
    public func newFeedToken(for user: PortalUser, address: String, now: Int64) async throws -> String {
        let token = Self.newToken()
        try await store.replaceFeedToken(userID: user.id, hash: Self.hash(token), now: now, audit: AuditEntry(
            at: now, actor: user.email, action: "feed-link-created", subject: user.email, party: user.party,
            detail: "new calendar link; the old one no longer works", address: address))
        return token
    }

    /// The account whose calendar link this is, unless it is disabled.
    public func feedUser(token: String) async throws -> PortalUser? {
        try await store.feedUser(hash: Self.hash(token))
    }

    // MARK: Tokens

    /// 256 random bits, base64url without padding: for links and cookies.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the store keeps of a token: its SHA-256, so that a copy of the database opens no session.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `email` has the shape of an address: something, an @, and a domain with a dot.
    public static func looksLikeEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !email.contains(where: \.isWhitespace)
    }

    /// "2026-12-09 14:00 UTC": how the audit log and the command line show a moment.
    public static func timestamp(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
