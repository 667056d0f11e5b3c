import ArgumentParser
import CovenantModel
import Foundation
import Hummingbird
import KoersPortal
import PortalAccounts

/// `koers serve`: the portal, where each school, institution and board sees its own part.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the report's pages per party behind a login (the portal).",
        discussion: """
            Each account (koers users) sees what its role allows: the programme team and the stuurgroep \
            the whole report, a board its own schools and institutions, a school or institution its own \
            self-check and the routes it is a partner in. Pages are made from the workspace with the \
            report's own templates and made again when a data, rule or plugin file changes; invalid \
            data keeps the last valid report, with a notice. docs/portal.md tells how to deploy it.

            Exit codes: 0 stopped; 64 usage error; 74 the database cannot be used.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var database: DatabaseOption
    @OptionGroup var language: LanguageOption
    @OptionGroup var limitOptions: LimitOptions
    @Option(help: ArgumentHelp("The port to listen on.", valueName: "port")) var port: Int = 8080
    @Option(help: ArgumentHelp("The address to listen on; 127.0.0.1 behind a proxy on the same machine.", valueName: "address"))
    var host: String = "127.0.0.1"
    @Option(name: .customLong("as-of"), help: ArgumentHelp("A frozen evaluation date (default: today, at each request).", valueName: "date"),
            transform: AsOfOption.parse)
    var asOf: Day? = nil
    @Option(name: .customLong("public-url"),
            help: ArgumentHelp("The address users reach the portal at; https:// makes the cookies Secure.", valueName: "url"))
    var publicURL: String?
    @Flag(name: .customLong("behind-proxy"),
          help: "Take the client's address from the proxy's X-Forwarded-For header (for the audit log and the login limit per address).")
    var behindProxy = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            throw ValidationError("--public-url must start with http:// or https://, such as https://koers.example.nl")
        }
    }

    func run() async throws {
        let lang = language.lang
        try workspace.requireFolder(language: lang)
        let store = try await database.open(workspace: workspace.url, language: lang)
        let frozen = asOf
        let reports = ReportCache(workspace: workspace.url, limits: limitOptions.limits, language: lang,
                                  asOf: { frozen ?? AsOfOption.today })
        // Make the first report before the first request, and say at once what stops it.
        let first = await reports.state()
        for problem in first.problems.prefix(20) { StandardError.write("koers: \(problem)\n") }
        if first.served == nil {
            StandardError.write(lang.pick(
                "koers: let op: er is nog geen geldig rapport; het portaal toont het zodra de werkmap klopt (koers validate)\n",
                "koers: note: there is no valid report yet; the portal shows it once the workspace is valid (koers validate)\n"))
        }
        let accounts = Accounts(store: store)
        let portal = PortalApplication(accounts: accounts, reports: reports,
                                       secureCookies: publicURL?.hasPrefix("https://") ?? false, language: lang,
                                       publicURL: publicURL, behindProxy: behindProxy)
        // An approval recorded but not yet written when the portal last stopped is written now.
        do {
            let finished = try await portal.desk.finishInterruptedApprovals()
            if finished > 0 {
                StandardError.write(lang.pick("koers: \(finished) onderbroken goedkeuring(en) in de werkmap geschreven\n",
                                              "koers: \(finished) interrupted approval(s) written into the workspace\n"))
            }
        } catch {
            StandardError.write(lang.pick("koers: let op: een onderbroken goedkeuring kon niet worden afgemaakt: \(error)\n",
                                          "koers: note: an interrupted approval could not be finished: \(error)\n"))
        }
        let app = Application(router: portal.router(), configuration: .init(address: .hostname(host, port: port), serverName: "Koers"),
                              services: [IdleSessionSweeper(accounts: accounts)],
                              onServerRunning: { _ in
                                  StandardError.write(lang.pick("koers: portaal op http://\(host):\(port) (stop met Ctrl-C)\n",
                                                                "koers: portal at http://\(host):\(port) (stop with Ctrl-C)\n"))
                              })
        try await app.runService()
        await store.database.close()
    }
}
