import Dispatch
import Foundation

/// Pages that do not depend on each other (one per school, one per format) are rendered on
/// every processor; the files come out in the same order as when rendered one by one, so the
/// report stays byte-for-byte the same.
public enum ParallelPages {
    /// `render(0) … render(count - 1)`, in that order, computed in parallel. The first error
    /// (by index) is thrown.
    public static func map<T>(_ count: Int, _ render: @Sendable (Int) throws -> T) throws -> [T] {
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.set(index, Result { try render(index) })
        }
        return try slots.all.map { try $0.get() }
    }
}

/// Results filled in from several threads, each index once.
private final class Slots<T>: @unchecked Sendable {
    private var slots: [Result<T, any Error>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<T, any Error>) { lock.withLock { slots[index] = result } }
    var all: [Result<T, any Error>] { lock.withLock { slots.map { $0! } } }
}
