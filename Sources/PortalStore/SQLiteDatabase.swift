import Foundation
import GRDB

/// The portal's store in one SQLite file (GRDB.swift): nothing to install, the default.
/// A `DatabasePool` in WAL mode: readers do not wait for the writer.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    private let pool: DatabasePool

    /// Opens (or creates) the file, and the folder it is in.
    public init(path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw SQLError("cannot open the SQLite database \(path): \(Self.message(of: error))")
        }
    }

    public func write(_ statement: SQLStatement) async throws -> [SQLRow] {
        let (sql, arguments) = Self.translate(statement)
        do {
            return try await pool.write { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.row) }
        } catch {
            throw SQLError(Self.message(of: error), sql: statement.sql)
        }
    }

    public func read(_ statement: SQLStatement) async throws -> [SQLRow] {
        let (sql, arguments) = Self.translate(statement)
        do {
            return try await pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.row) }
        } catch {
            throw SQLError(Self.message(of: error), sql: statement.sql)
        }
    }

    public func transaction(_ first: SQLStatement, then: @Sendable ([SQLRow]) -> [SQLStatement]) async throws -> [SQLRow] {
        let (sql, arguments) = Self.translate(first)
        do {
            return try await pool.write { db in  // one write is one transaction
                let rows: [SQLRow]
                do { rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.row) } catch {
                    throw SQLError(Self.message(of: error), sql: sql)
                }
                for (sql, arguments) in then(rows).map(Self.translate) {
                    do { try db.execute(sql: sql, arguments: arguments) } catch {
                        throw SQLError(Self.message(of: error), sql: sql)
                    }
                }
                return rows
            }
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError(Self.message(of: error))
        }
    }

    public func withSchemaLock(_ body: @Sendable () async throws -> Void) async throws {
        try await body()
    }

    public func close() async {
        try? pool.close()
    }

    /// `$1` → `?1`: SQLite's numbered parameters.
    static func translate(_ statement: SQLStatement) -> (String, StatementArguments) {
        let sql = statement.sql.replacingOccurrences(of: #"\$(\d+)"#, with: "?$1", options: .regularExpression)
        let values: [(any DatabaseValueConvertible)?] = statement.arguments.map { value in
            switch value {
            case .null: nil
            case .integer(let integer): integer
            case .text(let text): text
            }
        }
        return (sql, StatementArguments(values))
    }

    static func row(_ row: Row) -> SQLRow {
        var result = SQLRow()
        for (column, value) in row {
            switch value.storage {
            case .null: result[column] = .null
            case .int64(let integer): result[column] = .integer(integer)
            case .double(let double): result[column] = .integer(Int64(double))
            case .string(let text): result[column] = .text(text)
            case .blob(let data): result[column] = .text(String(decoding: data, as: UTF8.self))
            }
        }
        return result
    }

    static func message(of error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
