#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One writer at a time per state file: within this process a queue per file, and among
/// processes (several `koers serve` on one workspace) an exclusive `flock` on a lock file. An
/// approval reads the file, adds its row and writes it back under the lock, so that two
/// approvals at once can neither lose nor duplicate a row.
actor FileLock {
    static let shared = FileLock()

    private var held: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` holding the lock named by `lockFile` (created when missing).
    func holding<T: Sendable>(_ lockFile: String, _ body: @Sendable () async throws -> T) async throws -> T {
        await enter(lockFile)
        defer { leave(lockFile) }
        let descriptor = open(lockFile, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw LockFailure(path: lockFile, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }  // closing lets go of the flock
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw LockFailure(path: lockFile, reason: String(cString: strerror(errno))) }
        }
        return try await body()
    }

    private func enter(_ name: String) async {
        if held.contains(name) {
            await withCheckedContinuation { waiting[name, default: []].append($0) }
        } else {
            held.insert(name)
        }
    }

    /// Hands the lock to the next waiter, or frees it.
    private func leave(_ name: String) {
        if var queue = waiting[name], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[name] = queue
            next.resume()
        } else {
            held.remove(name)
        }
    }

    struct LockFailure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot lock \(path): \(reason)" }
    }
}
