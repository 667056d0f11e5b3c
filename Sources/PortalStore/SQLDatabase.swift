import Foundation

/// A value in a portal table. The portal stores only text and whole numbers (times are Unix
/// seconds, flags 0 or 1), so that one set of statements reads the same on SQLite and PostgreSQL.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case text(String)

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .text(let value): "'\(value)'"
        }
    }

    public var text: String? { if case .text(let value) = self { value } else { nil } }
    public var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    public init(_ integer: Int64?) { self = integer.map(SQLValue.integer) ?? .null }
}

/// One row of a result, by column name.
public typealias SQLRow = [String: SQLValue]

/// One statement with its arguments, written once for both databases: parameters are `$1`,
/// `$2`, … as PostgreSQL writes them (the SQLite driver reads them as `?1`, `?2`, …).
public struct SQLStatement: Sendable {
    public var sql: String
    public var arguments: [SQLValue]

    public init(_ sql: String, _ arguments: [SQLValue] = []) {
        self.sql = sql
        self.arguments = arguments
    }
}

/// The two kinds of database the portal runs on. Statements are the same for both; the
/// migrations differ only where SQL itself does (an identity column, a trigger).
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// What the portal's store needs of a database, and no more: statements that return rows
/// (also `INSERT … RETURNING` and `UPDATE … RETURNING`, so that a conditional change says whether
/// it happened), and several statements in one transaction.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs a statement that may change data and returns the rows it returns.
    func write(_ statement: SQLStatement) async throws -> [SQLRow]
    /// Runs a statement that only reads.
    func read(_ statement: SQLStatement) async throws -> [SQLRow]
    /// Runs `first`, then the statements `then` makes of its rows, in one transaction, and
    /// returns `first`'s rows: a conditional change and what follows from it (its audit line),
    /// or nothing after it when it changed nothing.
    func transaction(_ first: SQLStatement, then: @Sendable ([SQLRow]) -> [SQLStatement]) async throws -> [SQLRow]
    /// Runs `body` while no other process migrates the same database (PostgreSQL: an advisory
    /// lock; several `koers serve` instances may start at once). SQLite serves one instance.
    func withSchemaLock(_ body: @Sendable () async throws -> Void) async throws
    /// Lets go of the connections. The database is unusable afterwards.
    func close() async
}

extension SQLDatabase {
    /// Runs the statements in one transaction: all of them, or none.
    public func transaction(_ statements: [SQLStatement]) async throws {
        guard let first = statements.first else { return }
        let rest = Array(statements.dropFirst())
        _ = try await transaction(first, then: { _ in rest })
    }
}

/// A database error with the statement that caused it, without the arguments (which may hold
/// a password hash or a token).
public struct SQLError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var sql: String

    public init(_ message: String, sql: String = "") {
        self.message = message
        self.sql = sql
    }

    public var description: String { sql.isEmpty ? message : "\(message) (in: \(sql.prefix(120)))" }
}
