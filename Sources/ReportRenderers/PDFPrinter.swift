#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// Prints the HTML report to PDF with a headless Chromium, which lays out the same CSS print
/// style a reader gets from "Print" in the browser (A4, summary on the first page).
public struct PDFPrinter: Sendable {
    /// Why no PDF was made.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The browser's executable.
    public let browser: URL

    /// The first Chromium found: `$KOERS_CHROMIUM`, else `chromium`, `chromium-browser`,
    /// `google-chrome` or `google-chrome-stable` on `PATH`. `nil` when none is installed.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> PDFPrinter? {
        if let given = environment["KOERS_CHROMIUM"], !given.isEmpty {
            return FileManager.default.isExecutableFile(atPath: given) ? PDFPrinter(browser: URL(fileURLWithPath: given)) : nil
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return PDFPrinter(browser: URL(fileURLWithPath: folder + "/" + name))
            }
        }
        return nil
    }

    /// How to get a browser, for the message when there is none.
    public static let installHint = "install Chromium (Debian: apt-get install -y chromium; scripts/ensure-dependencies.sh does it), or set KOERS_CHROMIUM to a Chrome or Chromium executable"

    public init(browser: URL) { self.browser = browser }

    /// The process group of the browser printing now (0 when none): a signal handler of the
    /// command kills it, so that no browser outlives an interrupted Koers.
    public static let runningGroup = Atomic<Int32>(0)

    /// How long the browser may take to print before it is stopped: 120 seconds, or
    /// `KOERS_PRINT_TIMEOUT` seconds.
    public static var timeout: Duration {
        let given = ProcessInfo.processInfo.environment["KOERS_PRINT_TIMEOUT"].flatMap { Int($0) }
        return .seconds(given.map { max(1, min($0, 3600)) } ?? 120)
    }

    /// Prints `html` to `pdf`. The browser's profile lives in `scratch`, which the caller
    /// removes; its temporary files in a folder under /tmp that is removed after printing. The browser runs
    /// in a process group of its own, is killed with all its helpers when it takes longer than
    /// ``timeout``, and (through `setpriv --pdeathsig`) when Koers itself is killed. The PDF's
    /// creation dates are set to `day` (`YYYYMMDD`), so the same report prints to the same bytes.
    public func print(html: URL, to pdf: URL, scratch: URL, day: String) throws(Failure) {
        let arguments = [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--allow-file-access-from-files",
            "--user-data-dir=\(scratch.path)", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", html.absoluteString,
        ]
        var environment = ProcessInfo.processInfo.environment
        for key in ["HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"] { environment[key] = scratch.path }
        // The browser's temporary files (its singleton socket among them, whose path may not be
        // longer than 107 bytes) go to a short folder of their own, removed after printing. Its
        // name carries Koers's process id, so the folder of a Koers that was killed outright
        // (SIGKILL: no cleanup can run) is recognised and removed by the next print.
        Self.removeAbandonedTemporaryFolders(in: "/tmp")
        var template = Array("/tmp/\(Self.temporaryPrefix)\(getpid())-XXXXXX".utf8CString)
        guard let madeTemporary = mkdtemp(&template) else {
            throw Failure(description: "cannot make a temporary folder for the browser: \(String(cString: strerror(errno)))")
        }
        let temporary = String(cString: madeTemporary)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        environment["TMPDIR"] = temporary
        let errorsFile = scratch.appendingPathComponent("browser-errors.txt").path
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot make the browser's folder \(scratch.path): \(error.localizedDescription)")
        }
        FileManager.default.createFile(atPath: errorsFile, contents: nil)
        let (status, timedOut) = try run(arguments: arguments, environment: environment, errorsTo: errorsFile)
        let output = FileManager.default.contents(atPath: errorsFile) ?? Data()
        guard !timedOut else {
            throw Failure(description: "\(browser.lastPathComponent) did not finish printing within \(Self.timeout.components.seconds) seconds; it was stopped")
        }
        guard status == 0, var bytes = FileManager.default.contents(atPath: pdf.path), bytes.starts(with: Array("%PDF".utf8)) else {
            let said = String(decoding: output, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: "\n")
            throw Failure(description: "\(browser.lastPathComponent) did not print the report (exit \(status))" + (said.isEmpty ? "" : ":\n\(said)"))
        }
        Self.fixDates(in: &bytes, day: day)
        Self.renumberNodeIDs(in: &bytes)
        do { try bytes.write(to: pdf) } catch { throw Failure(description: "cannot write \(pdf.path): \(error.localizedDescription)") }
    }

    /// Starts the browser in a process group of its own (killed with `kill(-group)`), waits for
    /// it at most ``timeout``, and returns its exit status and whether it was stopped.
    private func run(arguments: [String], environment: [String: String], errorsTo errorsFile: String) throws(Failure) -> (Int32, Bool) {
        // setpriv (util-linux, on every Debian machine) makes the kernel kill the browser when
        // Koers dies, even by SIGKILL, which no handler of Koers can catch.
        let setpriv = "/usr/bin/setpriv"
        let wrapped = FileManager.default.isExecutableFile(atPath: setpriv)
        let command = wrapped ? [setpriv, "--pdeathsig", "KILL", "--", browser.path] + arguments : [browser.path] + arguments
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, no blocked signals, and default handling of every signal, so
        // that a kill of the group reaches the browser and all its helpers.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorsFile, O_WRONLY | O_TRUNC, 0)
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw Failure(description: "cannot start \(browser.path): \(String(cString: strerror(spawned)))")
        }
        Self.runningGroup.store(pid, ordering: .sequentiallyConsistent)
        defer { Self.runningGroup.store(0, ordering: .sequentiallyConsistent) }
        let timeout = Self.timeout
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { break }
            if ContinuousClock.now > deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return (-1, true)
            }
            usleep(20_000)
        }
        // The browser's helpers share its group: none may outlive the print.
        kill(-pid, SIGKILL)
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), false)
    }

    /// The start of the browser's temporary folder's name, followed by Koers's process id.
    static let temporaryPrefix = "koers-print-"

    /// Removes the temporary folders under `parent` that a print left when its Koers was killed:
    /// named `koers-print-<pid>-…`, owned by this user, and no process `pid` runs any more.
    public static func removeAbandonedTemporaryFolders(in parent: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) {
            let rest = name.dropFirst(temporaryPrefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            var status = stat()
            let path = parent + "/" + name
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == getuid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Chromium tags the PDF for screen readers and names each table cell's structure element
    /// after its DOM node (`/ID (node00000022)`); on a loaded machine that numbering can differ
    /// between two prints of the same page (seen in 2 of 60), while nothing else does. The ids
    /// are renumbered in the order their elements appear, every reference to them follows, and
    /// the `/IDTree`'s name array, which must stay sorted, is sorted again with its limits. Every
    /// replacement keeps its length, so the PDF's byte offsets stay valid; a PDF whose id tree is
    /// not the single leaf Chromium writes is left as it is.
    public static func renumberNodeIDs(in bytes: inout Data) {
        let idMarker = Array("/ID (node".utf8), nodeMarker = Array("(node".utf8)
        var data = [UInt8](bytes)
        func digits(at index: Int) -> [UInt8]? {
            guard index + 9 <= data.count, data[index + 8] == UInt8(ascii: ")"),
                  data[index..<index + 8].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Array(data[index..<index + 8])
        }
        func occurrences(of marker: [UInt8], from start: Int = 0, to end: Int? = nil) -> [Int] {
            var found: [Int] = [], index = start
            let limit = (end ?? data.count) - marker.count
            while index <= limit {
                if data[index] == marker[0], Array(data[index..<index + marker.count]) == marker { found.append(index); index += marker.count } else { index += 1 }
            }
            return found
        }
        // The tree must be the one leaf Chromium writes: /Limits [...] /Names [...].
        let limits = occurrences(of: Array("/Limits [".utf8))
        guard limits.count == 1 else { return }
        var mapping: [[UInt8]: [UInt8]] = [:]
        for index in occurrences(of: idMarker) {
            guard let old = digits(at: index + idMarker.count), mapping[old] == nil else { continue }
            mapping[old] = Array(String(format: "%08d", mapping.count + 1).utf8)
        }
        guard !mapping.isEmpty else { return }
        for index in occurrences(of: nodeMarker) {
            guard let old = digits(at: index + nodeMarker.count), let new = mapping[old] else { continue }
            data.replaceSubrange(index + nodeMarker.count..<index + nodeMarker.count + 8, with: new)
        }
        // Sort the name array (entries "(nodeNNNNNNNN) 108 0 R") and set its limits.
        let namesMarker = Array("/Names [".utf8)
        guard let names = occurrences(of: namesMarker, from: limits[0]).first,
              let close = data[(names + namesMarker.count)...].firstIndex(of: UInt8(ascii: "]")) else { return }
        let start = names + namesMarker.count
        let text = String(decoding: data[start..<close], as: UTF8.self)
        let tokens = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard tokens.count % 4 == 0 else { return }
        let entries = stride(from: 0, to: tokens.count, by: 4).map { Array(tokens[$0..<$0 + 4]) }
        guard entries.allSatisfy({ $0[0].hasPrefix("(node") && $0[3] == "R" }) else { return }
        let sorted = entries.sorted { $0[0] < $1[0] }
        let rebuilt = Array(sorted.map { $0.joined(separator: " ") }.joined(separator: " ").utf8)
        guard rebuilt.count == close - start, let first = sorted.first?[0], let last = sorted.last?[0] else { return }
        data.replaceSubrange(start..<close, with: rebuilt)
        let limitsText = Array("/Limits [\(first) \(last)]".utf8)
        let limitsStart = limits[0]
        guard let limitsEnd = data[limitsStart...].firstIndex(of: UInt8(ascii: "]")), limitsEnd + 1 - limitsStart == limitsText.count else { return }
        data.replaceSubrange(limitsStart...limitsEnd, with: limitsText)
        bytes = Data(data)
    }

    /// Replaces every `D:YYYYMMDDHHMMSS` in the PDF with the report's day at midnight. The
    /// replacement has the same length, so the PDF's byte offsets stay valid.
    public static func fixDates(in bytes: inout Data, day: String) {
        let marker = Array("(D:".utf8)
        let replacement = Array((day + "000000").utf8)
        guard replacement.count == 14 else { return }
        var index = bytes.startIndex
        while let range = bytes[index...].firstRange(of: marker) {
            let start = range.upperBound
            let end = bytes.index(start, offsetBy: 14, limitedBy: bytes.endIndex) ?? bytes.endIndex
            if end - start == 14, bytes[start..<end].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                bytes.replaceSubrange(start..<end, with: replacement)
            }
            index = end
        }
    }
}
