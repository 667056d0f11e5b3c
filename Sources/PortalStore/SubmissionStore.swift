import Foundation

/// Where a submission is in its life: a party's draft, sent for review, approved (and then
/// written into the workspace and locked), or returned with a comment.
public enum SubmissionState: String, Sendable, CaseIterable, Codable {
    /// Saved by the party, not sent yet.
    case concept
    /// Sent; waits for the programme team.
    case ingediend
    /// Approved: its rows are in the workspace's files, and it can no longer change.
    case goedgekeurd
    /// Sent back with a comment; the party corrects it and sends it again.
    case teruggestuurd
}

/// What a party reported through the portal: one form for one period.
public struct Submission: Sendable, Equatable {
    public var id: Int64
    /// The school or institution id.
    public var party: String
    /// The form: `jaaropgave`, …
    public var kind: String
    /// The period it is about: a school year (`2025-26`).
    public var period: String
    public var state: SubmissionState
    /// The form's values by the state table's column names.
    public var fields: [String: String]
    /// The approved submission this one corrects.
    public var replaces: Int64?
    public var createdBy: String
    public var createdAt: Int64
    public var updatedAt: Int64
    public var submittedAt: Int64?
    public var reviewedBy: String?
    public var reviewedAt: Int64?
    /// For an approval: when its rows were written into the workspace's file.
    public var writtenAt: Int64?
    /// Raised by every change, so that two reviewers (or a reviewer and the party) cannot both
    /// act on the same version.
    public var version: Int64
}

/// One remark in a submission's thread: the party's, or the programme team's when it returns it.
public struct SubmissionComment: Sendable, Equatable {
    public var at: Int64
    public var author: String
    public var text: String

    public init(at: Int64, author: String, text: String) {
        self.at = at
        self.author = author
        self.text = text
    }
}

/// A party that may report again for a closed period, and why.
public struct ReopenedPeriod: Sendable, Equatable {
    public var party: String
    public var kind: String
    public var period: String
    public var reason: String
    public var by: String
    public var at: Int64

    public init(party: String, kind: String, period: String, reason: String, by: String, at: Int64) {
        self.party = party
        self.kind = kind
        self.period = period
        self.reason = reason
        self.by = by
        self.at = at
    }
}

extension PortalStore {
    static let submissionColumns = "id, party, kind, period, state, fields, replaces, created_by, created_at, updated_at, submitted_at, "
        + "reviewed_by, reviewed_at, written_at, version"

    /// A new submission (a concept), with its audit line (whose subject becomes `opgave <id>`),
    /// in one transaction.
    public func addSubmission(party: String, kind: String, period: String, fields: [String: String], replaces: Int64?, by author: String,
                              now: Int64, audit: AuditEntry) async throws -> Submission {
        let rows = try await database.transaction(SQLStatement(
            "INSERT INTO submissions (party, kind, period, state, fields, replaces, created_by, created_at, updated_at, version) "
                + "VALUES ($1, $2, $3, 'concept', $4, $5, $6, $7, $7, 1) RETURNING \(Self.submissionColumns)",
            [.text(party), .text(kind), .text(period), .text(Self.json(fields)), SQLValue(replaces), .text(author), .integer(now)]),
            then: { rows in
                var entry = audit
                entry.subject = "opgave \(rows.first?["id"]?.integer ?? 0)"
                return [Self.insert(entry)]
            })
        guard let submission = rows.first.flatMap(Self.submission) else { throw SQLError("the new submission was not returned") }
        return submission
    }

    /// Changes a submission that is still at `expectedVersion`: its state, values and review,
    /// with its audit line and perhaps a comment, in one transaction. Nil when someone changed it
    /// first (its version moved on): then nothing is written, not even the audit line.
    ///
    /// An approval is recorded with its file not yet written (`written_at` empty) until
    /// ``markWritten(submissionID:at:)``.
    public func updateSubmission(_ submission: Submission, expectedVersion: Int64, comment: SubmissionComment?,
                                 audit: AuditEntry) async throws -> Submission? {
        let comments = comment.map { comment in
            [SQLStatement("INSERT INTO submission_comments (submission_id, at, author, text) VALUES ($1, $2, $3, $4)",
                          [.integer(submission.id), .integer(comment.at), .text(comment.author), .text(comment.text)])]
        } ?? []
        let more = comments + [Self.insert(audit)]
        let rows = try await database.transaction(SQLStatement(
            "UPDATE submissions SET state = $1, fields = $2, updated_at = $3, submitted_at = $4, reviewed_by = $5, reviewed_at = $6, "
                + "written_at = NULL, version = version + 1 WHERE id = $7 AND version = $8 RETURNING \(Self.submissionColumns)",
            [.text(submission.state.rawValue), .text(Self.json(submission.fields)), .integer(submission.updatedAt),
             SQLValue(submission.submittedAt), SQLValue(submission.reviewedBy), SQLValue(submission.reviewedAt), .integer(submission.id),
             .integer(expectedVersion)]),
            then: { rows in rows.isEmpty ? [] : more })
        return rows.first.flatMap(Self.submission)
    }

    /// Records that an approval's rows are in the workspace's file.
    public func markWritten(submissionID: Int64, at time: Int64) async throws {
        _ = try await database.write(SQLStatement("UPDATE submissions SET written_at = $1 WHERE id = $2 RETURNING id",
                                                  [.integer(time), .integer(submissionID)]))
    }

    /// Approvals whose rows were not written to the file yet (the process stopped in between).
    public func unwrittenApprovals(kind: String) async throws -> [Submission] {
        try await database.read(SQLStatement("SELECT \(Self.submissionColumns) FROM submissions WHERE kind = $1 AND state = 'goedgekeurd' "
                                                 + "AND written_at IS NULL ORDER BY reviewed_at, id", [.text(kind)])).compactMap(Self.submission)
    }

    /// Opens a closed period for one party again, with the reason, and its audit line.
    public func reopen(_ period: ReopenedPeriod, audit: AuditEntry) async throws {
        try await database.transaction([
            SQLStatement("DELETE FROM reopened_periods WHERE party = $1 AND kind = $2 AND period = $3",
                         [.text(period.party), .text(period.kind), .text(period.period)]),
            SQLStatement("INSERT INTO reopened_periods (party, kind, period, reason, reopened_by, at) VALUES ($1, $2, $3, $4, $5, $6)",
                         [.text(period.party), .text(period.kind), .text(period.period), .text(period.reason), .text(period.by),
                          .integer(period.at)]),
            Self.insert(audit),
        ])
    }

    /// The reopening of a period for a party, if there is one.
    public func reopening(party: String, kind: String, period: String) async throws -> ReopenedPeriod? {
        try await database.read(SQLStatement("SELECT reason, reopened_by, at FROM reopened_periods WHERE party = $1 AND kind = $2 AND period = $3",
                                             [.text(party), .text(kind), .text(period)])).first.map {
            ReopenedPeriod(party: party, kind: kind, period: period, reason: $0["reason"]?.text ?? "", by: $0["reopened_by"]?.text ?? "",
                           at: $0["at"]?.integer ?? 0)
        }
    }

    public func submission(id: Int64) async throws -> Submission? {
        try await database.read(SQLStatement("SELECT \(Self.submissionColumns) FROM submissions WHERE id = $1", [.integer(id)]))
            .first.flatMap(Self.submission)
    }

    /// Submissions, newest first: of one party, in some states, of one kind — each only when given.
    public func submissions(party: String? = nil, states: [SubmissionState]? = nil, kind: String? = nil) async throws -> [Submission] {
        var conditions: [String] = [], values: [SQLValue] = []
        if let party {
            values.append(.text(party))
            conditions.append("party = $\(values.count)")
        }
        if let kind {
            values.append(.text(kind))
            conditions.append("kind = $\(values.count)")
        }
        if let states {
            let placeholders = states.map { state -> String in
                values.append(.text(state.rawValue))
                return "$\(values.count)"
            }
            conditions.append("state IN (\(placeholders.joined(separator: ", ")))")
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try await database.read(SQLStatement("SELECT \(Self.submissionColumns) FROM submissions\(filter) ORDER BY id DESC", values))
            .compactMap(Self.submission)
    }

    public func comments(submission id: Int64) async throws -> [SubmissionComment] {
        try await database.read(SQLStatement("SELECT at, author, text FROM submission_comments WHERE submission_id = $1 ORDER BY sequence",
                                             [.integer(id)])).map {
            SubmissionComment(at: $0["at"]?.integer ?? 0, author: $0["author"]?.text ?? "", text: $0["text"]?.text ?? "")
        }
    }

    static func submission(_ row: SQLRow) -> Submission? {
        guard let id = row["id"]?.integer, let party = row["party"]?.text, let kind = row["kind"]?.text, let period = row["period"]?.text,
              let state = row["state"]?.text.flatMap(SubmissionState.init(rawValue:)) else { return nil }
        let fields = (row["fields"]?.text).flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        return Submission(id: id, party: party, kind: kind, period: period, state: state, fields: fields, replaces: row["replaces"]?.integer,
                          createdBy: row["created_by"]?.text ?? "", createdAt: row["created_at"]?.integer ?? 0,
                          updatedAt: row["updated_at"]?.integer ?? 0, submittedAt: row["submitted_at"]?.integer,
                          reviewedBy: row["reviewed_by"]?.text, reviewedAt: row["reviewed_at"]?.integer, writtenAt: row["written_at"]?.integer,
                          version: row["version"]?.integer ?? 0)
    }

    /// The values as a JSON object with sorted keys: the same values are the same text.
    static func json(_ fields: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(fields), as: UTF8.self)) ?? "{}"
    }
}
