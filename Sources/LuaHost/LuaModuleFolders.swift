import FileAccess
import Foundation

/// The folders `require` may read modules from, e.g. a workspace's `rules/` and `plugins/`.
///
/// `require("lib.dates")` reads `lib/dates.lua`, or else `lib/dates/init.lua` (as Lua's
/// `?.lua;?/init.lua` path does), from the first folder that has either. Names are
/// checked in C (letters, digits, `_`, dots; no paths) and again here; a file that resolves
/// (through a symbolic link) to somewhere outside its folder is refused.
public struct LuaModuleFolders: Sendable {
    /// A folder on disk, and how chunk names show it (relative to the workspace, e.g. `rules`).
    public struct Folder: Sendable {
        public var url: URL
        public var displayName: String
        public init(url: URL, displayName: String) {
            self.url = url
            self.displayName = displayName
        }
    }

    public var folders: [Folder]
    /// Modules that may not be loaded, with the reason `require` gives (a switched-off plugin).
    public var refused: [String: String]
    public init(_ folders: [Folder], refused: [String: String] = [:]) {
        self.folders = folders
        self.refused = refused
    }

    public enum Failure: Error, CustomStringConvertible {
        case notFound(String, tried: [String])
        case outside(String, path: String)
        case invalidName(String)
        case refused(String, reason: String)
        /// The module's file is there but cannot be read: a dangling link, a FIFO, no permission.
        case unreadable(String, path: String, reason: String)
        public var description: String {
            switch self {
            case .notFound(let name, let tried):
                "require: module '\(name)' not found; looked for \(tried.joined(separator: ", "))"
            case .outside(let name, let path):
                "require: module '\(name)' (\(path)) resolves to a file outside its folder, which is not allowed"
            case .invalidName(let name):
                "require: '\(name)' is not a module name; use names such as 'helpers' or 'lib.dates'"
            case .refused(let name, let reason):
                "require: module '\(name)' \(reason)"
            case .unreadable(let name, let path, let reason):
                "require: module '\(name)' (\(path)) cannot be read: \(reason)"
            }
        }
    }

    /// What `package.path` says: the places searched, in order (`rules/?.lua;rules/?/init.lua;…`).
    public var searchPath: String {
        folders.flatMap { folder in
            let prefix = folder.displayName.isEmpty ? "" : folder.displayName + "/"
            return [prefix + "?.lua", prefix + "?/init.lua"]
        }.joined(separator: ";")
    }

    /// The module's source and chunk name (`rules/lib/dates.lua`).
    public func source(of name: String) -> Result<LuaScript, Failure> {
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !segments.isEmpty, segments.allSatisfy({ segment in
            guard let first = segment.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
            return segment.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        }) else { return .failure(.invalidName(name)) }
        if let reason = refused[name] { return .failure(.refused(name, reason: reason)) }
        let base = segments.joined(separator: "/")
        var tried: [String] = []
        for folder in folders {
            for relative in [base + ".lua", base + "/init.lua"] {
                let display = folder.displayName.isEmpty ? relative : folder.displayName + "/" + relative
                tried.append(display)
                let candidate = folder.url.appendingPathComponent(relative)
                let probe = FileProbe.probe(candidate.path)
                if probe == .missing || probe == .directory { continue }
                if let problem = probe.problem { return .failure(.unreadable(name, path: display, reason: problem.message)) }
                let root = folder.url.resolvingSymlinksInPath().standardizedFileURL.path
                let resolved = candidate.resolvingSymlinksInPath().standardizedFileURL.path
                guard resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
                    return .failure(.outside(name, path: display))
                }
                do {
                    guard let bytes = try RegularFile.read(resolved) else { continue }
                    return .success(LuaScript(chunkName: display, bytes: bytes))
                } catch {
                    return .failure(.unreadable(name, path: display, reason: error.message))
                }
            }
        }
        return .failure(.notFound(name, tried: tried))
    }
}
