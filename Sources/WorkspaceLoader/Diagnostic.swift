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
    /// What is wrong, in Dutch and English.
    public let text: Bilingual
    /// How to fix it, when the message alone does not say.
    public let hintText: Bilingual?
    /// The file is there but cannot be read at all (a link to nowhere, a FIFO, no permission):
    /// the command exits with 66, as for any input it cannot read, not 65 for wrong data.
    public let isUnreadableFile: Bool
    /// How many problems this line stands for: 1, or for "and 999.900 more …" those not listed.
    public let count: Int

    /// What is wrong, in English (as JSON and the tests read it).
    public var message: String { text.en }
    /// How to fix it, in English.
    public var hint: String? { hintText?.en }

    public init(_ severity: Severity, at location: SourceLocation, _ text: Bilingual, hint: Bilingual? = nil,
                isUnreadableFile: Bool = false, count: Int = 1) {
        self.severity = severity
        self.location = location
        self.text = text
        self.hintText = hint
        self.isUnreadableFile = isUnreadableFile
        self.count = count
    }

    /// `state/routes.csv:14: fout: schools: onbekende school-id 'MLO2' …` in Dutch, `… error: …` in
    /// English, with the hint on an indented second line.
    public func text(in language: Language) -> String {
        let severityWord = switch (severity, language) {
        case (.error, .nl): "fout"
        case (.warning, .nl): "waarschuwing"
        case (.error, .en): "error"
        case (.warning, .en): "warning"
        }
        var out = "\(location): \(severityWord): \(text.text(in: language))"
        if let hintText { out += "\n  \(language == .nl ? "tip" : "hint"): \(hintText.text(in: language))" }
        return out
    }

    /// The English form: `state/routes.csv:14: error: schools: unknown school id 'MLO2' — did you mean 'mlo'?`
    public var description: String { text(in: .en) }
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
                let dutchWord = severity == .error ? (count == 1 ? "fout" : "fouten") : (count == 1 ? "waarschuwing" : "waarschuwingen")
                return Diagnostic(severity, at: SourceLocation(file: file, line: rest.last.line),
                                  Bilingual(nl: "en nog \(Self.grouped(count)) \(dutchWord) in dit bestand, niet getoond (alleen de eerste \(Self.messagesPerFile) problemen worden getoond)",
                                            en: "and \(Self.grouped(count)) more \(word)\(count == 1 ? "" : "s") in this file, not listed (only the first \(Self.messagesPerFile) problems are)"),
                                  hint: Bilingual(nl: "los eerst de problemen hierboven op; veel van de rest is waarschijnlijk dezelfde vergissing",
                                                  en: "fix the problems above first; many of the rest are likely the same mistake"), count: count)
            }
        }
    }

    var hasErrors: Bool { listed.contains { $0.severity == .error } || unlisted.values.contains { $0.errors > 0 } }

    func error(_ location: SourceLocation, _ message: Bilingual, hint: Bilingual? = nil) {
        add(Diagnostic(.error, at: location, message, hint: hint))
    }

    func warning(_ location: SourceLocation, _ message: Bilingual, hint: Bilingual? = nil) {
        add(Diagnostic(.warning, at: location, message, hint: hint))
    }

    /// An error for a file that is there but cannot be read.
    func unreadable(_ location: SourceLocation, _ message: Bilingual, hint: Bilingual) {
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

extension Bilingual {
    /// Both texts with `other`'s appended to each: a message and its " — did you mean …?".
    func appending(_ other: Bilingual) -> Bilingual {
        Bilingual(nl: nl + other.nl, en: en + other.en)
    }

    /// Both texts with `text` (an id, a list of names, the same in either language) appended.
    func appending(_ text: String) -> Bilingual {
        Bilingual(nl: nl + text, en: en + text)
    }
}
