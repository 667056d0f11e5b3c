import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// The portal's store in PostgreSQL (postgres-nio), for a shared deployment: several `koers
/// serve` instances behind a proxy use one database. Given as `postgres://user:password@host:port/db`.
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let logger: Logger
    /// For ``checkConnection()``: one connection made directly, outside the pool.
    private let direct: PostgresConnection.Configuration

    /// Connects lazily: the first statement opens the first connection.
    public init(url: String) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty else {
            throw SQLError("'\(Self.redacted(url))' is not a PostgreSQL address; write postgres://user:password@host:5432/database")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let tls: PostgresClient.Configuration.TLS
        let directTLS: PostgresConnection.Configuration.TLS
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable" {
        case "disable":
            tls = .disable
            directTLS = .disable
        case "require":
            tls = .require(.makeClientConfiguration())
            directTLS = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "prefer":
            tls = .prefer(.makeClientConfiguration())
            directTLS = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case let mode: throw SQLError("sslmode=\(mode) is not supported; use disable, prefer or require")
        }
        direct = PostgresConnection.Configuration(host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
                                                  password: components.password, database: database.isEmpty ? nil : database, tls: directTLS)
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 10
        var logger = Logger(label: "koers.portal.postgres")
        logger.logLevel = .error  // the pool's notices are not the user's business; errors come back as SQLError
        self.logger = logger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
    }

    /// Connects once, directly, so that a wrong address or a server that is down is said at once
    /// ("connection refused") instead of after the pool has retried for a minute.
    public func checkConnection() async throws {
        do {
            let connection = try await PostgresConnection.connect(configuration: direct, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw SQLError("cannot connect to PostgreSQL at \(direct.host ?? "?"):\(direct.port ?? 5432): \(Self.message(of: error))")
        }
    }

    public func write(_ statement: SQLStatement) async throws -> [SQLRow] {
        try await read(statement)
    }

    public func read(_ statement: SQLStatement) async throws -> [SQLRow] {
        do {
            return try await Self.rows(client.query(Self.query(statement), logger: logger))
        } catch {
            throw SQLError(Self.message(of: error), sql: statement.sql)
        }
    }

    public func transaction(_ first: SQLStatement, then: @Sendable ([SQLRow]) -> [SQLStatement]) async throws -> [SQLRow] {
        let logger = logger
        do {
            return try await client.withTransaction(logger: logger) { connection in
                let rows: [SQLRow]
                do { rows = try await Self.rows(connection.query(Self.query(first), logger: logger)) } catch {
                    throw SQLError(Self.message(of: error), sql: first.sql)
                }
                for statement in then(rows) {
                    do { try await connection.query(Self.query(statement), logger: logger) } catch {
                        throw SQLError(Self.message(of: error), sql: statement.sql)
                    }
                }
                return rows
            }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError as? SQLError { throw inner }
            throw SQLError(Self.message(of: error.closureError ?? error.beginError ?? error.commitError ?? error))
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError(Self.message(of: error))
        }
    }

    /// The advisory lock's key: any constant, the same in every Koers ("KOERS" in ASCII).
    static let schemaLockKey: Int64 = 0x4B_4F_45_52_53

    public func withSchemaLock(_ body: @Sendable () async throws -> Void) async throws {
        let logger = logger
        do {
            try await client.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_lock(\(Self.schemaLockKey))"), logger: logger)
                do {
                    try await body()
                } catch {
                    _ = try? await connection.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_unlock(\(Self.schemaLockKey))"), logger: logger)
                    throw error
                }
                try await connection.query(PostgresQuery(unsafeSQL: "SELECT pg_advisory_unlock(\(Self.schemaLockKey))"), logger: logger)
            }
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError(Self.message(of: error), sql: "SELECT pg_advisory_lock(…)")
        }
    }

    public func close() async {
        running.cancel()
        _ = await running.value
    }

    static func query(_ statement: SQLStatement) -> PostgresQuery {
        var binds = PostgresBindings(capacity: statement.arguments.count)
        for argument in statement.arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let integer): binds.append(integer)
            case .text(let text): binds.append(text)
            }
        }
        return PostgresQuery(unsafeSQL: statement.sql, binds: binds)
    }

    static func rows(_ sequence: PostgresRowSequence) async throws -> [SQLRow] {
        var rows: [SQLRow] = []
        for try await row in sequence {
            var result = SQLRow()
            for cell in row {
                guard cell.bytes != nil else {
                    result[cell.columnName] = .null
                    continue
                }
                switch cell.dataType {
                case .int2, .int4, .int8: result[cell.columnName] = .integer(try cell.decode(Int64.self))
                case .bool: result[cell.columnName] = .integer(try cell.decode(Bool.self) ? 1 : 0)
                default: result[cell.columnName] = .text(try cell.decode(String.self))
                }
            }
            rows.append(result)
        }
        return rows
    }

    /// The server's own words ("duplicate key value violates unique constraint …"), not a dump.
    static func message(of error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// The address without its password, for messages.
    static func redacted(_ url: String) -> String {
        url.replacingOccurrences(of: #"(://[^:/@]+):[^@]*@"#, with: "$1:***@", options: .regularExpression)
    }
}
