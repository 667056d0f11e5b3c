import CovenantModel
import Foundation
import Testing
import WorkspaceLoader

/// Paths to the workspaces the tests use, and a scratch folder to assemble variants in.
enum WorkspaceFixtures {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let workspaces = testsFolder.appendingPathComponent("Workspaces")
    /// A small valid workspace that each broken workspace changes.
    static let minimal = workspaces.appendingPathComponent("minimal")
    static let broken = workspaces.appendingPathComponent("broken")
    /// The repository root: the default, Amsterdam workspace.
    static let amsterdam = testsFolder.deletingLastPathComponent().deletingLastPathComponent()

    /// The names of the broken workspaces, each a folder under `broken/`.
    static var brokenCases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: broken.path)) ?? []).sorted()
    }

    static func day(_ text: String) -> Day {
        try! DateText.day(from: text)
    }

    /// The loaded workspace, failing the test with the diagnostics when it does not load.
    static func load(_ folder: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Workspace {
        let result = WorkspaceLoader.load(from: folder)
        let workspace = try #require(result.workspace, "\(result.diagnostics.map(\.description).joined(separator: "\n"))",
                                     sourceLocation: sourceLocation)
        return workspace
    }
}

/// A copy of the minimal workspace with some files replaced or removed; deleted afterwards.
final class AssembledWorkspace {
    let url: URL

    init(overlay: URL? = nil, files: [String: Data] = [:]) throws {
        let manager = FileManager.default
        url = manager.temporaryDirectory.appendingPathComponent("koers-workspace-\(UUID().uuidString)")
        try manager.copyItem(at: WorkspaceFixtures.minimal, to: url)
        if let overlay {
            let enumerator = manager.enumerator(at: overlay, includingPropertiesForKeys: [.isRegularFileKey])!
            for case let file as URL in enumerator where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                let relative = String(file.standardizedFileURL.path.dropFirst(overlay.standardizedFileURL.path.count + 1))
                switch relative {
                case "expected.txt": continue
                case "removed-files.txt":
                    for name in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                        try manager.removeItem(at: url.appendingPathComponent(String(name)))
                    }
                default:
                    let target = url.appendingPathComponent(relative)
                    try? manager.removeItem(at: target)
                    try manager.copyItem(at: file, to: target)
                }
            }
        }
        for (name, data) in files {
            try data.write(to: url.appendingPathComponent(name))
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
