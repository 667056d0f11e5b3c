import CovenantModel
import Foundation
import LuaHost
import ReportModel
import RuleEngine

/// The workspace's plugins: every `.lua` file directly in `plugins/` (not in subfolders, which
/// hold modules), in the byte order of their names — the order they load and run in, so that
/// `10_base.lua` comes before `20_extra.lua`. Switched-off plugins are listed but not loaded; a
/// plugin that cannot be loaded or declares another API version is a problem, not a stop.
public struct PluginCatalog: Sendable {
    /// The plugins that load, in order.
    public let plugins: [Plugin]
    /// The names of plugins switched off in `covenant.yaml`.
    public let disabled: [String]
    public let problems: [PluginProblem]
    public let workspace: URL
    public let limits: LuaLimits

    /// The fields a plugin's table may have.
    static let declarationFields = ["name", "version", "api", "description"] + Plugin.Hook.allCases.map(\.rawValue)

    /// Reads each plugin's declaration by running the file in the sandbox.
    public init(workspace: URL, disabled: [String], limits: LuaLimits = .default) {
        self.workspace = workspace
        self.disabled = disabled
        self.limits = limits
        var plugins: [Plugin] = []
        var problems: [PluginProblem] = []
        for name in Self.names(in: workspace) where !disabled.contains(name) {
            do throws(PluginProblem) {
                plugins.append(try Self.declaration(of: name, workspace: workspace, disabled: disabled, limits: limits))
            } catch {
                problems.append(error)
            }
        }
        var formatOwners: [String: String] = [:]
        for plugin in plugins {
            for format in plugin.formats {
                if let owner = formatOwners[format.name] {
                    problems.append(PluginProblem(plugin: plugin.name, stage: "load", message: "\(plugin.file): the format '\(format.name)' is also defined by \(owner)",
                                                  hint: "give the format another name"))
                }
                formatOwners[format.name] = formatOwners[format.name] ?? plugin.name
            }
        }
        self.plugins = plugins
        self.problems = problems
    }

    /// The plugin names in `plugins/`, in load order.
    public static func names(in workspace: URL) -> [String] {
        let folder = workspace.appendingPathComponent("plugins", isDirectory: true)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".lua") && !$0.hasSuffix(".meta.lua") }
            .map { String($0.dropLast(4)) }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Every format the plugins add.
    public var formats: [PluginFormat] { plugins.flatMap(\.formats) }

    /// The plugins that have `hook`, in load order.
    func plugins(with hook: Plugin.Hook) -> [Plugin] { plugins.filter { $0.hooks.contains(hook) } }

    private static let declarationDriver = """
        local name = ...
        local plugin = require(name)
        if type(plugin) ~= "table" then
          error(("plugins/%s.lua must end with `return { name = %q, version = \\"1.0.0\\", api = 1, … }`, but returned %s")
            :format(name, name, type(plugin)), 0)
        end
        local fields = {}
        for key, value in pairs(plugin) do fields[#fields + 1] = { key = tostring(key), type = type(value) } end
        table.sort(fields, function(a, b) return a.key < b.key end)
        local formats = {}
        if type(plugin.formats) == "table" then
          for format_name, format in pairs(plugin.formats) do
            formats[#formats + 1] = {
              name = tostring(format_name),
              type = type(format),
              file = type(format) == "table" and type(format.file) == "string" and format.file or nil,
              render = type(format) == "table" and type(format.render) or nil,
            }
          end
          table.sort(formats, function(a, b) return a.name < b.name end)
        end
        local function plain(value) if type(value) == "string" or type(value) == "number" then return value end end
        return { name = plain(plugin.name), version = plain(plugin.version), api = plain(plugin.api),
                 description = plain(plugin.description), fields = fields, formats = formats }
        """

    private static func declaration(of name: String, workspace: URL, disabled: [String], limits: LuaLimits) throws(PluginProblem) -> Plugin {
        let file = "plugins/\(name).lua"
        func problem(_ message: String, hint: String? = nil) -> PluginProblem {
            PluginProblem(plugin: name, stage: "load", message: "\(file): \(message)", hint: hint)
        }
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter),
              name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else {
            throw problem("'\(name)' cannot be a plugin name: rules load plugins with require(\"\(name)\")",
                          hint: "rename the file with letters, digits and _ only, such as \(name.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()).lua")
        }
        let results: [LuaValue]
        do throws(LuaError) {
            let sandbox = try LuaSandbox(limits: limits, modules: RuleRunner.moduleFolders(workspace: workspace, disabledPlugins: disabled))
            results = try sandbox.run(LuaScript(chunkName: "koers plugin loader", source: "return (function(...) \(declarationDriver) end)(\"\(name)\")"))
        } catch {
            throw PluginProblem(plugin: name, stage: "load", message: error.description, hint: error.hint)
        }
        guard case .record(let declared)? = results.first else { throw problem("the plugin declared nothing") }
        var hooks: Set<Plugin.Hook> = []
        let fields = (try? LuaShape.list(declared["fields"], "fields") { item, _ throws(LuaShape.Mismatch) in try LuaShape.record(item, "field") }) ?? []
        for field in fields {
            guard case .string(let key)? = field["key"], case .string(let type)? = field["type"] else { continue }
            guard declarationFields.contains(key) else {
                throw problem("'\(key)' is not a field of a plugin" + Suggestion.didYouMean(key, in: declarationFields),
                              hint: "a plugin's table has: " + declarationFields.joined(separator: ", ") + " (plugins/README.md)")
            }
            guard let hook = Plugin.Hook(rawValue: key) else { continue }
            let wanted = [Plugin.Hook.helpers, .formats].contains(hook) ? "table" : "function"
            guard type == wanted else { throw problem("'\(key)' must be a \(wanted), not a \(type)") }
            hooks.insert(hook)
        }
        guard case .string(let declaredName)? = declared["name"] else {
            throw problem("the plugin has no name", hint: "add name = \"\(name)\" (its file name) to the table it returns")
        }
        guard declaredName == name else {
            throw problem("the plugin calls itself '\(declaredName)', but its file is \(name).lua",
                          hint: "a plugin's name is its file name: set name = \"\(name)\", or rename the file")
        }
        guard case .string(let version)? = declared["version"], !version.isEmpty else {
            throw problem("the plugin has no version", hint: "add version = \"1.0.0\": raise it when the plugin changes, so reports show which one made them")
        }
        let apiValue = declared["api"]
        guard let api = (try? LuaShape.number(apiValue, "api")).flatMap({ $0 }) else {
            throw problem("the plugin does not say which plugin API it needs",
                          hint: "add api = \(PluginAPI.version): the version of the plugin API this Koers provides")
        }
        guard api == Double(PluginAPI.version) else {
            throw problem("the plugin needs plugin API \(Self.formatted(api)), but this Koers provides API \(PluginAPI.version)",
                          hint: "update the plugin to API \(PluginAPI.version) (plugins/README.md), or use a Koers that provides API \(Self.formatted(api))")
        }
        var formats: [PluginFormat] = []
        for format in (try? LuaShape.list(declared["formats"], "formats") { item, _ throws(LuaShape.Mismatch) in try LuaShape.record(item, "format") }) ?? [] {
            let formatName = (try? LuaShape.text(format["name"], "name")).flatMap { $0 } ?? "?"
            guard formatName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }), !formatName.isEmpty else {
                throw problem("'\(formatName)' is not a format name", hint: "use letters, digits, - and _, such as \"monitoring\"")
            }
            guard case .string("table")? = format["type"] else {
                throw problem("formats.\(formatName) must be a table: { file = \"\(formatName).csv\", render = function(report) … end }")
            }
            guard case .string("function")? = format["render"] else {
                throw problem("formats.\(formatName).render must be a function that returns the file's text")
            }
            guard case .string(let file)? = format["file"], Self.isPlainFileName(file) else {
                throw problem("formats.\(formatName).file must be a plain file name such as \"\(formatName).csv\"",
                              hint: "no folders and no leading dot: the file is written in the report's output folder")
            }
            formats.append(PluginFormat(plugin: name, name: formatName, file: file))
        }
        return Plugin(name: name, file: file, version: version,
                      description: (try? LuaShape.text(declared["description"], "description")).flatMap { $0 },
                      hooks: hooks, formats: formats)
    }

    static func formatted(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\") && name.count <= 100
    }
}
