import Foundation
import Mustache

/// The Mustache templates of the text formats: Koers' own, each replaceable by a file of the
/// same name in the workspace's `templates/` folder, so the programme team can change the
/// layout and wording without touching Swift.
public struct TemplateSet: Sendable {
    /// A template that cannot be read or parsed, with its file and line.
    public struct LoadError: Error, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var message: String
        public var description: String {
            "\(file)\(line.map { ":\($0)" } ?? ""): error: \(message)"
        }
    }

    /// The templates Koers ships, by name (`report.html`).
    public static let names = ["report.html", "school.html", "board.html", "route.html", "style.css", "report.md", "school.md", "board.md",
                                "route.md", "gaps.txt", "school.txt", "board.txt", "nonparty.txt"]

    /// Koers' own templates, in the module's resources.
    public static var builtInFolder: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Templates", isDirectory: true)
    }

    let library: MustacheLibrary
    /// Which file each template was read from, as shown to the user.
    public let origins: [String: String]

    /// Reads every template, from `overrides` (a workspace's `templates/`) where it has one.
    public init(overrides: URL?, overridesDisplayName: String = "templates") throws(LoadError) {
        var library = MustacheLibrary()
        var origins: [String: String] = [:]
        for name in Self.names {
            let file = name + ".mustache"
            var url = Self.builtInFolder.appendingPathComponent(file)
            var shown = "Koers' built-in \(file)"
            if let overrides, FileManager.default.fileExists(atPath: overrides.appendingPathComponent(file).path) {
                url = overrides.appendingPathComponent(file)
                shown = overridesDisplayName + "/" + file
            }
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw LoadError(file: shown, line: nil, message: "cannot read the template as UTF-8 text")
            }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw LoadError(file: shown, line: error.context.lineNumber,
                                message: "the template does not parse (\(error.error)) near: \(error.context.line.trimmingCharacters(in: .whitespaces))")
            } catch {
                throw LoadError(file: shown, line: nil, message: "the template does not parse (\(error))")
            }
            origins[name] = shown
        }
        self.library = library
        self.origins = origins
    }

    /// Renders `name` with `context`; partials (`{{> style.css}}`) come from the same set.
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
