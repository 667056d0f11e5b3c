import CovenantModel
import Crypto
import Dispatch
import Foundation
import LuaHost

/// A fingerprint of one day's state exactly as scripts receive it: two days with the same
/// fingerprint give every plugin and rule the same `state`, so what they returned on one holds for
/// the other. For the trajectory's cache, which judges again only the days whose state changed.
///
/// Made from what the scripts are given, not from which files changed: the day's own tape (its
/// date, school year, covenant, waivers, routes and anything not picked) and, for every list picked
/// from ``EncodedRecords``, the digest of each picked record in the list's order. A record edited,
/// added, removed or moved therefore changes the fingerprint of exactly the days that see it.
/// Each record's digest is made once per run; each route version's once per fingerprinter.
///
/// Not thread-safe (it remembers route versions): give each worker its own.
public final class StateFingerprinter {
    private let digests: [String: [StateDigest]]
    /// The digest of each whole constant list (boards, schools, …), made when first needed.
    private var constantLists: [String: StateDigest] = [:]
    private var routeVersions: [EncodedState.RouteVersion: StateDigest] = [:]
    private var scratch: [UInt8] = []

    /// `nil` when `records` were made without their digests (`EncodedRecords(_:fingerprints:)`).
    public init?(records: EncodedRecords) {
        guard let digests = records.digests else { return nil }
        self.digests = digests
    }

    /// The fingerprint of `encoded`, which must have been encoded against this fingerprinter's
    /// records (or against none: then the whole state is in its tape).
    public func fingerprint(_ encoded: EncodedState) -> StateDigest {
        var hasher = SHA256()
        func update(_ text: String) {
            hasher.update(data: Array("\(text.utf8.count):\(text)".utf8))
        }
        scratch.removeAll(keepingCapacity: true)
        encoded.body.canonicalBytes(into: &scratch)
        update("body \(scratch.count)")
        hasher.update(data: scratch)
        guard let picks = encoded.picks else { return StateDigest(hasher.finalize()) }
        for field in picks.constants {
            update("all \(field)")
            hasher.update(data: constantList(field).bytes)
        }
        for (field, runs) in picks.dated {
            let list = digests[field] ?? []
            update("picked \(field) \(runs.reduce(0) { $0 + $1.count })")
            scratch.removeAll(keepingCapacity: true)
            for run in runs {
                for position in run { list[position - 1].append(to: &scratch) }
            }
            hasher.update(data: scratch)
        }
        if let versions = picks.routes {
            update("routes \(versions.count)")
            for (index, version) in versions.enumerated() {
                hasher.update(data: routeVersion(version, encoded.model.routes[index]).bytes)
            }
        }
        return StateDigest(hasher.finalize())
    }

    private func constantList(_ field: String) -> StateDigest {
        if let known = constantLists[field] { return known }
        var hasher = SHA256()
        var bytes: [UInt8] = []
        for digest in digests[field] ?? [] { digest.append(to: &bytes) }
        hasher.update(data: bytes)
        let digest = StateDigest(hasher.finalize())
        constantLists[field] = digest
        return digest
    }

    /// A route as known on a day: equal versions are equal records (``EncodedState/RouteVersion``).
    private func routeVersion(_ version: EncodedState.RouteVersion, _ state: RouteState) -> StateDigest {
        if let known = routeVersions[version] { return known }
        var tape = LuaTape()
        EncodedState.route(&tape, state)
        let digest = Self.digest(of: tape, scratch: &scratch)
        routeVersions[version] = digest
        return digest
    }

    /// The digest of each item of the list `tape` pushes, made on all processors.
    static func itemDigests(of tape: LuaTape) -> [StateDigest] {
        let ranges = tape.itemRanges()
        let digests = DigestSlots(count: ranges.count)
        let chunk = 4_096
        DispatchQueue.concurrentPerform(iterations: (ranges.count + chunk - 1) / chunk) { part in
            var scratch: [UInt8] = []
            for index in (part * chunk)..<min(ranges.count, (part + 1) * chunk) {
                scratch.removeAll(keepingCapacity: true)
                tape.canonicalBytes(of: ranges[index], into: &scratch)
                digests.set(index, StateDigest(SHA256.hash(data: scratch)))
            }
        }
        return digests.all
    }

    /// The SHA-256 of a tape's values (``LuaTape/canonicalBytes(into:)``); `scratch` is reused.
    static func digest(of tape: LuaTape, scratch: inout [UInt8]) -> StateDigest {
        scratch.removeAll(keepingCapacity: true)
        tape.canonicalBytes(into: &scratch)
        return StateDigest(SHA256.hash(data: scratch))
    }
}

/// A SHA-256 digest as four plain words: Crypto's own digest type is not `Sendable`, and a
/// national workspace has hundreds of thousands of records, each with one.
public struct StateDigest: Sendable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    init(_ digest: SHA256.Digest) {
        words = digest.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    /// The digest's 32 bytes, in the order SHA-256 gave them.
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        append(to: &bytes)
        return bytes
    }

    func append(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: words) { bytes.append(contentsOf: $0) }
    }
}

/// Digests written from several threads, each slot once.
private final class DigestSlots: @unchecked Sendable {
    private var slots: [StateDigest?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ digest: StateDigest) { lock.withLock { slots[index] = digest } }
    var all: [StateDigest] { lock.withLock { slots.map { $0! } } }
}
