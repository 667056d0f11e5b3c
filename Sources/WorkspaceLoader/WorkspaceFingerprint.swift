import Crypto
import Foundation

/// SHA-256 fingerprints of what a report was made from: the data (`covenant.yaml` and
/// `state/`), the rules (`rules/*.lua`) and the plugins (`plugins/*.lua`). Two reports with the
/// same fingerprints and evaluation date were made from the same inputs.
public struct WorkspaceFingerprint: Sendable, Equatable {
    public var data: String
    public var rules: String
    public var plugins: String

    public init(workspace: URL) {
        data = Self.hash(files: ["covenant.yaml"] + Self.files(under: "state", in: workspace, suffix: nil), in: workspace)
        rules = Self.hash(files: Self.files(under: "rules", in: workspace, suffix: ".lua"), in: workspace)
        plugins = Self.hash(files: Self.files(under: "plugins", in: workspace, suffix: ".lua"), in: workspace)
    }

    /// The relative paths of the files under `folder`, sorted, so that the order of the file
    /// system does not change the hash.
    public static func files(under folder: String, in workspace: URL, suffix: String?) -> [String] {
        let root = workspace.appendingPathComponent(folder, isDirectory: true)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var paths: [String] = []
        let prefix = root.standardizedFileURL.resolvingSymlinksInPath().path + "/"
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(prefix) else { continue }
            let relative = folder + "/" + path.dropFirst(prefix.count)
            if let suffix, !relative.hasSuffix(suffix) { continue }
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            paths.append(relative)
        }
        return paths.sorted()
    }

    /// Each file contributes its path and its bytes, so that a renamed file changes the hash too.
    /// A file that cannot be read contributes its path and the word `unreadable`.
    public static func hash(files: [String], in workspace: URL) -> String {
        var hasher = SHA256()
        for path in files {
            hasher.update(data: Data((path + "\u{0}").utf8))
            let contents = (try? Data(contentsOf: workspace.appendingPathComponent(path))) ?? Data("unreadable".utf8)
            hasher.update(data: Data("\(contents.count)\u{0}".utf8))
            hasher.update(data: contents)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
