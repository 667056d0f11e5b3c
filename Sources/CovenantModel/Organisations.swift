/// A school board (bestuur): ZAAM, VOvA, Esprit, MSA, ROC van Amsterdam – Flevoland …
public struct Board: Sendable {
    /// What kind of schools the board governs.
    public enum Sector: String, CaseIterable, Sendable {
        case vo, mbo, samenwerkingsverband
    }
    public var id: String
    public var name: String
    public var sector: Sector
    public var origin: String?
    public var source: SourceLocation

    public init(id: String, name: String, sector: Sector, origin: String?, source: SourceLocation) {
        self.id = id
        self.name = name
        self.sector = sector
        self.origin = origin
        self.source = source
    }
}

/// The levels (leerwegen) a vo school can offer. `vmbo-gt` covers the gemengde and theoretische
/// leerweg (vmbo-t, mavo), which the covenant calls vmbo-t.
public enum EducationLevel: String, Sendable, DeclarationOrdered {
    case pro = "PrO"
    case vso
    case vmboB = "vmbo-b"
    case vmboK = "vmbo-k"
    case vmboGT = "vmbo-gt"
    case havo
}

/// The Amsterdam stadsdelen, plus Diemen (part of the samenwerkingsverband's region).
public enum Stadsdeel: String, CaseIterable, Sendable {
    case centrum = "Centrum"
    case nieuwWest = "Nieuw-West"
    case noord = "Noord"
    case oost = "Oost"
    case west = "West"
    case weesp = "Weesp"
    case zuid = "Zuid"
    case zuidoost = "Zuidoost"
    case diemen = "Diemen"

    /// The districts with specific needs that the covenant asks to report on separately, in its order.
    public static let focusDistricts: [Stadsdeel] = [.nieuwWest, .zuidoost, .noord]

    /// Whether this is one of the ``focusDistricts``.
    public var isFocusDistrict: Bool { Self.focusDistricts.contains(self) }
}

/// A vo school (location) that takes part in the covenant.
public struct School: Sendable {
    public var id: String
    public var name: String
    /// The school's board; `nil` when not known.
    public var board: String?
    /// `nil` when not known.
    public var stadsdeel: Stadsdeel?
    public var levels: Set<EducationLevel>
    /// Where the record's facts come from; `voorbeeld` marks an invented example school.
    public var origin: String?
    public var source: SourceLocation
    /// Bound by the covenant (see ``Covenant/isParty(id:board:)``); set by ``Workspace``. A school
    /// that is not is listed, never judged or asked anything.
    public var isParty = true

    public init(id: String, name: String, board: String?, stadsdeel: Stadsdeel?, levels: Set<EducationLevel>,
                origin: String?, source: SourceLocation) {
        self.id = id
        self.name = name
        self.board = board
        self.stadsdeel = stadsdeel
        self.levels = levels
        self.origin = origin
        self.source = source
    }

    public func offers(_ level: EducationLevel) -> Bool { levels.contains(level) }
}

/// An mbo institution (ROC van Amsterdam, Mediacollege, Hout- en Meubileringscollege …).
public struct Institution: Sendable {
    public var id: String
    public var name: String
    public var board: String?
    public var origin: String?
    public var source: SourceLocation
    /// Bound by the covenant; set by ``Workspace``, as for a ``School``.
    public var isParty = true

    public init(id: String, name: String, board: String?, origin: String?, source: SourceLocation) {
        self.id = id
        self.name = name
        self.board = board
        self.origin = origin
        self.source = source
    }
}

/// A college (school unit) of an mbo institution, such as ROC van Amsterdam's mbo college Noord.
public struct College: Sendable {
    public var id: String
    public var institution: String
    public var name: String
    public var stadsdeel: Stadsdeel?
    public var origin: String?
    public var source: SourceLocation

    public init(id: String, institution: String, name: String, stadsdeel: Stadsdeel?, origin: String?,
                source: SourceLocation) {
        self.id = id
        self.institution = institution
        self.name = name
        self.stadsdeel = stadsdeel
        self.origin = origin
        self.source = source
    }
}
