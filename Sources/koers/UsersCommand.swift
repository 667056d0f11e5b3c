import ArgumentParser
import CovenantModel
import Foundation
import KoersPipeline
import PortalAccounts
import PortalStore

extension PortalRole: ExpressibleByArgument {}

/// `--database`: where the portal keeps its accounts, sessions and audit log.
struct DatabaseOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Where the portal keeps accounts, sessions and the audit log: a postgres://user:password@host/db address or an SQLite file. Default: KOERS_DATABASE_URL, else .koers/koers.sqlite in the workspace.",
        valueName: "url|file"))
    var database: String?

    /// Opens the store (creating or upgrading its tables), or stops with a message and exit 74.
    func open(workspace: URL, language: Language) async throws -> PortalStore {
        let location = DatabaseLocation.resolve(option: database, workspace: workspace)
        do {
            return try await location.open()
        } catch {
            StandardError.write(language.pick("koers: fout: de database \(location) is niet te openen: \(error)\n",
                                              "koers: error: cannot open the database \(location): \(error)\n")
                                + language.pick("  tip: controleer --database of KOERS_DATABASE_URL (docs/portal.md)\n",
                                                "  hint: check --database or KOERS_DATABASE_URL (docs/portal.md)\n"))
            throw KoersExit.ioError
        }
    }
}

/// `--role` and `--party`: what an account is to the covenant.
struct RoleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("programme, board, school, institution or stuurgroep.", valueName: "role")) var role: PortalRole
    @Option(help: ArgumentHelp("The board, school or institution id (for those roles).", valueName: "id")) var party: String?

    /// "school, noorderlicht": as the command line confirms an account.
    var described: String { role.rawValue + (party.map { ", \($0)" } ?? "") }

    /// Stops with a message when `--party` is not a party of the workspace's covenant for `--role`.
    func requireParty(in workspace: WorkspaceOptions, language: Language) throws {
        if let party { try PartyCheck.require(party, role: role, workspace: workspace, language: language) }
    }
}

/// `koers users`: the portal's accounts, for the programme team at the server's command line.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the portal's accounts: invite, list, change a role, disable, enable, reset.",
        discussion: """
            Accounts live in the portal's database (--database; by default .koers/koers.sqlite in the \
            workspace). An invited person sets a password through a one-time link that works for 7 days; \
            every change is written to the audit log (koers audit).

            Exit codes: 0 done; 64 usage error (an unknown party, a duplicate email, no such account); \
            65 the workspace's data has errors (a party cannot be checked); 74 the database cannot be used.
            """,
        subcommands: [Add.self, List.self, Role.self, Disable.self, Enable.self, Reset.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account and print its invitation link.",
            discussion: """
                Roles: programme (everything, and user management), board (its own schools and \
                institutions), school and institution (their own self-check and routes), stuurgroep (the \
                report, read-only). board, school and institution need --party: an id from \
                state/boards.csv, schools.csv or institutions.csv.
                """)
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var database: DatabaseOption
        @OptionGroup var language: LanguageOption
        @Option(help: "The person's email address; they log in with it.") var email: String
        @OptionGroup var account: RoleOptions
        @Option(help: "The person's name, as the portal greets them.") var name: String = ""
        @Option(name: .customLong("public-url"), help: ArgumentHelp("The portal's address, for the link.", valueName: "url"))
        var publicURL: String = "http://127.0.0.1:8080"

        func run() async throws {
            let lang = language.lang
            try account.requireParty(in: workspace, language: lang)
            let store = try await database.open(workspace: workspace.url, language: lang)
            defer { Task { await store.database.close() } }
            let invitation = try await UsersCommand.refusing(lang) {
                try await Accounts(store: store).invite(email: email, name: name, role: account.role, party: account.party, by: .commandLine, now: Clock.now)
            }
            UsersCommand.printLink(invitation, publicURL: publicURL, language: lang,
                                   nl: "Uitnodiging voor \(invitation.user.email) (\(account.described))",
                                   en: "Invitation for \(invitation.user.email) (\(account.described))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var database: DatabaseOption
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let lang = language.lang
            let store = try await database.open(workspace: workspace.url, language: lang)
            defer { Task { await store.database.close() } }
            let users = try await UsersCommand.refusing(lang) { try await store.users() }
            guard !users.isEmpty else {
                print(lang.pick("Nog geen accounts. Voeg er een toe met: koers users add --email … --role …",
                                "No accounts yet. Add one with: koers users add --email … --role …"))
                return
            }
            let header = lang == .nl ? ["e-mail", "naam", "rol", "partij", "staat"] : ["email", "name", "role", "party", "state"]
            let rows = [header] + users.map { user in
                let state = user.disabled ? lang.pick("uitgeschakeld", "disabled")
                    : user.hasPassword ? lang.pick("actief", "active") : lang.pick("uitgenodigd", "invited")
                return [user.email, user.name, user.role.rawValue, user.party ?? "–", state]
            }
            print(Columns.text(rows), terminator: "")
        }
    }

    struct Role: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give an account another role (and party); its sessions end.",
            discussion: "Roles and parties as for 'koers users add'. The change is in the audit log with the old and new role.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var database: DatabaseOption
        @OptionGroup var language: LanguageOption
        @Argument(help: "The account's email.") var email: String
        @OptionGroup var account: RoleOptions

        func run() async throws {
            let lang = language.lang
            try account.requireParty(in: workspace, language: lang)
            let store = try await database.open(workspace: workspace.url, language: lang)
            defer { Task { await store.database.close() } }
            let user = try await UsersCommand.refusing(lang) {
                try await Accounts(store: store).changeRole(email: email, role: account.role, party: account.party, by: .commandLine, now: Clock.now)
            }
            let described = user.role.rawValue + (user.party.map { " (\($0))" } ?? "")
            print(lang.pick("\(user.email) is nu \(described); de sessies zijn beëindigd.",
                            "\(user.email) is now \(described); its sessions have ended."))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var database: DatabaseOption
        @OptionGroup var language: LanguageOption
        @Argument(help: "The account's email.") var email: String

        func run() async throws {
            try await UsersCommand.setDisabled(true, email: email, workspace: workspace, database: database, language: language.lang)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var database: DatabaseOption
        @OptionGroup var language: LanguageOption
        @Argument(help: "The account's email.") var email: String

        func run() async throws {
            try await UsersCommand.setDisabled(false, email: email, workspace: workspace, database: database, language: language.lang)
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clear an account's password, end its sessions and print a new link.")
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var database: DatabaseOption
        @OptionGroup var language: LanguageOption
        @Argument(help: "The account's email.") var email: String
        @Option(name: .customLong("public-url"), help: ArgumentHelp("The portal's address, for the link.", valueName: "url"))
        var publicURL: String = "http://127.0.0.1:8080"

        func run() async throws {
            let lang = language.lang
            let store = try await database.open(workspace: workspace.url, language: lang)
            defer { Task { await store.database.close() } }
            let invitation = try await UsersCommand.refusing(lang) {
                try await Accounts(store: store).reset(email: email, by: .commandLine, now: Clock.now)
            }
            UsersCommand.printLink(invitation, publicURL: publicURL, language: lang,
                                   nl: "Nieuw wachtwoord voor \(invitation.user.email)", en: "New password for \(invitation.user.email)")
        }
    }

    static func setDisabled(_ disabled: Bool, email: String, workspace: WorkspaceOptions, database: DatabaseOption,
                            language: Language) async throws {
        let store = try await database.open(workspace: workspace.url, language: language)
        defer { Task { await store.database.close() } }
        try await refusing(language) { try await Accounts(store: store).setDisabled(email: email, disabled, by: .commandLine, now: Clock.now) }
        print(disabled ? language.pick("\(email) is uitgeschakeld; de sessies zijn beëindigd.", "\(email) is disabled; its sessions have ended.")
                       : language.pick("\(email) is weer ingeschakeld.", "\(email) is enabled again."))
    }

    static func printLink(_ invitation: Accounts.Invitation, publicURL: String, language: Language, nl: String, en: String) {
        let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        print(language.pick(nl, en))
        print("  \(base)/uitnodiging/\(invitation.token)")
        print(language.pick("  Geldig tot \(Accounts.timestamp(invitation.expiresAt)), één keer te gebruiken. Stuur de link zelf naar de persoon.",
                            "  Valid until \(Accounts.timestamp(invitation.expiresAt)), once. Send the link to the person yourself."))
    }

    /// Runs `body`, turning a refusal into a message and exit 64, and a database error into exit 74.
    static func refusing<T>(_ language: Language, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refusal as Accounts.Refusal {
            StandardError.write(language.pick("koers: fout: ", "koers: error: ") + refusal.text(in: language) + "\n")
            throw KoersExit.usage
        } catch let error as PortalStoreError {
            StandardError.write(language.pick("koers: fout: ", "koers: error: ") + error.text(in: language) + "\n")
            throw KoersExit.usage
        } catch let error as SQLError {
            StandardError.write(language.pick("koers: fout: de database: \(error)\n", "koers: error: the database: \(error)\n"))
            throw KoersExit.ioError
        }
    }
}

/// The party of an account must be one the workspace knows, of the kind its role names.
enum PartyCheck {
    static func require(_ party: String, role: PortalRole, workspace: WorkspaceOptions, language: Language) throws {
        let loading = ReportPipeline.load(workspace: workspace.url, language: language)
        guard let loaded = loading.workspace else {
            for diagnostic in loading.result.errors.prefix(5) { StandardError.write(diagnostic.text(in: language) + "\n") }
            StandardError.write(language.pick(
                "koers: fout: de werkmap heeft fouten, dus '\(party)' is niet te controleren; los ze eerst op (koers validate)\n",
                "koers: error: the workspace has errors, so '\(party)' cannot be checked; fix them first (koers validate)\n"))
            throw KoersExit.dataError
        }
        // Only a party of the covenant has a self-check, so only a party gets an account.
        let (ids, file): ([String], String) = switch role {
        case .board: (loaded.boards.map(\.id), "state/boards.csv")
        case .school: (loaded.schools.filter(\.isParty).map(\.id), "state/schools.csv")
        case .institution: (loaded.institutions.filter(\.isParty).map(\.id), "state/institutions.csv")
        case .programme, .stuurgroep: ([], "")
        }
        guard role.needsParty else { return }
        guard !ids.contains(party) else { return }
        let known = role == .school ? loaded.schools.map(\.id) : role == .institution ? loaded.institutions.map(\.id) : []
        if known.contains(party) {
            StandardError.write(language.pick(
                "koers: fout: --party: \(party) staat in \(file) maar is geen partij van het convenant, en heeft dus geen zelfcheck\n"
                    + "  tip: een account is er voor de partijen; zie 'parties' in covenant.yaml\n",
                "koers: error: --party: \(party) is in \(file) but is not a party of the covenant, so it has no self-check\n"
                    + "  hint: accounts are for the parties; see 'parties' in covenant.yaml\n"))
            throw KoersExit.usage
        }
        StandardError.write(language.pick(
            "koers: fout: --party: geen \(role.rawValue) '\(party)' in \(file)\(Suggestion.didYouMean(party, in: ids, language: .nl))\n",
            "koers: error: --party: no \(role.rawValue) '\(party)' in \(file)\(Suggestion.didYouMean(party, in: ids, language: .en))\n"))
        throw KoersExit.usage
    }
}

/// Now, in Unix seconds: what the store records.
enum Clock {
    static var now: Int64 { Int64(Date().timeIntervalSince1970) }
}

/// Left-aligned columns, as `koers users list` and `koers audit` print them.
enum Columns {
    static func text(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
