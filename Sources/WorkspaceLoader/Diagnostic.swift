import CovenantModel

/// One problem found in a workspace: where it is, what is wrong, and how to fix it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// Whether the problem stops Koers from reporting.
    public enum Severity: String, Sendable {
        /// The data cannot be trusted; no report is made until it is fixed.
        case error
        /// Worth a look; reports are still made.
        case warning
    }

    public let severity: Severity
    public let location: SourceLocation
    public let message: String
    /// How to fix it, when the message alone does not say.
    public let hint: String?
    /// The file is there but cannot be read at all (a link to nowhere, a FIFO, no permission):
    /// the command exits with 66, as for any input it cannot read, not 65 for wrong data.
    public let isUnreadableFile: Bool
    /// How many problems this line stands for: 1, or for "and 999.900 more …" those not listed.
    public let count: Int

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, hint: String? = nil,
                isUnreadableFile: Bool = false, count: Int = 1) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
        self.isUnreadableFile = isUnreadableFile
        self.count = count
    }

    /// `state/routes.csv:14: error: schools: unknown school id 'MLO2' — did you mean 'mlo'?`
    /// with the hint on an indented second line.
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// Collects diagnostics while a workspace loads, so that every problem is reported at once.
/// A class, because every reader along the way adds to the same log.
///
/// A file lists at most ``messagesPerFile`` problems; the rest are counted and summed up in one
/// last line for that file ("and 999.900 more …"): a pasted million bad rows must not give a
/// million lines (and 200 MB) of output.
final class DiagnosticLog {
    static let messagesPerFile = 100

    private var listed: [Diagnostic] = []
    private var listedPerFile: [String: Int] = [:]
    /// Per file: how many errors and warnings were not listed, and where the last one was.
    private var unlisted: [String: (errors: Int, warnings: Int, last: SourceLocation)] = [:]

    var diagnostics: [Diagnostic] {
        listed + unlisted.keys.sorted().flatMap { file -> [Diagnostic] in
            let rest = unlisted[file]!
            return [(Diagnostic.Severity.error, rest.errors, "error"), (.warning, rest.warnings, "warning")].compactMap { severity, count, word in
                guard count > 0 else { return nil }
                return Diagnostic(severity, at: SourceLocation(file: file, line: rest.last.line),
                                  "and \(Self.grouped(count)) more \(word)\(count == 1 ? "" : "s") in this file, not listed (only the first \(Self.messagesPerFile) problems are)",
                                  hint: "fix the problems above first; many of the rest are likely the same mistake", count: count)
            }
        }
    }

    var hasErrors: Bool { listed.contains { $0.severity == .error } || unlisted.values.contains { $0.errors > 0 } }

    func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        add(Diagnostic(.error, at: location, message, hint: hint))
    }

    func warning(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        add(Diagnostic(.warning, at: location, message, hint: hint))
    }

    /// An error for a file that is there but cannot be read.
    func unreadable(_ location: SourceLocation, _ message: String, hint: String) {
        add(Diagnostic(.error, at: location, message, hint: hint, isUnreadableFile: true))
    }

    private func add(_ diagnostic: Diagnostic) {
        let file = diagnostic.location.file
        let count = listedPerFile[file, default: 0]
        guard count >= Self.messagesPerFile else {
            listedPerFile[file] = count + 1
            listed.append(diagnostic)
            return
        }
        var rest = unlisted[file] ?? (0, 0, diagnostic.location)
        if diagnostic.severity == .error { rest.errors += 1 } else { rest.warnings += 1 }
        if diagnostic.location.line >= rest.last.line { rest.last = diagnostic.location }
        unlisted[file] = rest
    }

    /// `999.900`: counts in messages, grouped as Dutch readers (and Excel) write them.
    static func grouped(_ count: Int) -> String {
        var digits = String(count), out = ""
        while digits.count > 3 { out = "." + digits.suffix(3) + out; digits.removeLast(3) }
        return digits + out
    }
}
