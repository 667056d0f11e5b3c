import Foundation

/// Where the portal keeps its data: `.koers/koers.sqlite` in the workspace by default (nothing to
/// install), or a PostgreSQL server given by `--database postgres://…` or `KOERS_DATABASE_URL`,
/// for several `koers serve` instances sharing one database.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The option wins over the environment, the environment over the default. Anything that is
    /// not a `postgres://` address is the path of an SQLite file.
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                               workspace: URL) -> DatabaseLocation {
        let given = option ?? environment["KOERS_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let given else { return .sqlite(path: workspace.appendingPathComponent(".koers/koers.sqlite").path) }
        if given.hasPrefix("postgres://") || given.hasPrefix("postgresql://") { return .postgres(url: given) }
        if given.hasPrefix("sqlite:") { return .sqlite(path: String(given.dropFirst("sqlite:".count))) }
        return .sqlite(path: given)
    }

    /// Connects and brings the tables to this Koers' schema.
    public func open() async throws -> PortalStore {
        let database: any SQLDatabase
        switch self {
        case .sqlite(let path):
            database = try SQLiteDatabase(path: path)
        case .postgres(let url):
            let postgres = try PostgresDatabase(url: url)
            database = postgres
            do { try await postgres.checkConnection() } catch {
                await postgres.close()
                throw error
            }
        }
        do {
            return try await PortalStore.open(database)
        } catch {
            await database.close()
            throw error
        }
    }

    /// For messages: the address without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): PostgresDatabase.redacted(url)
        }
    }
}
