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
                log.error(SourceLocation(file: file), Bilingual(nl: "het bestand is leeg", en: "the file is empty"),
                          hint: Bilingual(nl: "covenant.yaml bevat de naam, de looptijd, de partijen, de actielijnen en de doelen van het convenant; zie docs/workspace.md",
                                          en: "covenant.yaml holds the covenant's name, period, parties, action lines and targets; see docs/workspace.md"))
                return nil
            }
            return refusingTags(root, file: file, log: log) ? root : nil
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                let hint = problem.contains("mapping values are not allowed")
                    ? Bilingual(nl: "zet een waarde met ': ' erin tussen aanhalingstekens (\"…\"), of schrijf haar als blok (sleutel: >- en de tekst op de regels eronder)",
                                en: "a value that contains ': ' must be put in quotes (\"…\") or written as a block (key: >- and the text on the next lines)")
                    : Bilingual(nl: "controleer het inspringen (spaties, geen tabs) en of er na elke sleutel een ':' staat",
                                en: "check the indentation (spaces, not tabs) and that a ':' follows every key")
                log.error(SourceLocation(file: file, line: mark.line, column: mark.column),
                          Bilingual(nl: "YAML-syntaxfout: \(problem)", en: "YAML syntax error: \(problem)"), hint: hint)
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                log.error(SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                          Bilingual(nl: "sleutel \(keys) staat twee keer in hetzelfde blok", en: "key \(keys) appears twice in the same block"),
                          hint: Bilingual(nl: "laat er één van staan", en: "keep one of them"))
            default:
                log.error(SourceLocation(file: file), Bilingual(nl: "YAML-fout: \(error)", en: "YAML error: \(error)"),
                          hint: Bilingual(nl: "sla het bestand opnieuw op als platte tekst in UTF-8", en: "save the file again as plain UTF-8 text"))
            }
            return nil
        } catch {
            log.error(SourceLocation(file: file), Bilingual(nl: "YAML-fout: \(error)", en: "YAML error: \(error)"),
                      hint: Bilingual(nl: "sla het bestand opnieuw op als platte tekst in UTF-8", en: "save the file again as plain UTF-8 text"))
            return nil
        }
    }
}

extension YAMLReading {
    /// The tags plain YAML resolves to on its own; anything else was asked for explicitly.
    static let plainTags = Set(["", "!"] + ["str", "seq", "map", "bool", "float", "null", "int", "timestamp"].map { "tag:yaml.org,2002:" + $0 })

    /// Whether the tree is free of YAML tags other than the plain ones. A tag (`!!binary`,
    /// `!!python/object`, `!local`, or one from a `%TAG` directive) would otherwise be dropped
    /// without a word, and the value read as if it were plain text: each is an error at its line.
    static func refusingTags(_ node: Node, file: String, log: DiagnosticLog) -> Bool {
        var clean = true
        func visit(_ node: Node) {
            let name = node.tag.description
            if !plainTags.contains(name) {
                clean = false
                let shown = name.hasPrefix("tag:yaml.org,2002:") ? "!!" + name.dropFirst("tag:yaml.org,2002:".count) : Substring(name)
                let location = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? SourceLocation(file: file)
                log.error(location,
                          Bilingual(nl: "de YAML-tag '\(shown)' is niet toegestaan: covenant.yaml bevat gewone tekst, getallen, lijsten en blokken",
                                    en: "the YAML tag '\(shown)' is not allowed: covenant.yaml holds plain text, numbers, lists and blocks"),
                          hint: Bilingual(nl: "verwijder de tag (het woord dat met '!' begint); zet de waarde tussen aanhalingstekens als die precies zo moet blijven",
                                          en: "remove the tag (the word starting with '!'); put the value in quotes if it must stay as written"))
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping { visit(key); visit(value) }
            case .sequence(let sequence):
                for item in sequence { visit(item) }
            default:
                break
            }
        }
        visit(node)
        return clean
    }
}

/// A YAML mapping with typed, located access to its keys.
///
/// Messages name the entry and the key the way a reader finds them in the file:
/// `target 'decanen': target.value: 'vier' is not a number`.
struct YAMLMap {
    let mapping: Node.Mapping
    let file: String
    /// The entry the mapping belongs to: `covenant`, `target 'decanen'`, `parties[2]` (in Dutch
    /// `convenant`, `doel 'decanen'`; a list entry is named by its key in both).
    let owner: Bilingual
    /// The keys leading to this mapping inside its owner, with a trailing dot: `target.`.
    let prefix: String
    let log: DiagnosticLog

    /// `nil` (and an error) when `node` is not a mapping.
    init?(_ node: Node, file: String, owner: Bilingual, prefix: String = "", log: DiagnosticLog) {
        guard let mapping = node.mapping else {
            let what = prefix.isEmpty ? owner : Bilingual(nl: "\(owner.nl): \(prefix.dropLast())", en: "\(owner.en): \(prefix.dropLast())")
            log.error(YAMLMap.location(of: node, in: file),
                      Bilingual(nl: "\(what.nl) moet een blok regels van de vorm 'sleutel: waarde' zijn", en: "\(what.en) must be a block of 'key: value' lines"),
                      hint: Bilingual(nl: "zie docs/workspace.md voor de sleutels, en de covenant.yaml van Amsterdam als voorbeeld",
                                      en: "see docs/workspace.md for the keys, and the Amsterdam covenant.yaml for an example"))
            return nil
        }
        self.init(mapping: mapping, file: file, owner: owner, prefix: prefix, log: log)
    }

    private init(mapping: Node.Mapping, file: String, owner: Bilingual, prefix: String, log: DiagnosticLog) {
        self.mapping = mapping
        self.file = file
        self.owner = owner
        self.prefix = prefix
        self.log = log
    }

    /// The same mapping, named differently in messages (once its id is known).
    func named(_ owner: Bilingual) -> YAMLMap {
        YAMLMap(mapping: mapping, file: file, owner: owner, prefix: prefix, log: log)
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

    /// Logs `owner: prefix.key: message` at the key's value.
    func error(_ key: String, _ message: Bilingual, hint: Bilingual? = nil) {
        log.error(location(of: key), Bilingual(nl: "\(owner.nl): \(prefix)\(key): \(message.nl)", en: "\(owner.en): \(prefix)\(key): \(message.en)"),
                  hint: hint)
    }

    /// Logs every key that is not in `known`, with a suggestion.
    func rejectUnknownKeys(_ known: [String]) {
        for (key, _) in mapping {
            let name = key.scalar?.string ?? "?"
            guard !known.contains(name) else { continue }
            let keys = known.joined(separator: ", ")
            log.error(YAMLMap.location(of: key, in: file),
                      Bilingual(nl: "\(owner.nl): onbekende sleutel '\(prefix)\(name)'", en: "\(owner.en): unknown key '\(prefix)\(name)'")
                          .appending(Suggestion.didYouMeanInBoth(name, in: known)),
                      hint: Bilingual(nl: "de sleutels hier zijn: \(keys)", en: "the keys here are: \(keys)"))
        }
    }

    private func isAbsent(_ node: Node?) -> Bool {
        guard let node else { return true }
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain && ["", "~", "null"].contains(scalar.string)
    }

    private func reportMissing(_ key: String, hint: Bilingual) {
        log.error(location, Bilingual(nl: "\(owner.nl): '\(prefix)\(key)' ontbreekt", en: "\(owner.en): '\(prefix)\(key)' is missing"), hint: hint)
    }

    /// The text of `key`; logs an error when required and absent, or when it is not a plain value.
    func string(_ key: String, required: Bool = true) -> String? {
        let node = mapping[key]
        if isAbsent(node) {
            if required { reportMissing(key, hint: Bilingual(nl: "voeg een regel '\(key): …' toe", en: "add a line '\(key): …'")) }
            return nil
        }
        guard let scalar = node!.scalar else {
            error(key, Bilingual(nl: "moet één waarde zijn, geen lijst of blok", en: "must be a single value, not a list or block"),
                  hint: Bilingual(nl: "schrijf het op één regel: '\(key): waarde'", en: "write it on one line: '\(key): value'"))
            return nil
        }
        // Same bound as a table's cell: a name or a note, not a pasted document (a 10 MB
        // covenant name would be copied onto every page of every report).
        guard scalar.string.utf8.count <= Table.longestCell else {
            let length = DiagnosticLog.grouped(scalar.string.count), most = DiagnosticLog.grouped(Table.longestCell)
            error(key, Bilingual(nl: "bevat \(length) tekens; een waarde bevat hoogstens \(most) tekens",
                                 en: "holds \(length) characters; a value holds at most \(most)"),
                  hint: Bilingual(nl: "maak de tekst korter; zet een lange uitleg in een document en verwijs daarnaar",
                                  en: "shorten it; put long explanations in a document and refer to it"))
            return nil
        }
        let text = scalar.string.trimmingSpaces()
        if text.isEmpty, required {
            error(key, Bilingual(nl: "is leeg", en: "is empty"), hint: Bilingual(nl: "schrijf een waarde na '\(key):'", en: "write a value after '\(key):'"))
        }
        return text.isEmpty ? nil : text
    }

    /// The values under `key` written as a list or as one plain value (`parties: region`).
    func oneOrMore(_ key: String) -> [(text: String, location: SourceLocation)] {
        if let node = mapping[key], !isAbsent(node), let scalar = node.scalar {
            return [(scalar.string.trimmingSpaces(), YAMLMap.location(of: node, in: file))]
        }
        return scalars(key)
    }

    /// Whether the mapping has `key` at all.
    func has(_ key: String) -> Bool { mapping[key] != nil }

    /// A text people read: `key: text` (in the covenant's language, Dutch) or
    /// `key: {nl: …, en: …}`, with both. The English is `nil` when only one text is given.
    func localized(_ key: String, required: Bool = true) -> (text: String, english: String?)? {
        guard let forms = mapIfPresent(key) else { return string(key, required: required).map { ($0, nil) } }
        forms.rejectUnknownKeys(["nl", "en"])
        guard let dutch = forms.string("nl"), let english = forms.string("en") else { return nil }
        return (dutch, english)
    }

    func parsed<T>(_ key: String, required: Bool = true, _ parse: (String) -> Result<T, FieldError>) -> T? {
        guard let text = string(key, required: required) else { return nil }
        switch parse(text) {
        case .success(let value): return value
        case .failure(let failure):
            error(key, failure.message, hint: failure.hint)
            return nil
        }
    }

    func number(_ key: String, required: Bool = true) -> Double? {
        parsed(key, required: required) { text in
            let normalised = text.replacingOccurrences(of: ",", with: ".")
            guard let value = Double(normalised), value.isFinite else {
                return .failure(FieldError(Bilingual(nl: "'\(text)' is geen getal", en: "'\(text)' is not a number"),
                                           hint: Bilingual(nl: "schrijf een getal, zoals 12 of 2,5", en: "write a number such as 12 or 2.5")))
            }
            return .success(value)
        }
    }

    /// The mapping under `key` when its value is one (`unit: {one: …, other: …}`); `nil` for a
    /// plain value or none, which the caller reads as such.
    func mapIfPresent(_ key: String) -> YAMLMap? {
        guard let node = mapping[key], node.mapping != nil else { return nil }
        return YAMLMap(node, file: file, owner: owner, prefix: "\(prefix)\(key).", log: log)
    }

    func map(_ key: String, required: Bool = true) -> YAMLMap? {
        guard let node = mapping[key], !isAbsent(node) else {
            if required {
                reportMissing(key, hint: Bilingual(nl: "voeg een blok '\(key):' toe, met de sleutels ingesprongen eronder",
                                                   en: "add a block '\(key):' with its keys indented below it"))
            }
            return nil
        }
        return YAMLMap(node, file: file, owner: owner, prefix: "\(prefix)\(key).", log: log)
    }

    /// The entries of the list under `key`, as mappings named `key[1]`, `key[2]` ….
    func list(_ key: String) -> [YAMLMap] {
        guard let node = mapping[key], !isAbsent(node) else {
            reportMissing(key, hint: Bilingual(nl: "voeg een lijst '\(key):' toe, met elk item op een regel die met '- ' begint",
                                               en: "add a list '\(key):' with entries starting with '- '"))
            return []
        }
        guard let sequence = node.sequence else {
            error(key, Bilingual(nl: "moet een lijst zijn", en: "must be a list"),
                  hint: Bilingual(nl: "schrijf elk item op een eigen regel, beginnend met '- '", en: "write each entry on its own line, starting with '- '"))
            return []
        }
        return sequence.enumerated().compactMap { index, element in
            YAMLMap(element, file: file, owner: Bilingual(nl: "\(key)[\(index + 1)]", en: "\(key)[\(index + 1)]"), log: log)
        }
    }

    /// The plain values of the list under `key` (`[a, b]` or one per line), each with its place;
    /// empty when the key is absent.
    func scalars(_ key: String) -> [(text: String, location: SourceLocation)] {
        guard let node = mapping[key], !isAbsent(node) else { return [] }
        guard let sequence = node.sequence else {
            error(key, Bilingual(nl: "moet een lijst zijn", en: "must be a list"),
                  hint: Bilingual(nl: "schrijf '\(key): [eerste, tweede]'", en: "write '\(key): [first, second]'"))
            return []
        }
        return sequence.compactMap { element in
            guard let scalar = element.scalar else {
                log.error(YAMLMap.location(of: element, in: file),
                          Bilingual(nl: "\(owner.nl): \(prefix)\(key): elk item moet één waarde zijn", en: "\(owner.en): \(prefix)\(key): each entry must be a single value"),
                          hint: Bilingual(nl: "schrijf '\(key): [eerste, tweede]'", en: "write '\(key): [first, second]'"))
                return nil
            }
            return (scalar.string.trimmingSpaces(), YAMLMap.location(of: element, in: file))
        }
    }
}
