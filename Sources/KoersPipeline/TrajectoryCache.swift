import CovenantModel
import Crypto
import Foundation
import LuaHost
import RuleEngine
import TargetJudgement
import WorkspaceLoader

/// What the earlier days of a report's trajectory gave, kept in the workspace
/// (`.koers/trajectory/`), so that a report made again judges only the days whose state changed:
/// after a correction in last month's data, the two or three days since then instead of every
/// month since the baseline.
///
/// A day's entry is named by a fingerprint of everything its judgements depend on: the day's
/// state exactly as the scripts receive it (``StateFingerprinter``), and ``inputs`` — Koers itself
/// (its version and this very executable), its Lua library, `covenant.yaml`, every file under
/// `rules/` and `plugins/` and each target's rule file, the language and the sandbox's limits.
/// Change any of them and the day is judged anew; a test compares reports made with and without
/// the cache, byte for byte, after edits of every kind.
///
/// Only what a trajectory reads is kept: each target's status and value. A day on which a rule or
/// a plugin failed is not kept (a time limit may not fail the next time). Entries are written whole (a
/// temporary file renamed into place) and read only when complete; one that cannot be read or
/// written is simply judged again: the cache can make a report faster, never different.
struct TrajectoryCache: Sendable {
    let folder: URL
    /// The digest of everything besides the day's state that decides its judgements.
    let inputs: [UInt8]
    /// What ``inputs`` is made from, kept to make it again at the end of the run.
    private let sources: Inputs
    /// The entries this run wrote.
    private let written = WrittenEntries()

    /// At most this many entries are kept; past it the oldest go (a national report has 53 days).
    static let capacity = 2_000
    fileprivate static let header = "koers trajectory day 1"

    init(workspace: URL, covenant: Covenant, language: Language, limits: LuaLimits) {
        folder = workspace.appendingPathComponent(".koers/trajectory", isDirectory: true)
        sources = Inputs(workspace: workspace, ruleFiles: covenant.targets.map(\.rule), language: language, limits: limits)
        inputs = sources.digest()
    }

    /// What ``inputs`` is made from: the files, the language and the limits.
    private struct Inputs: Sendable {
        let workspace: URL
        let ruleFiles: [String]
        let language: Language
        let limits: LuaLimits

        func digest() -> [UInt8] {
            var hasher = SHA256()
            func update(_ text: String) { hasher.update(data: Array("\(text.utf8.count):\(text)".utf8)) }
            update(TrajectoryCache.header)
            update(KoersVersion.number)
            update(TrajectoryCache.executableIdentity())
            let library = RuleRunner.libraryFolder.standardizedFileURL
            let libraryRoot = library.deletingLastPathComponent()
            update(WorkspaceFingerprint.hash(files: WorkspaceFingerprint.files(under: library.lastPathComponent, in: libraryRoot, suffix: nil),
                                             in: libraryRoot))
            let scripts = WorkspaceFingerprint.files(under: "rules", in: workspace, suffix: nil)
                + WorkspaceFingerprint.files(under: "plugins", in: workspace, suffix: nil)
            let ruleFiles = Set(ruleFiles).subtracting(scripts).sorted()
            update(WorkspaceFingerprint.hash(files: ["covenant.yaml"] + scripts + ruleFiles, in: workspace))
            update(language.rawValue)
            update(String(describing: limits))
            return Array(hasher.finalize())
        }
    }

    /// Takes back the entries this run wrote when covenant.yaml, a rule, a plugin or Koers' library
    /// changed while it ran: a script read after the change was judged under the fingerprint of
    /// before it.
    func withdrawIfInputsChanged() {
        guard sources.digest() != inputs else { return }
        for key in written.all { try? FileManager.default.removeItem(at: folder.appendingPathComponent(key)) }
    }

    /// The name of the entry for a day whose state has fingerprint `state`.
    func key(for state: StateDigest) -> String {
        var hasher = SHA256()
        hasher.update(data: inputs)
        hasher.update(data: state.bytes)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The judgements of `targets` (in that order) kept under `key`; `nil` when there is no
    /// complete entry holding all of them.
    func read(_ key: String, targets: [String]) -> [TargetJudgement]? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(key)) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[0] == Self.header, lines[lines.count - 1].isEmpty,
              lines[lines.count - 2] == "end \(lines.count - 3)" else { return nil }
        var kept: [Substring: TargetJudgement] = [:]
        for line in lines[1..<(lines.count - 2)] {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, let status = TargetStatus(rawValue: String(fields[1])) else { return nil }
            var value: Double?
            if !fields[2].isEmpty {
                guard let bits = UInt64(fields[2], radix: 16) else { return nil }
                value = Double(bitPattern: bits)
            }
            kept[fields[0]] = TargetJudgement(targetID: String(fields[0]), status: status, value: value)
        }
        var judgements: [TargetJudgement] = []
        for target in targets {
            guard let judgement = kept[Substring(target)] else { return nil }
            judgements.append(judgement)
        }
        return judgements
    }

    /// Keeps the status and value of `judgements` under `key`, unless one of them failed.
    func write(_ key: String, _ judgements: [TargetJudgement]) {
        guard judgements.allSatisfy({ $0.status != .error && !$0.targetID.contains(where: { $0 == "\t" || $0 == "\n" }) }) else { return }
        var text = Self.header + "\n"
        for judgement in judgements {
            text += "\(judgement.targetID)\t\(judgement.status.rawValue)\t\(judgement.value.map { String($0.bitPattern, radix: 16) } ?? "")\n"
        }
        text += "end \(judgements.count)\n"
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if (try? Data(text.utf8).write(to: folder.appendingPathComponent(key), options: .atomic)) != nil { written.add(key) }
    }

    /// Removes the oldest entries when there are more than ``capacity``, down to half of it.
    func prune() {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path), names.count > Self.capacity else { return }
        let dated = names.map { name in
            let url = folder.appendingPathComponent(name)
            return (url, (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast)
        }
        for (url, _) in dated.sorted(by: { $0.1 < $1.1 }).prefix(names.count - Self.capacity / 2) {
            try? manager.removeItem(at: url)
        }
    }

    /// This executable's path, size and modification time: a rebuilt Koers may encode the state
    /// or read results differently without a new version number.
    fileprivate static func executableIdentity() -> String {
        let path = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let executable = FileManager.default.fileExists(atPath: path) ? path : (Bundle.main.executablePath ?? CommandLine.arguments[0])
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: executable) else { return executable }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(executable) \(size) \(modified)"
    }
}

/// Entry names written from several threads.
private final class WrittenEntries: @unchecked Sendable {
    private var keys: [String] = []
    private let lock = NSLock()
    func add(_ key: String) { lock.withLock { keys.append(key) } }
    var all: [String] { lock.withLock { keys } }
}
