/// A part of the report that a plugin adds: structured content that every output format draws
/// in its own way (HTML and PDF as markup, Markdown as text, JSON as data, CSV as one file per
/// table or chart). Plugins describe *what* to show; the renderers decide *how*.
public struct ReportSection: Sendable, Equatable {
    /// Unique in the report: `<plugin>-<n>`, e.g. `route_law-1`; names CSV files and HTML anchors.
    public var id: String
    public var title: String
    /// The plugin that made the section.
    public var plugin: String
    public var blocks: [ContentBlock]

    public init(id: String, title: String, plugin: String, blocks: [ContentBlock]) {
        self.id = id
        self.title = title
        self.plugin = plugin
        self.blocks = blocks
    }
}

/// One piece of a ``ReportSection``.
public enum ContentBlock: Sendable, Equatable {
    /// A subheading within the section.
    case heading(String)
    case paragraph(String)
    /// A table: a header row and rows of cells, each as wide as the header.
    case table(columns: [String], rows: [[Cell]])
    /// A horizontal bar chart: one bar per item.
    case bars(title: String?, unit: String?, items: [Bar])

    /// A table cell: text as given, numbers formatted in the report's language.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
    }

    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }
}

/// A plugin that could not do its part; the report is still made, and says so.
public struct PluginProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var plugin: String
    /// What the plugin was doing: `load`, `derive`, `checks`, `sections` or a format's name.
    public var stage: String
    /// `plugins/route_law.lua:12: …`, with the file and line where Lua knows them.
    public var message: String
    public var hint: String?

    public init(plugin: String, stage: String, message: String, hint: String? = nil) {
        self.plugin = plugin
        self.stage = stage
        self.message = message
        self.hint = hint
    }

    public var description: String {
        "plugin \(plugin) (\(stage)): \(message)" + (hint.map { "\n  hint: \($0)" } ?? "")
    }
}

/// A data-quality finding from a plugin's `checks`.
public struct DataCheckFinding: Sendable, Equatable {
    public enum Severity: String, Sendable, CaseIterable { case info, warning, problem }
    public var plugin: String
    public var severity: Severity
    public var message: String
    /// The record it is about, `state/routes.csv:12`, when the plugin names one.
    public var source: String?

    public init(plugin: String, severity: Severity, message: String, source: String?) {
        self.plugin = plugin
        self.severity = severity
        self.message = message
        self.source = source
    }
}

/// Everything the workspace's plugins added to one report.
public struct PluginContributions: Sendable {
    public var sections: [ReportSection]
    public var findings: [DataCheckFinding]
    public var problems: [PluginProblem]

    public init(sections: [ReportSection] = [], findings: [DataCheckFinding] = [], problems: [PluginProblem] = []) {
        self.sections = sections
        self.findings = findings
        self.problems = problems
    }
}
