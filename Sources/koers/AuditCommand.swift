import ArgumentParser
import Foundation
import PortalAccounts
import PortalStore

/// `koers audit`: the portal's audit log, oldest first.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the portal's audit log: who did what, when, from where.",
        discussion: """
            Every login, failed login, invitation, password change, account change and (with submissions) \
            data change, oldest first. The log is append-only: the database refuses to change or delete \
            a line. Times are UTC.

            Exit codes: 0 printed; 74 the database cannot be used.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var database: DatabaseOption
    @OptionGroup var language: LanguageOption
    @Option(help: ArgumentHelp("Only what concerns this board, school or institution.", valueName: "id")) var party: String?
    @Flag(help: "Print JSON lines instead of columns.") var json = false

    func run() async throws {
        let lang = language.lang
        let store = try await database.open(workspace: workspace.url, language: lang)
        defer { Task { await store.database.close() } }
        let entries = try await UsersCommand.refusing(lang) { try await store.auditLog(party: party) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for entry in entries {
                let line = Line(sequence: entry.sequence, at: Accounts.timestamp(entry.at), actor: entry.actor, action: entry.action,
                                subject: entry.subject, party: entry.party, detail: entry.detail, address: entry.address)
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            }
            return
        }
        guard !entries.isEmpty else {
            print(lang.pick("Het auditlog is leeg.", "The audit log is empty."))
            return
        }
        let header = lang == .nl ? ["wanneer", "wie", "wat", "waarop", "partij", "vanaf", "toelichting"]
                                 : ["when", "who", "what", "subject", "party", "from", "detail"]
        print(Columns.text([header] + entries.map {
            [Accounts.timestamp($0.at), $0.actor, $0.action, $0.subject, $0.party ?? "–", $0.address, $0.detail]
        }), terminator: "")
    }

    struct Line: Encodable {
        var sequence: Int64
        var at: String
        var actor: String
        var action: String
        var subject: String
        var party: String?
        var detail: String
        var address: String
    }
}
