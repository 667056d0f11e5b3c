import Foundation
import ReportRenderers

/// Writes a report's files into one folder so that no reader ever sees half a file: everything
/// is first written to a hidden staging folder inside the output folder, then each file is moved
/// into place with `rename`, which replaces the old file in one step. Nothing outside the output
/// folder is touched. A staging folder left by a crash is removed by the next run.
struct OutputFolder {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let url: URL
    static let stagingPrefix = ".koers-staging-"

    /// Creates the folder (not its parents: a mistyped parent should not be made silently).
    func prepare() throws(Failure) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw Failure(description: "\(url.path) is a file, not a folder; choose another --out") }
        } else {
            let parent = url.deletingLastPathComponent()
            guard FileManager.default.fileExists(atPath: parent.path) else {
                throw Failure(description: "the folder \(parent.path) does not exist; create it first, or choose another --out")
            }
            do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false) } catch {
                throw Failure(description: "cannot create \(url.path): \(error.localizedDescription)")
            }
        }
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] where leftover.hasPrefix(Self.stagingPrefix) {
            try? FileManager.default.removeItem(at: url.appendingPathComponent(leftover))
        }
    }

    /// Writes `files` to a staging folder, lets `finish` add to it (the PDF, printed from the
    /// staged HTML), then moves every file into place. `removeStale` lists the subfolders and
    /// extensions Koers owns, whose files not written this time are left over from an earlier
    /// report (a school that is gone) and are removed.
    func write(_ files: [RenderedFile], removeStale: [(folder: String, extension: String)],
               finish: (URL) throws -> [String]) throws {
        let staging = url.appendingPathComponent(Self.stagingPrefix + String(ProcessInfo.processInfo.processIdentifier))
        defer { try? FileManager.default.removeItem(at: staging) }
        do {
            var folders = Set<String>()
            try makeFolder(staging.path, known: &folders)
            for file in files {
                try write(file.contents, to: staging.path + "/" + file.path, folders: &folders)
            }
        } catch {
            throw Failure(description: "cannot write the report in \(url.path): \(error.description)")
        }
        let extra = try finish(staging)
        let written = files.map(\.path) + extra
        var folders = Set<String>()
        for path in written {
            let destination = url.path + "/" + path
            do { try makeFolder(parent(of: destination), known: &folders) } catch {
                throw Failure(description: "cannot create \(parent(of: destination)): \(error.description)")
            }
            guard rename(staging.path + "/" + path, destination) == 0 else {
                throw Failure(description: "cannot move \(path) into \(url.path): \(String(cString: strerror(errno)))")
            }
        }
        let keep = Set(written)
        for (folder, ext) in removeStale {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.appendingPathComponent(folder).path)) ?? []
            for name in names where name.hasSuffix("." + ext) && !keep.contains(folder + "/" + name) {
                try? FileManager.default.removeItem(at: url.appendingPathComponent(folder).appendingPathComponent(name))
            }
        }
    }

    // Plain system calls: a report is a hundred files (thousands at national scale), and
    // Foundation's file manager spent more time checking folders than writing them.

    /// Writes `bytes` to a new file at `path`, making its folder first when it is not yet known.
    private func write(_ bytes: [UInt8], to path: String, folders: inout Set<String>) throws(Failure) {
        try makeFolder(parent(of: path), known: &folders)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw Failure(description: "\(path): \(String(cString: strerror(errno)))") }
            written += result
        }
    }

    /// Makes `path` and its missing parents, each once per call site's `known`.
    private func makeFolder(_ path: String, known: inout Set<String>) throws(Failure) {
        guard !path.isEmpty, !known.contains(path) else { return }
        if mkdir(path, 0o755) != 0 {
            if errno == ENOENT {
                try makeFolder(parent(of: path), known: &known)
                guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                    throw Failure(description: "\(path): \(String(cString: strerror(errno)))")
                }
            } else if errno != EEXIST {
                throw Failure(description: "\(path): \(String(cString: strerror(errno)))")
            }
        }
        known.insert(path)
    }

    private func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
