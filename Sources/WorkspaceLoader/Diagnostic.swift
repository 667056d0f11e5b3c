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

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
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
final class DiagnosticLog {
    private(set) var diagnostics: [Diagnostic] = []

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: location, message, hint: hint))
    }

    func warning(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, at: location, message, hint: hint))
    }
}
