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
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                let target = staging.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents).write(to: target)
            }
        } catch {
            throw Failure(description: "cannot write the report in \(url.path): \(error.localizedDescription)")
        }
        let extra = try finish(staging)
        let written = files.map(\.path) + extra
        for path in written {
            let destination = url.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw Failure(description: "cannot create \(destination.deletingLastPathComponent().path): \(error.localizedDescription)")
            }
            guard rename(staging.appendingPathComponent(path).path, destination.path) == 0 else {
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
}
