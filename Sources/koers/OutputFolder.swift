import FileAccess
import Foundation
import ReportRenderers

/// Writes a report as one folder that holds exactly that report, replaced whole.
///
/// The new report is built in a hidden folder beside the output folder, and then swapped with it
/// in one step (``FolderSwap``): the folder holds the old report or the new one, never a mix, not
/// even after a crash or a kill at any moment, and no file of an earlier report (another
/// language, date or format, a school that is gone, a plugin's file) is left beside the new one.
///
/// Koers only replaces a folder it made: one that does not exist yet, an empty one, or one that
/// holds its manifest (`koers-manifest.json`, written with every report). Anything else is refused
/// with the reason, so that `--out` at a folder of someone's files (or `/`) deletes nothing.
/// Nothing inside an old report is opened or followed: the folder is replaced as a whole, so a
/// symbolic link inside it cannot lead a write elsewhere.
struct OutputFolder {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What a report folder holds, written into it as `koers-manifest.json`: how Koers knows the
    /// folder is its own, and what a reader can check (date, language, formats, files).
    struct Manifest: Codable, Equatable {
        var koers: String
        var asOf: String
        var language: String
        var formats: [String]
        var files: [String]

        enum CodingKeys: String, CodingKey {
            case koers, asOf = "as_of", language, formats, files
        }
    }

    static let manifestName = "koers-manifest.json"

    let url: URL
    private var path: String { url.path }
    private var parent: String { url.deletingLastPathComponent().path }
    /// Hidden folders beside the output folder that Koers builds in: `.report.koers-1234`.
    private var stagingPrefix: String { "." + url.lastPathComponent + ".koers-" }

    /// Checks that `--out` may receive a report, before anything is rendered, and removes the
    /// build folders a crashed run left beside it.
    func prepare() throws(Failure) {
        let name = url.lastPathComponent
        guard !name.isEmpty, name != "/", path != "/" else {
            throw Failure(description: "--out \(path) is the root of the file system; choose a new folder for the report, such as --out rapport")
        }
        var link = stat()
        if lstat(path, &link) == 0 {
            switch link.st_mode & S_IFMT {
            case S_IFLNK:
                if case .danglingLink(let target) = FileProbe.probe(path) {
                    throw Failure(description: "--out \(path) is a link to '\(target)', which does not exist; give the folder itself, or a new folder")
                }
                throw Failure(description: "--out \(path) is a symbolic link; give the folder itself (Koers does not write through links)")
            case S_IFDIR:
                try checkOwnFolder()
            default:
                throw Failure(description: "\(path) is a file, not a folder; choose another --out")
            }
        } else {
            var info = stat()
            guard stat(parent, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw Failure(description: "the folder \(parent) does not exist; create it first, or choose another --out")
            }
        }
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where leftover.hasPrefix(stagingPrefix) {
            try? FileManager.default.removeItem(atPath: parent + "/" + leftover)
        }
    }

    /// An existing folder must be empty or hold a report Koers wrote.
    private func checkOwnFolder() throws(Failure) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        guard !names.isEmpty else { return }
        let manifestPath = path + "/" + Self.manifestName
        if case .regularFile = FileProbe.probe(manifestPath), lstatIsFile(manifestPath),
           let data = FileManager.default.contents(atPath: manifestPath), (try? JSONDecoder().decode(Manifest.self, from: data)) != nil {
            return
        }
        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", … (\(names.count) in all)" : "")
        throw Failure(description: """
            \(path) holds files that are not a Koers report (\(shown)); nothing was written or deleted.
              hint: Koers writes a report into a new folder, an empty one, or one holding an earlier report \
            (with \(Self.manifestName)). Choose another --out, such as --out rapport, or empty the folder first.
            """)
    }

    private func lstatIsFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// Writes `files` into a new folder beside the output folder, lets `finish` add to it (the
    /// PDF, printed from the staged HTML), writes the manifest, and swaps the new folder with the
    /// old one (or moves it into place); the old report is then removed.
    func write(_ files: [RenderedFile], manifest: Manifest, finish: (URL) throws -> [String]) throws {
        let staging = parent + "/" + stagingPrefix + String(ProcessInfo.processInfo.processIdentifier)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try? FileManager.default.removeItem(atPath: staging)
        var folders = Set<String>()
        do {
            try makeFolder(staging, known: &folders)
            for file in files {
                try write(file.contents, to: staging + "/" + file.path, folders: &folders)
            }
        } catch {
            throw Failure(description: "cannot write the report beside \(path): \(error.description)")
        }
        let extra = try finish(URL(fileURLWithPath: staging, isDirectory: true))
        var complete = manifest
        complete.files = (files.map(\.path) + extra + [Self.manifestName]).sorted()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try write(Array(try encoder.encode(complete)) + [0x0A], to: staging + "/" + Self.manifestName, folders: &folders)
        } catch let failure as Failure {
            throw Failure(description: "cannot write \(Self.manifestName): \(failure.description)")
        }
        // Every file is on disk before the report appears under its name.
        sync()
        var exists = stat()
        if lstat(path, &exists) != 0 {
            guard rename(staging, path) == 0 else {
                throw Failure(description: "cannot move the report into \(path): \(String(cString: strerror(errno)))")
            }
        } else {
            do { try FolderSwap.exchange(staging, with: path) } catch {
                throw Failure(description: error.description)
            }
            // `staging` now holds the old report; the deferred removal deletes it.
        }
    }

    // Plain system calls: a report is a hundred files (thousands at national scale), and
    // Foundation's file manager spent more time checking folders than writing them.

    /// Writes `bytes` to a new file at `path`, making its folder first when it is not yet known.
    private func write(_ bytes: [UInt8], to path: String, folders: inout Set<String>) throws(Failure) {
        try makeFolder(parent(of: path), known: &folders)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
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
