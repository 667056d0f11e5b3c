import Foundation

/// The portal's tables, as numbered steps applied in order and recorded in `koers_schema`. One
/// list for both databases: a step is the same SQL for both unless SQL itself differs (an
/// identity column, a trigger), and then it says so per dialect.
///
/// Never change a step that has shipped: add the next one.
enum Migrations {
    struct Step {
        var version: Int
        var sqlite: [String]
        var postgres: [String]

        init(_ version: Int, both: [String]) {
            self.version = version
            sqlite = both
            postgres = both
        }

        init(_ version: Int, sqlite: [String], postgres: [String]) {
            self.version = version
            self.sqlite = sqlite
            self.postgres = postgres
        }

        func statements(for dialect: SQLDialect) -> [String] { dialect == .sqlite ? sqlite : postgres }
    }

    static let steps: [Step] = [
        Step(1, both: [
            """
            CREATE TABLE users (
              id TEXT PRIMARY KEY,
              email TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              role TEXT NOT NULL,
              party TEXT,
              password_hash TEXT,
              disabled BIGINT NOT NULL DEFAULT 0,
              created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE invitations (
              token_hash TEXT PRIMARY KEY,
              user_id TEXT NOT NULL REFERENCES users(id),
              purpose TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              expires_at BIGINT NOT NULL,
              used_at BIGINT
            )
            """,
            """
            CREATE TABLE sessions (
              token_hash TEXT PRIMARY KEY,
              user_id TEXT NOT NULL REFERENCES users(id),
              csrf_token TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              last_seen_at BIGINT NOT NULL,
              address TEXT NOT NULL
            )
            """,
            "CREATE INDEX sessions_user ON sessions(user_id)",
            "CREATE TABLE login_failures (subject TEXT NOT NULL, at BIGINT NOT NULL)",
            "CREATE INDEX login_failures_subject ON login_failures(subject, at)",
        ]),
        // The audit log: append-only, enforced by the database itself.
        Step(2, sqlite: [
            auditLog(sequence: "INTEGER PRIMARY KEY AUTOINCREMENT"),
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        ], postgres: [
            auditLog(sequence: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
            """
            CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
            """,
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()",
        ]),
        Step(3, both: ["CREATE INDEX audit_log_party ON audit_log(party, sequence)"]),
        // Submissions (issue 22): what parties report, its comments, and periods reopened for a party.
        Step(4, sqlite: submissions(id: "INTEGER PRIMARY KEY AUTOINCREMENT"),
             postgres: submissions(id: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")),
        // A calendar link per account (issue 22): calendar programs cannot log in, so the link's
        // token (kept as its hash) is the key; a new link replaces the old one.
        Step(5, both: [
            "CREATE TABLE feed_tokens (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL)",
        ]),
    ]

    /// The submissions' tables; only the numbering columns are written differently in the two dialects.
    static func submissions(id: String) -> [String] {
        [
            """
            CREATE TABLE submissions (
              id \(id),
              party TEXT NOT NULL,
              kind TEXT NOT NULL,
              period TEXT NOT NULL,
              state TEXT NOT NULL,
              fields TEXT NOT NULL,
              replaces BIGINT,
              created_by TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL,
              submitted_at BIGINT,
              reviewed_by TEXT,
              reviewed_at BIGINT,
              written_at BIGINT,
              version BIGINT NOT NULL
            )
            """,
            "CREATE INDEX submissions_party ON submissions(party, kind, period)",
            "CREATE INDEX submissions_state ON submissions(state, submitted_at)",
            """
            CREATE TABLE submission_comments (
              sequence \(id),
              submission_id BIGINT NOT NULL REFERENCES submissions(id),
              at BIGINT NOT NULL,
              author TEXT NOT NULL,
              text TEXT NOT NULL
            )
            """,
            "CREATE INDEX submission_comments_submission ON submission_comments(submission_id, sequence)",
            """
            CREATE TABLE reopened_periods (
              party TEXT NOT NULL,
              kind TEXT NOT NULL,
              period TEXT NOT NULL,
              reason TEXT NOT NULL,
              reopened_by TEXT NOT NULL,
              at BIGINT NOT NULL,
              PRIMARY KEY (party, kind, period)
            )
            """,
        ]
    }

    /// The audit log's table; only its numbering column is written differently in the two dialects.
    static func auditLog(sequence: String) -> String {
        """
        CREATE TABLE audit_log (
          sequence \(sequence),
          at BIGINT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          subject TEXT NOT NULL,
          party TEXT,
          detail TEXT NOT NULL,
          address TEXT NOT NULL
        )
        """
    }

    /// Brings the database to the last step. Each step runs in its own transaction with the
    /// record of it, so a failed step leaves the database at the step before.
    static func apply(to database: any SQLDatabase) async throws {
        try await database.withSchemaLock { try await applyLocked(to: database) }
    }

    private static func applyLocked(to database: any SQLDatabase) async throws {
        _ = try await database.write(SQLStatement("CREATE TABLE IF NOT EXISTS koers_schema (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)"))
        let applied = Set(try await database.read(SQLStatement("SELECT version FROM koers_schema")).compactMap { $0["version"]?.integer })
        for step in steps where !applied.contains(Int64(step.version)) {
            let now = Int64(Date().timeIntervalSince1970)
            try await database.transaction(step.statements(for: database.dialect).map { SQLStatement($0) }
                + [SQLStatement("INSERT INTO koers_schema (version, applied_at) VALUES ($1, $2)", [.integer(Int64(step.version)), .integer(now)])])
        }
    }

    /// The newest step this Koers knows.
    static var latest: Int { steps.map(\.version).max() ?? 0 }
}
