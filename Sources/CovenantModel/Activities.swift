/// A meeting or activity on a date: a decanenoverleg, a kennisdeling activity, a monitoring moment.
public struct Event: Sendable {
    /// What the meeting was for.
    public enum Kind: String, CaseIterable, Sendable {
        /// vo and mbo decanen meet (the covenant asks four times a year).
        case decanenoverleg
        /// A professionalisation activity for teachers; has a `Form`.
        case kennisdeling
        /// Progress of the covenant monitored and discussed (the covenant asks twice a year).
        case monitoring
        /// A meeting of the bestuurlijke stuurgroep.
        case stuurgroep
        case overig
    }

    /// The forms of kennisdeling the covenant names.
    public enum Form: String, CaseIterable, Sendable {
        case docentstage, lesbezoek, inspiratietour, workshop
    }

    public var id: String
    public var date: Day
    public var kind: Kind
    /// Set for (and only for) kennisdeling.
    public var form: Form?
    public var title: String
    /// Schools, institutions and colleges that took part (ids).
    public var participants: [String]
    /// A meeting recorded ahead (`planned = ja`): before its date it is a plan for its school year,
    /// never a meeting held. Until the programme team confirms it (clears `planned`), it does not count.
    public var planned: Bool
    public var origin: String?
    public var source: SourceLocation

    public init(id: String, date: Day, kind: Kind, form: Form?, title: String, participants: [String],
                planned: Bool = false, origin: String?, source: SourceLocation) {
        self.id = id
        self.date = date
        self.kind = kind
        self.form = form
        self.title = title
        self.participants = participants
        self.planned = planned
        self.origin = origin
        self.source = source
    }
}

/// What one vo school reported about one school year. `nil` means "not reported", not zero.
public struct SchoolYearReport: Sendable {
    public var school: String
    public var schoolYear: SchoolYear
    /// The day the school reported; the report is part of the state from then on.
    public var reportedOn: Day
    /// Study-choice information about the mbo given (LOB).
    public var lobVoorlichting: Bool?
    /// A praktijkgericht programme offered (vmbo-gt), developed with the mbo.
    public var praktijkgericht: Bool?
    /// Business activities in the school year.
    public var stages: Int?
    public var werkbezoeken: Int?
    public var praktijkopdrachten: Int?
    /// PrO/vso students cognitively able to follow a ROC trajectory, and how many were offered one.
    public var proVsoAble: Int?
    public var proVsoOffered: Int?
    public var origin: String?
    public var source: SourceLocation

    public init(school: String, schoolYear: SchoolYear, reportedOn: Day, lobVoorlichting: Bool?, praktijkgericht: Bool?,
                stages: Int?, werkbezoeken: Int?, praktijkopdrachten: Int?, proVsoAble: Int?, proVsoOffered: Int?,
                origin: String?, source: SourceLocation) {
        self.school = school
        self.schoolYear = schoolYear
        self.reportedOn = reportedOn
        self.lobVoorlichting = lobVoorlichting
        self.praktijkgericht = praktijkgericht
        self.stages = stages
        self.werkbezoeken = werkbezoeken
        self.praktijkopdrachten = praktijkopdrachten
        self.proVsoAble = proVsoAble
        self.proVsoOffered = proVsoOffered
        self.origin = origin
        self.source = source
    }

    /// Stages, werkbezoeken and praktijkopdrachten together, when any was reported.
    public var businessActivities: Int? {
        let reported = [stages, werkbezoeken, praktijkopdrachten].compactMap { $0 }
        return reported.isEmpty ? nil : reported.reduce(0, +)
    }
}

/// Data one organisation shared with another: vo schools give mbo institutions insight through
/// NCO reports; mbo institutions give vo schools insight into study success and dropout reasons.
public struct DataSharing: Sendable {
    /// What was shared, which also fixes the direction.
    public enum Kind: String, CaseIterable, Sendable {
        /// vo → mbo.
        case ncoRapportage = "nco-rapportage"
        /// mbo → vo.
        case studiesucces
        /// mbo → vo.
        case uitvalredenen
    }
    public var date: Day
    public var from: String
    public var to: String
    public var kind: Kind
    public var origin: String?
    public var source: SourceLocation

    public init(date: Day, from: String, to: String, kind: Kind, origin: String?, source: SourceLocation) {
        self.date = date
        self.from = from
        self.to = to
        self.kind = kind
        self.origin = origin
        self.source = source
    }
}

/// A step in exploring a route for havo students via the mbo.
public struct HavoMilestone: Sendable {
    /// The steps, in the order they are taken.
    public enum Step: String, Sendable, DeclarationOrdered {
        case verkenningGestart = "verkenning-gestart"
        case bevindingenGerapporteerd = "bevindingen-gerapporteerd"
        case besluit
    }
    public var step: Step
    public var date: Day
    public var note: String?
    public var source: SourceLocation

    public init(step: Step, date: Day, note: String?, source: SourceLocation) {
        self.step = step
        self.date = date
        self.note = note
        self.source = source
    }
}

/// A decision that a target, or one school's part in it, does not apply for a while.
public struct Waiver: Sendable {
    public var target: String
    /// The school exempted; `nil` exempts the target as a whole.
    public var school: String?
    public var from: Day
    /// Last day the waiver holds; `nil` for the rest of the covenant.
    public var until: Day?
    public var reason: String
    public var decidedBy: String
    public var source: SourceLocation

    public init(target: String, school: String?, from: Day, until: Day?, reason: String, decidedBy: String,
                source: SourceLocation) {
        self.target = target
        self.school = school
        self.from = from
        self.until = until
        self.reason = reason
        self.decidedBy = decidedBy
        self.source = source
    }

    public func applies(on day: Day) -> Bool {
        from <= day && (until.map { day <= $0 } ?? true)
    }
}
