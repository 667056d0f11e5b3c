import Foundation

/// Who a portal user is to the covenant. The role decides what the user may see (the access
/// policy of the portal); the party says whose pages "own" means.
public enum PortalRole: String, Sendable, CaseIterable, Codable {
    /// The programme team: everything, and user management.
    case programme
    /// A school board: its own schools and institutions.
    case board
    /// A vo school: its own self-check and the routes it is a partner in.
    case school
    /// An mbo institution: likewise.
    case institution
    /// A member of the stuurgroep: the report, read-only.
    case stuurgroep

    /// Whether the role belongs to one party (a board, school or institution id).
    public var needsParty: Bool { self == .board || self == .school || self == .institution }
}

/// A portal account. The password hash never leaves the store except to be verified.
public struct PortalUser: Sendable, Equatable {
    public var id: String
    public var email: String
    public var name: String
    public var role: PortalRole
    /// The board, school or institution id for those roles; nil for the others.
    public var party: String?
    public var disabled: Bool
    /// False until the invitation is accepted.
    public var hasPassword: Bool
    public var createdAt: Int64
}

/// A logged-in session, found by the hash of its cookie's token.
public struct PortalSession: Sendable, Equatable {
    public var userID: String
    public var csrfToken: String
    public var createdAt: Int64
    public var lastSeenAt: Int64
    public var address: String
}

/// One line of the audit log: who did what to what, when, and from which address.
public struct AuditEntry: Sendable, Equatable {
    public var sequence: Int64
    /// Unix seconds.
    public var at: Int64
    /// The email of who did it, or "koers" for the command line's own account work.
    public var actor: String
    /// What was done: login, login-failed, logout, invite, password-set, disable, enable, reset, …
    public var action: String
    /// What it was done to (an email, a submission id).
    public var subject: String
    /// The party the subject belongs to, so that a party's log can be shown.
    public var party: String?
    /// What changed, in words (old and new values where there are any).
    public var detail: String
    public var address: String

    public init(sequence: Int64 = 0, at: Int64, actor: String, action: String, subject: String, party: String?, detail: String,
                address: String) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.party = party
        self.detail = detail
        self.address = address
    }
}

/// Who acts and from where, as the audit log records it: an email (or `koers` for the command
/// line) and an address.
public struct AuditActor: Sendable, Equatable {
    public var name: String
    public var address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }

    /// The programme team at the command line of the server.
    public static let commandLine = AuditActor(name: "koers", address: "command line")
}

/// What went wrong in a way the user can fix.
public enum PortalStoreError: Error, Equatable, CustomStringConvertible, Sendable {
    case emailTaken(String)
    case noSuchUser(String)
    case newerSchema(found: Int, known: Int)

    public var description: String {
        switch self {
        case .emailTaken(let email): "there is already an account for \(email)"
        case .noSuchUser(let who): "there is no account \(who)"
        case .newerSchema(let found, let known):
            "the database was made by a newer Koers (schema \(found); this Koers knows up to \(known)); upgrade Koers"
        }
    }
}

/// The portal's own data — users, invitations, sessions, failed logins and the audit log —
/// in SQLite or PostgreSQL, with the same statements for both. The workspace's files stay the
/// source of every report; nothing here is covenant data.
///
/// Changes that belong together (a new account and its audit line) are one transaction.
public struct PortalStore: Sendable {
    public let database: any SQLDatabase

    /// Opens the store, bringing its tables to this Koers' schema.
    public static func open(_ database: any SQLDatabase) async throws -> PortalStore {
        try await Migrations.apply(to: database)
        let found = try await database.read(SQLStatement("SELECT MAX(version) AS version FROM koers_schema")).first?["version"]?.integer ?? 0
        if found > Int64(Migrations.latest) { throw PortalStoreError.newerSchema(found: Int(found), known: Migrations.latest) }
        return PortalStore(database: database)
    }

    // MARK: Users

    static let userColumns = "id, email, name, role, party, disabled, password_hash IS NOT NULL AS has_password, created_at"

    static func user(_ row: SQLRow) -> PortalUser? {
        guard let id = row["id"]?.text, let email = row["email"]?.text, let name = row["name"]?.text,
              let role = row["role"]?.text.flatMap(PortalRole.init(rawValue:)) else { return nil }
        return PortalUser(id: id, email: email, name: name, role: role, party: row["party"]?.text,
                          disabled: row["disabled"]?.integer == 1, hasPassword: row["has_password"]?.integer == 1,
                          createdAt: row["created_at"]?.integer ?? 0)
    }

    /// Adds an account without a password, and its audit line.
    public func addUser(email: String, name: String, role: PortalRole, party: String?, audit: AuditEntry) async throws -> PortalUser {
        let email = Self.normalized(email)
        if try await user(email: email) != nil { throw PortalStoreError.emailTaken(email) }
        let user = PortalUser(id: UUID().uuidString.lowercased(), email: email, name: name, role: role, party: party,
                              disabled: false, hasPassword: false, createdAt: audit.at)
        try await database.transaction([
            SQLStatement("INSERT INTO users (id, email, name, role, party, disabled, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6)",
                         [.text(user.id), .text(email), .text(name), .text(role.rawValue), SQLValue(party), .integer(audit.at)]),
            Self.insert(audit),
        ])
        return user
    }

    public func user(email: String) async throws -> PortalUser? {
        try await database.read(SQLStatement("SELECT \(Self.userColumns) FROM users WHERE email = $1", [.text(Self.normalized(email))]))
            .first.flatMap(Self.user)
    }

    public func user(id: String) async throws -> PortalUser? {
        try await database.read(SQLStatement("SELECT \(Self.userColumns) FROM users WHERE id = $1", [.text(id)])).first.flatMap(Self.user)
    }

    /// Gives an account a new calendar link (by its token's hash), ending the old one, with its audit line.
    public func replaceFeedToken(userID: String, hash: String, now: Int64, audit: AuditEntry) async throws {
        try await database.transaction([
            SQLStatement("DELETE FROM feed_tokens WHERE user_id = $1", [.text(userID)]),
            SQLStatement("INSERT INTO feed_tokens (token_hash, user_id, created_at) VALUES ($1, $2, $3)", [.text(hash), .text(userID), .integer(now)]),
            Self.insert(audit),
        ])
    }

    /// The account a calendar link belongs to, by its token's hash; nil when there is none or
    /// the account is disabled.
    public func feedUser(hash: String) async throws -> PortalUser? {
        try await database.read(SQLStatement(
            "SELECT users.id, users.email, users.name, users.role, users.party, users.disabled, "
                + "users.password_hash IS NOT NULL AS has_password, users.created_at FROM feed_tokens JOIN users ON users.id = feed_tokens.user_id WHERE token_hash = $1 AND users.disabled = 0", [.text(hash)]))
            .first.flatMap(Self.user)
    }

    /// Every account, by email.
    public func users() async throws -> [PortalUser] {
        try await database.read(SQLStatement("SELECT \(Self.userColumns) FROM users ORDER BY email")).compactMap(Self.user)
    }

    /// The stored bcrypt hash, to verify a password against; nil without a password.
    public func passwordHash(userID: String) async throws -> String? {
        try await database.read(SQLStatement("SELECT password_hash FROM users WHERE id = $1", [.text(userID)])).first?["password_hash"]?.text
    }

    /// Disables or enables an account; disabling ends its sessions.
    public func setDisabled(userID: String, _ disabled: Bool, audit: AuditEntry) async throws {
        var statements = [SQLStatement("UPDATE users SET disabled = $1 WHERE id = $2", [.integer(disabled ? 1 : 0), .text(userID)])]
        if disabled { statements.append(SQLStatement("DELETE FROM sessions WHERE user_id = $1", [.text(userID)])) }
        try await database.transaction(statements + [Self.insert(audit)])
    }

    /// Gives an account another role and party, and ends its sessions: what it may see changes
    /// at once, not at its next login.
    public func setRole(userID: String, role: PortalRole, party: String?, audit: AuditEntry) async throws {
        try await database.transaction([
            SQLStatement("UPDATE users SET role = $1, party = $2 WHERE id = $3", [.text(role.rawValue), SQLValue(party), .text(userID)]),
            SQLStatement("DELETE FROM sessions WHERE user_id = $1", [.text(userID)]),
            // The calendar link showed the old party's dates.
            SQLStatement("DELETE FROM feed_tokens WHERE user_id = $1", [.text(userID)]),
            Self.insert(audit),
        ])
    }

    /// Clears the password (a reset: the account needs a new invitation) and ends its sessions.
    public func clearPassword(userID: String, audit: AuditEntry) async throws {
        try await database.transaction([
            SQLStatement("UPDATE users SET password_hash = NULL WHERE id = $1", [.text(userID)]),
            SQLStatement("DELETE FROM sessions WHERE user_id = $1", [.text(userID)]),
            Self.insert(audit),
        ])
    }

    // MARK: Invitations

    /// An invitation (or a reset link) for an account: stored by the hash of its token only.
    public func addInvitation(tokenHash: String, userID: String, purpose: String, createdAt: Int64, expiresAt: Int64,
                              audit: AuditEntry) async throws {
        try await database.transaction([
            SQLStatement("INSERT INTO invitations (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                         [.text(tokenHash), .text(userID), .text(purpose), .integer(createdAt), .integer(expiresAt)]),
            Self.insert(audit),
        ])
    }

    /// The account an unused, unexpired invitation is for, without using it (for the page that
    /// asks for the new password).
    public func pendingInvitation(tokenHash: String, now: Int64) async throws -> PortalUser? {
        let rows = try await database.read(SQLStatement(
            "SELECT user_id FROM invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
            [.text(tokenHash), .integer(now)]))
        guard let id = rows.first?["user_id"]?.text else { return nil }
        return try await user(id: id)
    }

    /// Uses an invitation and sets the account's password, once: a second use, an expired
    /// invitation or a disabled account changes nothing and returns nil.
    public func acceptInvitation(tokenHash: String, passwordHash: String, now: Int64, address: String) async throws -> PortalUser? {
        let used = try await database.write(SQLStatement(
            "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
            [.integer(now), .text(tokenHash)]))
        guard let id = used.first?["user_id"]?.text, let user = try await user(id: id), !user.disabled else { return nil }
        try await database.transaction([
            SQLStatement("UPDATE users SET password_hash = $1 WHERE id = $2", [.text(passwordHash), .text(id)]),
            Self.insert(AuditEntry(at: now, actor: user.email, action: "password-set", subject: user.email, party: user.party,
                                   detail: "password set through an invitation", address: address)),
        ])
        return user
    }

    // MARK: Sessions

    public func addSession(tokenHash: String, userID: String, csrfToken: String, now: Int64, address: String) async throws {
        _ = try await database.write(SQLStatement(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, address) VALUES ($1, $2, $3, $4, $4, $5)",
            [.text(tokenHash), .text(userID), .text(csrfToken), .integer(now), .text(address)]))
    }

    /// The session with this token, if it was used within `idle` seconds; an idle session is
    /// deleted. The time it was last seen is written only when it is `refresh` seconds old or
    /// more: a page view is then a read, not a write (which SQLite serialises and PostgreSQL
    /// logs), at the price of an idle limit that is up to `refresh` seconds early.
    public func touchSession(tokenHash: String, now: Int64, idle: Int64, refresh: Int64 = 60) async throws -> PortalSession? {
        let rows = try await database.read(SQLStatement(
            "SELECT user_id, csrf_token, created_at, last_seen_at, address FROM sessions WHERE token_hash = $1", [.text(tokenHash)]))
        guard let row = rows.first, let user = row["user_id"]?.text, let csrf = row["csrf_token"]?.text,
              var lastSeen = row["last_seen_at"]?.integer else { return nil }
        if lastSeen <= now - idle {
            _ = try await database.write(SQLStatement("DELETE FROM sessions WHERE token_hash = $1", [.text(tokenHash)]))
            return nil
        }
        if now - lastSeen >= refresh {
            // Only forward: of two requests at once, the later time wins.
            _ = try await database.write(SQLStatement(
                "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1", [.integer(now), .text(tokenHash)]))
            lastSeen = now
        }
        return PortalSession(userID: user, csrfToken: csrf, createdAt: row["created_at"]?.integer ?? 0,
                             lastSeenAt: lastSeen, address: row["address"]?.text ?? "")
    }

    public func deleteSession(tokenHash: String) async throws {
        _ = try await database.write(SQLStatement("DELETE FROM sessions WHERE token_hash = $1", [.text(tokenHash)]))
    }

    /// Deletes sessions idle since before `cutoff`; returns how many.
    @discardableResult
    public func deleteIdleSessions(before cutoff: Int64) async throws -> Int {
        try await database.write(SQLStatement("DELETE FROM sessions WHERE last_seen_at <= $1 RETURNING token_hash", [.integer(cutoff)])).count
    }

    // MARK: Failed logins (rate limits per account and per address)

    public func recordLoginFailure(subjects: [String], now: Int64) async throws {
        try await database.transaction(subjects.map {
            SQLStatement("INSERT INTO login_failures (subject, at) VALUES ($1, $2)", [.text($0), .integer(now)])
        })
    }

    public func loginFailures(subject: String, since: Int64) async throws -> Int {
        let rows = try await database.read(SQLStatement("SELECT COUNT(*) AS n FROM login_failures WHERE subject = $1 AND at > $2",
                                                        [.text(subject), .integer(since)]))
        return Int(rows.first?["n"]?.integer ?? 0)
    }

    public func clearLoginFailures(subject: String) async throws {
        _ = try await database.write(SQLStatement("DELETE FROM login_failures WHERE subject = $1 RETURNING subject", [.text(subject)]))
    }

    // MARK: Audit log

    /// Appends one line. The database refuses to change or delete a line once written.
    public func append(_ entry: AuditEntry) async throws {
        try await database.transaction([Self.insert(entry)])
    }

    /// The log, oldest first; only what concerns `party` when given.
    public func auditLog(party: String? = nil, limit: Int = 10_000) async throws -> [AuditEntry] {
        let columns = "sequence, at, actor, action, subject, party, detail, address"
        let statement = party.map {
            SQLStatement("SELECT \(columns) FROM audit_log WHERE party = $1 ORDER BY sequence LIMIT $2", [.text($0), .integer(Int64(limit))])
        } ?? SQLStatement("SELECT \(columns) FROM audit_log ORDER BY sequence LIMIT $1", [.integer(Int64(limit))])
        return try await database.read(statement).map(Self.auditEntry)
    }

    /// A page of the log, newest first: the `limit` lines before `sequence` (or the latest), only
    /// what concerns `party` when given. For the portal, where the newest lines matter most.
    public func auditLogPage(party: String? = nil, before sequence: Int64? = nil, limit: Int = 100) async throws -> [AuditEntry] {
        let columns = "sequence, at, actor, action, subject, party, detail, address"
        var conditions = ["sequence < $1"], values: [SQLValue] = [.integer(sequence ?? Int64.max)]
        if let party {
            conditions.append("party = $2")
            values.append(.text(party))
        }
        values.append(.integer(Int64(limit)))
        let statement = SQLStatement("SELECT \(columns) FROM audit_log WHERE \(conditions.joined(separator: " AND ")) "
                                         + "ORDER BY sequence DESC LIMIT $\(values.count)", values)
        return try await database.read(statement).map(Self.auditEntry)
    }

    static func auditEntry(_ row: SQLRow) -> AuditEntry {
        AuditEntry(sequence: row["sequence"]?.integer ?? 0, at: row["at"]?.integer ?? 0, actor: row["actor"]?.text ?? "",
                   action: row["action"]?.text ?? "", subject: row["subject"]?.text ?? "", party: row["party"]?.text,
                   detail: row["detail"]?.text ?? "", address: row["address"]?.text ?? "")
    }

    static func insert(_ entry: AuditEntry) -> SQLStatement {
        SQLStatement("INSERT INTO audit_log (at, actor, action, subject, party, detail, address) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     [.integer(entry.at), .text(entry.actor), .text(entry.action), .text(entry.subject), SQLValue(entry.party),
                      .text(entry.detail), .text(entry.address)])
    }

    /// Emails compare without case and surrounding spaces.
    static func normalized(_ email: String) -> String { email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
}
