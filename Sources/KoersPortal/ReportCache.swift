import CovenantModel
import Foundation
import KoersPipeline
import LuaHost
import PortalAccess
import PortalStore
import ReportModel
import ReportRenderers
import WorkspaceLoader

/// The report the portal serves: made by ``ReportPipeline`` and rendered with the report's own
/// templates, cached by the workspace's fingerprint and the date, and made again when a data,
/// rule or plugin file changes. Invalid data keeps the last valid report, with its date and the
/// validation messages for the programme team.
public actor ReportCache {
    /// One evaluation: its pages by path, who may see them, and when it was made.
    public struct Served: Sendable {
        public var pages: [String: [UInt8]]
        public var policy: AccessPolicy
        public var asOf: Day
        public var fingerprint: String
        /// The boards, schools and institutions that can have an account, for the programme
        /// team's forms.
        public var parties: [PartyChoice]
        /// The report's completeness of the annual returns, a sentence per school year.
        public var returns: [String]
    }

    /// A party an account can belong to: its role, id and name.
    public struct PartyChoice: Sendable, Equatable {
        public var role: PortalRole
        public var id: String
        public var name: String
    }

    /// What the portal shows now: the last valid report, and the problems of newer files if any.
    public struct State: Sendable {
        public var served: Served?
        /// The validation messages of the workspace as it is now, when it has errors: the report
        /// served is then the last valid one.
        public var invalid: [String]
        /// Rules and plugins that failed in the report served.
        public var failures: [String]
        /// Everything the programme team should read, in one list.
        public var problems: [String] { invalid + failures }
    }

    let workspace: URL
    let limits: LuaLimits
    let language: Language
    let asOf: @Sendable () -> Day
    private var current: Served?
    private var invalid: [String] = []
    private var failures: [String] = []
    private var lastLook = ContinuousClock.now - .seconds(60)
    /// The current report's pages as each audience sees them, made on first request.
    private var views: [ViewKey: PageView] = [:]

    struct ViewKey: Hashable {
        var path: String
        var role: PortalRole
        var party: String?
    }

    /// `asOf` gives the evaluation date of each request (a frozen date, or today).
    public init(workspace: URL, limits: LuaLimits = .default, language: Language = .nl, asOf: @escaping @Sendable () -> Day) {
        self.workspace = workspace
        self.limits = limits
        self.language = language
        self.asOf = asOf
    }

    /// The report for now: made again only when the files or the date changed (looked at most
    /// once a second, so that a burst of requests costs one look).
    public func state() -> State {
        let now = ContinuousClock.now
        if let current, now - lastLook < .seconds(1), current.asOf == asOf() { return snapshot }
        lastLook = now
        let day = asOf()
        let fingerprint = WorkspaceFingerprint(workspace: workspace)
        let key = [fingerprint.data, fingerprint.rules, fingerprint.plugins].joined(separator: "/")
        if let current, current.fingerprint == key, current.asOf == day, invalid.isEmpty { return snapshot }
        let pipeline = ReportPipeline(workspace: workspace, asOf: day, limits: limits, language: language)
        let loading = pipeline.load()
        guard let loaded = loading.workspace else {
            invalid = loading.result.errors.map { $0.text(in: language) }
            return snapshot
        }
        do {
            let made = pipeline.make(from: loaded, history: true,
                                     comparisonDay: try? ComparisonDay.choose(given: nil, asOf: day, events: loaded.events))
            let templates = try TemplateSet(overrides: workspace.appendingPathComponent("templates", isDirectory: true))
            let files = try HTMLReporter(templates: templates).render(made.report) + SelfCheckDownloads().render(made.report)
            views = [:]
            current = Served(pages: Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first }),
                             policy: AccessPolicy(report: made.report), asOf: day, fingerprint: key,
                             parties: Self.parties(of: made.report),
                             returns: made.report.returns.map { line in
                                 let missing = made.report.words.returnsMissing(line)
                                 return made.report.words.returns(line) + (missing.isEmpty ? "" : "; " + missing)
                             })
            invalid = []
            failures = made.failures
        } catch {
            invalid = ["\(error)"]
        }
        return snapshot
    }

    /// The parties with pages in the report (those the access policy knows), by role and name.
    static func parties(of report: Report) -> [PartyChoice] {
        let boards = report.boards.map { PartyChoice(role: .board, id: $0.id, name: $0.name) }
        let members = report.selfChecks.map { check in
            let role: PortalRole = if case .institution = check.contributor { .institution } else { .school }
            return PartyChoice(role: role, id: check.contributor.id, name: check.name)
        }
        let order: [PortalRole] = [.board, .school, .institution]
        return (boards + members).sorted {
            ($0.role == $1.role) ? $0.name.lowercased() < $1.name.lowercased()
                : order.firstIndex(of: $0.role)! < order.firstIndex(of: $1.role)!
        }
    }

    /// A page of the current report as `role` and `party` see it: links to pages they may not
    /// see made plain text, and split where the portal's bar goes. Made once per audience and
    /// report, so that a page view costs a dictionary lookup and a copy, not a pass over the page.
    /// Nil when they may not see it (or it does not exist).
    public func view(of path: String, role: PortalRole, party: String?) -> PageView? {
        let key = ViewKey(path: path, role: role, party: party)
        if let view = views[key] { return view }
        guard let current, current.policy.allows(role: role, party: party, page: path), let contents = current.pages[path] else { return nil }
        let html = Pages.unlinkingForbidden(String(decoding: contents, as: UTF8.self), page: path) {
            current.policy.allows(role: role, party: party, page: $0)
        }
        let view = PageView(html: html)
        views[key] = view
        return view
    }

    private var snapshot: State { State(served: current, invalid: invalid, failures: failures) }
}

/// A report page as one audience sees it, cut where the portal's bar goes (just inside `<body>`).
public struct PageView: Sendable {
    public let before: String
    public let after: String

    init(html: String) {
        if let body = html.range(of: "<body"), let end = html[body.upperBound...].firstIndex(of: ">") {
            let cut = html.index(after: end)
            before = String(html[..<cut])
            after = String(html[cut...])
        } else {
            before = ""
            after = html
        }
    }

    /// The page with `banner` (and the bar's style) at the top of its body.
    func with(banner: String) -> String {
        before + "<style>\(Pages.bannerStyle)</style>" + banner + after
    }
}
