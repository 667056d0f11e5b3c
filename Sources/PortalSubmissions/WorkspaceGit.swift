import Foundation

/// Commits an approved change to the workspace's git repository, with the reviewer as author,
/// when covenant.yaml asks for it (`portal: {commit_approvals: true}`): the history of the data
/// then says who approved what, next to the audit log.
enum WorkspaceGit {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether `folder` lies in a git work tree (and git is installed).
    static func isRepository(_ folder: URL) -> Bool {
        (try? run(["rev-parse", "--is-inside-work-tree"], in: folder).trimmingCharacters(in: .whitespacesAndNewlines)) == "true"
    }

    /// Commits `file` (relative to `folder`) alone, whatever else is staged.
    static func commit(_ file: String, in folder: URL, author: String, message: String) throws {
        _ = try run(["add", "--", file], in: folder)
        // The committer is Koers (a server may have no git identity); the author is the reviewer.
        _ = try run(["-c", "user.name=Koers", "-c", "user.email=koers@localhost", "commit", "--quiet", "--author", "\(author) <\(author)>",
                     "-m", message, "--", file], in: folder)
    }

    private static func run(_ arguments: [String], in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder.path] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "git \(arguments.first ?? ""): " + String(decoding: problem, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: text, as: UTF8.self)
    }
}
