#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces one folder by another in a single step, so that a reader (or a crash) sees the old
/// folder or the new one, never a mix.
///
/// On Linux this is `renameat2(…, RENAME_EXCHANGE)`, which swaps two paths atomically; the old
/// folder then stands where the new one was and can be removed at leisure. Where that call is
/// missing (another system, an old kernel, a file system without it) the fallback moves the old
/// folder aside and the new one into place: two renames, each atomic, with a moment in between in
/// which the path does not exist, but never one in which it holds a mix.
public enum FolderSwap {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// `renameat2` looked up once: Swift's Glibc module does not declare it (it needs _GNU_SOURCE).
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameAt2: RenameAt2? = {
        #if os(Linux)
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
        #else
        return nil
        #endif
    }()
    /// `RENAME_EXCHANGE` from <linux/fs.h>.
    private static let exchangeFlag: UInt32 = 2

    /// Puts the folder `replacement` at `target`, which holds an older folder. Afterwards
    /// `replacement` holds the old folder (to be removed by the caller).
    public static func exchange(_ replacement: String, with target: String) throws(Failure) {
        if let renameAt2 {
            if renameAt2(AT_FDCWD, replacement, AT_FDCWD, target, exchangeFlag) == 0 { return }
            // Not supported here: fall back. Any other error is real.
            guard errno == EINVAL || errno == ENOSYS || errno == ENOTSUP else {
                throw Failure(description: "cannot swap \(replacement) and \(target): \(String(cString: strerror(errno)))")
            }
        }
        let aside = replacement + ".old"
        guard rename(target, aside) == 0 else {
            throw Failure(description: "cannot move \(target) aside: \(String(cString: strerror(errno)))")
        }
        guard rename(replacement, target) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(aside, target)
            throw Failure(description: "cannot move the new folder to \(target): \(reason)")
        }
        guard rename(aside, replacement) == 0 else {
            throw Failure(description: "cannot move the old folder to \(replacement): \(String(cString: strerror(errno)))")
        }
    }
}
