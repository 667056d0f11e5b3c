import Foundation

/// The language people read Koers in. Dutch is the default: the stuurgroep and the schools read
/// Dutch; English is complete for everyone else. Code, ids and the Lua API stay English.
public enum Language: String, CaseIterable, Sendable {
    case nl, en

    /// The language `KOERS_LANG` names (`nl`, `en`, also `en_GB.UTF-8`-style values), else Dutch.
    /// Commands take it as the default of `--lang`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        guard let given = environment["KOERS_LANG"]?.lowercased(), given.count >= 2 else { return .nl }
        return Language(rawValue: String(given.prefix(2))) ?? .nl
    }
}

/// A text people read, in Dutch and English. Written with both (`Bilingual(nl: "…", en: "…")`);
/// ``text(in:)`` gives the one a reader asked for.
public struct Bilingual: Hashable, Sendable {
    public var nl: String
    public var en: String

    public init(nl: String, en: String) {
        self.nl = nl
        self.en = en
    }

    public func text(in language: Language) -> String { language == .nl ? nl : en }
}

extension Language {
    /// The Dutch or the English of a message, as a reader of this language reads it.
    public func pick(_ nl: String, _ en: String) -> String { self == .nl ? nl : en }
}
