import ReportModel

/// A plugin in `plugins/`, as it declared itself.
///
/// A plugin is a Lua file that returns a table: its `name` (the file name without `.lua`), its
/// `version`, the plugin `api` it was written for, and any of the hooks (``Hook``). Koers calls
/// each hook in a sandbox of its own, with the same budgets as rules.
public struct Plugin: Sendable, Equatable {
    /// What a plugin can do.
    public enum Hook: String, Sendable, CaseIterable {
        /// `derive(state)`: extra data, which later plugins and every rule read as `state.derived.<name>`.
        case derive
        /// `checks(state)`: data-quality findings.
        case checks
        /// `sections(state, results)`: extra report sections.
        case sections
        /// `helpers`: functions for rules, which `require("<name>").helpers` gives them.
        case helpers
        /// `formats`: extra output formats, each `render(report)` returning the file's text.
        case formats
    }

    public var name: String
    /// `plugins/route_law.lua`.
    public var file: String
    public var version: String
    public var description: String?
    public var hooks: Set<Hook>
    public var formats: [PluginFormat]
}

/// An output format a plugin adds: `koers report --format <name>` writes `file`.
public struct PluginFormat: Sendable, Equatable {
    public var plugin: String
    public var name: String
    /// The file it writes in the output folder, e.g. `monitoring.csv`.
    public var file: String
}

/// The plugin API this Koers provides. A plugin declares the version it was written for
/// (`api = 1`); a plugin written for another version is not run, and `koers check` says so.
public enum PluginAPI {
    public static let version = 1
}
