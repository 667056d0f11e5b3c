import CovenantModel
import Foundation
import KoersPipeline
import LuaHost
import PortalAccess
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
            let files = try HTMLReporter(templates: templates).render(made.report)
            current = Served(pages: Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first }),
                             policy: AccessPolicy(report: made.report), asOf: day, fingerprint: key)
            invalid = []
            failures = made.failures
        } catch {
            invalid = ["\(error)"]
        }
        return snapshot
    }

    private var snapshot: State { State(served: current, invalid: invalid, failures: failures) }
}
