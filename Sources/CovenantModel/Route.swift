/// A learning route (leerroute) from one or more vo schools to an mbo institution.
public struct Route: Sendable {
    /// The legal and practical forms a route takes (routes-and-law.md §1.1).
    public enum Kind: String, CaseIterable, Sendable {
        /// Doorlopende leerroute: vmbo profile plus a related mbo qualification, both diplomas.
        case dlr = "DLR"
        /// Geïntegreerde leerroute: vmbo-b to mbo niveau 2 only, without a vmbo diploma.
        case glr = "GLR"
        /// PrO/vso students take a (BBL) Entree programme while staying at their own school.
        case proRoc = "PrO-ROC"
        /// Separate vmbo and mbo curricula, connected.
        case gestapeld
        /// vmbo students take some mbo parts (a keuzevak, a project).
        case gedeeltelijk
    }

    /// Sectors a route trains for. The first four are the covenant's societally crucial sectors.
    public enum Sector: String, CaseIterable, Sendable {
        case onderwijs, zorg, techniek, ict
        case economie, handel, dienstverlening, horeca, media, groen, sport, overig

        public var isCrucial: Bool { [.onderwijs, .zorg, .techniek, .ict].contains(self) }
    }

    public var id: String
    public var name: String
    /// The vo schools whose students take the route (ids in `state/schools.csv`).
    public var schools: [String]
    public var institution: String
    public var college: String?
    public var kind: Kind
    public var fromLevel: EducationLevel
    /// The mbo level (niveau) the route leads to: 1 (Entree) to 4. `nil` for a gestapelde or
    /// gedeeltelijke route whose level the sources do not give.
    public var toLevel: Int?
    public var sector: Sector
    public var qualifications: [String]
    /// The dated stages the route went through, oldest first.
    public var stages: [RouteStageRecord]
    /// Legal requirements met, with their evidence (routes-and-law.md §1.5).
    public var requirements: [RequirementRecord]
    /// Students per cohort, by the school year the cohort started.
    public var cohorts: [CohortRecord]
    public var origin: String?
    public var source: SourceLocation

    public init(id: String, name: String, schools: [String], institution: String, college: String?, kind: Kind,
                fromLevel: EducationLevel, toLevel: Int?, sector: Sector, qualifications: [String],
                stages: [RouteStageRecord] = [], requirements: [RequirementRecord] = [],
                cohorts: [CohortRecord] = [], origin: String?, source: SourceLocation) {
        self.id = id
        self.name = name
        self.schools = schools
        self.institution = institution
        self.college = college
        self.kind = kind
        self.fromLevel = fromLevel
        self.toLevel = toLevel
        self.sector = sector
        self.qualifications = qualifications
        self.stages = stages
        self.requirements = requirements
        self.cohorts = cohorts
        self.origin = origin
        self.source = source
    }
}

/// The stages a route passes through, in order. `gestopt` can follow any stage.
public enum RouteStage: String, Sendable, DeclarationOrdered {
    case verkenning
    case inOntwikkeling = "in-ontwikkeling"
    case overeenkomstGetekend = "overeenkomst-getekend"
    case duoRegistratie = "duo-registratie"
    case eersteCohortGestart = "eerste-cohort-gestart"
    case gestopt
}

/// A route reached `stage` on `date`.
public struct RouteStageRecord: Sendable {
    public var stage: RouteStage
    public var date: Day
    public var note: String?
    /// A step recorded ahead (`planned = ja`): a plan, never a stage reached, until the programme
    /// team confirms it (clears `planned`). Calendars show it.
    public var planned: Bool
    /// The `source` column: where the fact comes from (the portal's approval, an inventory).
    public var origin: String?
    public var source: SourceLocation

    public init(stage: RouteStage, date: Day, note: String?, planned: Bool = false, origin: String? = nil, source: SourceLocation) {
        self.stage = stage
        self.date = date
        self.note = note
        self.planned = planned
        self.origin = origin
        self.source = source
    }
}

/// The checks a route can be verified against (routes-and-law.md §1.5), `R1` to `R22`.
public enum LegalRequirement: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case r1 = 1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19, r20, r21, r22

    public var description: String { "R\(rawValue)" }

    /// What the check asks, in short.
    public var summary: String {
        switch self {
        case .r1: "route type recorded"
        case .r2: "GLR: from vmbo-b to mbo level 2"
        case .r3: "DLR: to level 2, 3 or 4"
        case .r4: "vmbo profile linked to a related mbo field of study"
        case .r5: "cooperation agreement signed before the start"
        case .r6: "agreement: profile and field of study"
        case .r7: "agreement: daily management and reporting to the boards"
        case .r8: "agreement: organisational and educational set-up"
        case .r9: "agreement: the option to switch"
        case .r10: "agreement: how employers are involved"
        case .r11: "agreement: dispute resolution"
        case .r12: "agreement: joining, ending and amending"
        case .r13: "agreement: participation councils"
        case .r14: "agreement: funding transfer"
        case .r15: "combined PTA/OER"
        case .r16: "DLR: vmbo diploma by route year 3"
        case .r17: "kb/gtl routes keep vmbo exams"
        case .r18: "reported to DUO (RIO/ROD) before the start"
        case .r19: "shortened by at most one year"
        case .r20: "responsibilities of vo and mbo assigned"
        case .r21: "team qualification used (optional)"
        case .r22: "option to switch defined and told to students"
        }
    }

    public static func < (lhs: LegalRequirement, rhs: LegalRequirement) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What the check asks, in short, in Dutch and English (routes-and-law.md §1.5).
    public var words: Bilingual { Bilingual(nl: Self.dutch[self] ?? summary, en: summary) }

    private static let dutch: [LegalRequirement: String] = [
        .r1: "soort route vastgelegd", .r2: "GLR: van vmbo-b naar mbo niveau 2", .r3: "DLR: naar niveau 2, 3 of 4",
        .r4: "vmbo-profiel gekoppeld aan een verwant mbo-opleidingsdomein", .r5: "samenwerkingsovereenkomst getekend vóór de start",
        .r6: "overeenkomst: profiel en opleidingsdomein", .r7: "overeenkomst: dagelijkse leiding en verantwoording aan de besturen",
        .r8: "overeenkomst: organisatorische en onderwijskundige inrichting", .r9: "overeenkomst: de overstapoptie",
        .r10: "overeenkomst: hoe werkgevers betrokken zijn", .r11: "overeenkomst: geschilbeslechting",
        .r12: "overeenkomst: toetreden, beëindigen en wijzigen", .r13: "overeenkomst: medezeggenschap",
        .r14: "overeenkomst: overdracht van bekostiging", .r15: "gecombineerd PTA/OER",
        .r16: "DLR: vmbo-diploma uiterlijk in routejaar 3", .r17: "kb/gtl-routes houden de vmbo-examens",
        .r18: "gemeld bij DUO (RIO/ROD) vóór de start", .r19: "hooguit één jaar verkort",
        .r20: "verantwoordelijkheden van vo en mbo belegd", .r21: "teambevoegdheid gebruikt (optioneel)",
        .r22: "overstapoptie vastgelegd en aan leerlingen verteld",
    ]
}

/// A legal requirement a route met on `date`, with the evidence that shows it.
public struct RequirementRecord: Sendable {
    public var requirement: LegalRequirement
    public var date: Day
    public var evidence: String
    /// The `source` column: where the fact comes from (the portal's approval, an inventory).
    public var origin: String?
    public var source: SourceLocation

    public init(requirement: LegalRequirement, date: Day, evidence: String, origin: String? = nil, source: SourceLocation) {
        self.requirement = requirement
        self.date = date
        self.evidence = evidence
        self.origin = origin
        self.source = source
    }
}

/// The number of students who started a route in a school year.
public struct CohortRecord: Sendable {
    public var schoolYear: SchoolYear
    public var students: Int
    public var source: SourceLocation

    public init(schoolYear: SchoolYear, students: Int, source: SourceLocation) {
        self.schoolYear = schoolYear
        self.students = students
        self.source = source
    }
}
