import CovenantModel
import Foundation
import Yams

/// Reads YAML through Yams' node tree, which keeps the line and column of every value, so
/// that a mistake in `covenant.yaml` is reported at the line that holds it.
enum YAMLReading {
    /// The document's root node, or `nil` after logging the syntax error.
    static func compose(_ text: String, file: String, log: DiagnosticLog) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                log.error(SourceLocation(file: file), "the file is empty")
                return nil
            }
            return root
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                let hint = problem.contains("mapping values are not allowed")
                    ? "a value that contains ': ' must be put in quotes (\"…\") or written as a block (key: >- and the text on the next lines)"
                    : "check the indentation (spaces, not tabs) and that a ':' follows every key"
                log.error(SourceLocation(file: file, line: mark.line, column: mark.column), "YAML syntax error: \(problem)", hint: hint)
            case .duplicatedKeysInMapping(let duplicates, let context):
                log.error(SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                          "key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appears twice in the same block",
                          hint: "keep one of them")
            default:
                log.error(SourceLocation(file: file), "YAML error: \(error)")
            }
            return nil
        } catch {
            log.error(SourceLocation(file: file), "YAML error: \(error)")
            return nil
        }
    }
}

/// A YAML mapping with typed, located access to its keys.
struct YAMLMap {
    let mapping: Node.Mapping
    let file: String
    /// Where in the document, for messages: `targets[3]`.
    let path: String
    let log: DiagnosticLog

    /// `nil` (and an error) when `node` is not a mapping.
    init?(_ node: Node, file: String, path: String, log: DiagnosticLog) {
        guard let mapping = node.mapping else {
            log.error(YAMLMap.location(of: node, in: file), "\(path) must be a block of 'key: value' lines")
            return nil
        }
        self.mapping = mapping
        self.file = file
        self.path = path
        self.log = log
    }

    static func location(of node: Node, in file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column)
    }

    var location: SourceLocation {
        SourceLocation(file: file, line: mapping.mark?.line ?? 0, column: mapping.mark?.column)
    }

    /// Where the value of `key` is, or else the mapping itself.
    func location(of key: String) -> SourceLocation {
        mapping[key].map { YAMLMap.location(of: $0, in: file) } ?? location
    }

    /// Logs every key that is not in `known`, with a suggestion.
    func rejectUnknownKeys(_ known: [String]) {
        for (key, _) in mapping {
            let name = key.scalar?.string ?? "?"
            guard !known.contains(name) else { continue }
            log.error(YAMLMap.location(of: key, in: file), "unknown key '\(name)' in \(path)" + Suggestion.didYouMean(name, in: known),
                      hint: "the keys of \(path) are: \(known.joined(separator: ", "))")
        }
    }

    private func isAbsent(_ node: Node?) -> Bool {
        guard let node else { return true }
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain && ["", "~", "null"].contains(scalar.string)
    }

    /// The text of `key`; logs an error when required and absent, or when it is not a plain value.
    func string(_ key: String, required: Bool = true) -> String? {
        let node = mapping[key]
        if isAbsent(node) {
            if required { log.error(location, "\(path) has no '\(key)'", hint: "add a line '\(key): …'") }
            return nil
        }
        guard let scalar = node!.scalar else {
            log.error(location(of: key), "\(path).\(key) must be a single value, not a list or block")
            return nil
        }
        let text = scalar.string.trimmingSpaces()
        if text.isEmpty, required { log.error(location(of: key), "\(path).\(key) is empty") }
        return text.isEmpty ? nil : text
    }

    func parsed<T>(_ key: String, required: Bool = true, _ parse: (String) -> Result<T, FieldError>) -> T? {
        guard let text = string(key, required: required) else { return nil }
        switch parse(text) {
        case .success(let value): return value
        case .failure(let error):
            log.error(location(of: key), "\(path).\(key): \(error.message)", hint: error.hint)
            return nil
        }
    }

    func number(_ key: String, required: Bool = true) -> Double? {
        parsed(key, required: required) { text in
            let normalised = text.replacingOccurrences(of: ",", with: ".")
            guard let value = Double(normalised), value.isFinite else {
                return .failure(FieldError("'\(text)' is not a number", hint: "write a number such as 12 or 2.5"))
            }
            return .success(value)
        }
    }

    func map(_ key: String, required: Bool = true) -> YAMLMap? {
        guard let node = mapping[key], !isAbsent(node) else {
            if required { log.error(location, "\(path) has no '\(key)'", hint: "add a block '\(key):' with its keys indented below it") }
            return nil
        }
        return YAMLMap(node, file: file, path: "\(path).\(key)", log: log)
    }

    /// The entries of the list under `key`, as mappings.
    func list(_ key: String) -> [YAMLMap] {
        guard let node = mapping[key], !isAbsent(node) else {
            log.error(location, "\(path) has no '\(key)'", hint: "add a list '\(key):' with entries starting with '- '")
            return []
        }
        guard let sequence = node.sequence else {
            log.error(location(of: key), "\(path).\(key) must be a list, with entries starting with '- '")
            return []
        }
        return sequence.enumerated().compactMap { index, element in
            YAMLMap(element, file: file, path: "\(key)[\(index + 1)]", log: log)
        }
    }
}
