/// Where a record or value came from: a workspace file, its line and, where it helps, the column.
///
/// Every record in the model keeps one, so that validation, rule errors and reports can point
/// the programme team at the exact line to fix.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The file, relative to the workspace folder (`state/routes.csv`).
    public let file: String
    /// 1-based line; 0 when the problem is with the file as a whole.
    public let line: Int
    /// 1-based column, counted in characters, when known.
    public let column: Int?

    public init(file: String, line: Int = 0, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String {
        guard line > 0 else { return file }
        guard let column else { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column ?? 0) < (rhs.file, rhs.line, rhs.column ?? 0)
    }
}
