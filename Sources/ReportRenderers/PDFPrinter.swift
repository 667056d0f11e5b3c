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
        // longer than 107 bytes) go to a short folder of their own, removed after printing.
        var template = Array("/tmp/koers-print-XXXXXX".utf8CString)
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
