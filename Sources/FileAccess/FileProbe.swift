#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What is at a path, looked at without following a link blindly and without opening it: a
/// workspace file that is a dangling link, a loop of links, a folder, a FIFO or a device must be
/// named as such (reading a FIFO would hang, `/dev/zero` would never end), not taken as missing.
public enum FileProbe: Equatable, Sendable {
    case regularFile(size: Int)
    case missing
    /// A symbolic link whose target does not exist.
    case danglingLink(target: String)
    /// A chain of symbolic links that comes back to itself.
    case linkLoop
    case directory
    /// A FIFO, socket or device: something that is not a file's contents.
    case special
    /// The path cannot be looked at (a folder on the way that may not be entered).
    case inaccessible(reason: String)

    /// What is at `path` now.
    public static func probe(_ path: String) -> FileProbe {
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .regularFile(size: Int(info.st_size))
            case S_IFDIR: return .directory
            default: return .special
            }
        }
        let error = errno
        if error == ELOOP { return .linkLoop }
        if error == ENOENT || error == ENOTDIR {
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                return .danglingLink(target: target)
            }
            return .missing
        }
        return .inaccessible(reason: String(cString: strerror(error)))
    }

    /// For anything but a regular file or a missing one: what to say, and how to fix it.
    public var problem: (message: String, hint: String)? {
        switch self {
        case .regularFile, .missing: nil
        case .danglingLink(let target):
            ("the file is a link to '\(target)', which does not exist", "restore the file the link points to, or replace the link with the file itself")
        case .linkLoop:
            ("the file is a link that leads back to itself (a loop of links)", "replace the link with the file itself")
        case .directory:
            ("this is a folder, not a file", "put the file itself here")
        case .special:
            ("this is not a file but a device, pipe or socket", "put a regular file here, saved by Excel or an editor")
        case .inaccessible(let reason):
            ("the file cannot be looked at: \(reason)", "check that you may read the workspace folder and this file")
        }
    }
}

/// Reads a file only when it is a regular file, so that a FIFO, a device or a link loop is an
/// error with its reason instead of a hang, an endless read or a misleading "not found".
public enum RegularFile {
    public struct Refusal: Error, Sendable {
        public let probe: FileProbe
        public let message: String
        public let hint: String
    }

    /// The bytes of the regular file at `path`; `nil` when nothing is there.
    public static func read(_ path: String) throws(Refusal) -> [UInt8]? {
        let probe = FileProbe.probe(path)
        if let problem = probe.problem { throw Refusal(probe: probe, message: problem.message, hint: problem.hint) }
        guard case .regularFile = probe else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) == 0 ? "it could not be read" : "permission denied"
            throw Refusal(probe: probe, message: "the file cannot be read: \(reason)", hint: "check that you may read this file")
        }
        return Array(data)
    }
}
