#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file's contents all at once: the new bytes go to a temporary file in the same
/// folder, which is flushed to disk and then renamed over the old one, and the folder is flushed
/// too. A crash at any moment leaves the old file or the new one, never a mix or a half.
public enum AtomicFile {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    static let temporarySuffix = ".tmp"

    /// The temporary files a replacement of `path` left behind when its process was killed in
    /// the middle: to remove while holding the lock that writers of `path` hold.
    public static func leftovers(of path: String) -> [String] {
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let directory = opendir(folder.isEmpty ? "." : folder) else { return [] }
        defer { closedir(directory) }
        var found: [String] = []
        while let entry = readdir(directory) {
            let file = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if file.hasPrefix(".\(name).koers-") && file.hasSuffix(temporarySuffix) { found.append((folder.isEmpty ? "" : folder + "/") + file) }
        }
        return found.sorted()
    }

    /// Makes `path` hold `bytes`, creating it when it does not exist.
    public static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).koers-\(getpid())-\(UInt64.random(in: 0 ... .max))\(temporarySuffix)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return "cannot write \(temporary): \(String(cString: strerror(errno)))"
                }
                written += result
            }
            return fsync(descriptor) == 0 ? nil : "cannot flush \(temporary): \(String(cString: strerror(errno)))"
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw Failure(description: failure)
        }
        // Keep the old file's permissions: a file the programme team made read-only for the group stays so.
        var status = stat()
        if stat(path, &status) == 0 { chmod(temporary, status.st_mode & 0o7777) }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot replace \(path): \(reason)")
        }
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}
