import CovenantModel
import TargetJudgement

/// The sentences of board, route and self-check pages, calendars and comparisons, per language.
extension Vocabulary {
    private var dutch: Bool { language == .nl }

    /// A route stage in words: `in ontwikkeling`, `eerste cohort gestart`.
    public func stage(_ stage: RouteStage) -> String {
        switch stage {
        case .verkenning: dutch ? "verkenning" : "exploration"
        case .inOntwikkeling: dutch ? "in ontwikkeling" : "in development"
        case .overeenkomstGetekend: dutch ? "overeenkomst getekend" : "agreement signed"
        case .duoRegistratie: dutch ? "geregistreerd bij DUO" : "registered with DUO"
        case .eersteCohortGestart: dutch ? "eerste cohort gestart" : "first cohort started"
        case .gestopt: dutch ? "gestopt" : "stopped"
        }
    }

    /// What comes after `stage`, with the planned day when the register has one.
    public func nextStep(after stage: RouteStage, planned: (stage: RouteStage, day: Day)?) -> String {
        if let planned {
            return dutch ? "\(self.stage(planned.stage)), gepland op \(date(planned.day))"
                : "\(self.stage(planned.stage)), planned for \(date(planned.day))"
        }
        switch stage {
        case .gestopt: return dutch ? "geen: de route is gestopt en telt niet meer mee" : "none: the route has stopped and no longer counts"
        case .eersteCohortGestart: return dutch ? "de route loopt; elk schooljaar een nieuw cohort" : "the route runs; a new cohort every school year"
        default:
            let next = RouteStage.allCases.first { $0 > stage && $0 != .gestopt }!
            return dutch ? "\(self.stage(next)) (nog niet gepland)" : "\(self.stage(next)) (not yet planned)"
        }
    }

    /// The time window of a target's city figure, said the same way on every page.
    public func window(of target: Target, judgedSchoolYear: String?, schoolYear: SchoolYear) -> String {
        switch target.kind {
        case .countPerSchoolYear: return dutch ? "schooljaar \(schoolYear)" : "school year \(schoolYear)"
        case .cumulativeCount, .milestones: return dutch ? "sinds \(date(target.baselineDate))" : "since \(date(target.baselineDate))"
        case .indicatorLevel, .indicatorEveryPeriod, .indicatorImprovement: return dutch ? "nieuwste meting" : "newest measurement"
        case .coverage:
            if let year = judgedSchoolYear { return dutch ? "opgaven \(year)" : "returns \(year)" }
            return dutch ? "nieuwste opgaven" : "newest returns"
        }
    }

    /// "de stad heeft nog 1 route nodig; 20 scholen kunnen die bijdragen".
    public func sharedAsk(_ ask: SharedAsk, schools: Bool) -> String {
        let needed = shortfall(ask.needed, unit: ask.unit, measured: ask.measured)
        let who = schools ? (dutch ? (ask.candidates == 1 ? "school kan" : "scholen kunnen") : (ask.candidates == 1 ? "school can" : "schools can"))
            : (dutch ? (ask.candidates == 1 ? "instelling kan" : "instellingen kunnen") : (ask.candidates == 1 ? "institution can" : "institutions can"))
        return dutch ? "\(whole) heeft nog \(needed) nodig; \(ask.candidates) \(who) daaraan bijdragen"
            : "\(whole) still needs \(needed); \(ask.candidates) \(who) contribute"
    }

    /// A self-check row of a candidate: the shared ask, and that it is not asked of this one alone.
    public func candidateNote(_ ask: SharedAsk?, schools: Bool) -> String {
        guard let ask, ask.needed > 0 else {
            return dutch ? "het doel van \(whole) is gehaald; een bijdrage blijft welkom" : "\(whole)'s target is reached; a contribution is still welcome"
        }
        return sharedAsk(ask, schools: schools) + (dutch ? ", u bent er één van" : ", you are one of them")
    }

    /// "Scholen met dezelfde niveaus (vmbo-b, vmbo-k): 5 van 12 dragen bij".
    public func peers(levels: String, contributing: Int, named: Int, district: Stadsdeel?) -> String {
        let place = district.map { dutch ? " in \($0.rawValue)" : " in \($0.rawValue)" } ?? ""
        let one = contributing == 1
        return dutch ? "andere scholen met dezelfde niveaus (\(levels))\(place): \(contributing) van de \(named) \(one ? "draagt" : "dragen") bij"
            : "other schools with the same levels (\(levels))\(place): \(contributing) of \(named) \(one ? "contributes" : "contribute")"
    }

    /// Why the comparison is with this day.
    public func comparisonBasis(_ basis: Comparison.Basis, day: Day) -> String {
        switch basis {
        case .given: return dutch ? "vergeleken met \(date(day))" : "compared with \(date(day))"
        case .monitoring(let title):
            return dutch ? "vergeleken met het vorige monitoringsmoment: \(title), \(date(day))"
                : "compared with the previous monitoring moment: \(title), \(date(day))"
        case .sixMonths:
            return dutch ? "vergeleken met \(date(day)) (zes maanden eerder; er is geen eerder monitoringsmoment)"
                : "compared with \(date(day)) (six months earlier; there is no earlier monitoring moment)"
        }
    }

    /// "achter → op koers, 9 → 10 scholen" or "ongewijzigd: op koers, 10 scholen".
    public func change(_ change: TargetChange) -> String {
        let statusText = change.statusChanged ? "\(status(change.statusThen)) → \(status(change.statusNow))" : status(change.statusNow)
        let valueText = change.valueThen == change.valueNow ? amount(change.valueNow, unit: change.unit, measured: change.measured)
            : "\(amount(change.valueThen, unit: change.unit, measured: change.measured)) → \(amount(change.valueNow, unit: change.unit, measured: change.measured))"
        if !change.changed { return (dutch ? "ongewijzigd: " : "unchanged: ") + "\(statusText), \(valueText)" }
        return "\(statusText), \(valueText)"
    }

    /// The line of a changed record.
    public func routeStageChange(route: String, from: RouteStage?, to: RouteStage) -> String {
        if let from {
            return dutch ? "\(route): \(stage(from)) → \(stage(to))" : "\(route): \(stage(from)) → \(stage(to))"
        }
        return dutch ? "\(route): nieuwe route, \(stage(to))" : "\(route): new route, \(stage(to))"
    }

    public func meetingHeld(_ title: String, participants: Int) -> String {
        let one = participants == 1
        return dutch ? "\(title) gehouden (\(participants) \(one ? "deelnemer" : "deelnemers"))"
            : "\(title) held (\(participants) \(one ? "participant" : "participants"))"
    }

    public func annualReturn(school: String, schoolYear: SchoolYear) -> String {
        dutch ? "\(school): jaaropgave \(schoolYear) ingediend" : "\(school): annual return \(schoolYear) made"
    }

    public func dataShared(from: String, to: String, kind: DataSharing.Kind) -> String {
        let what = switch kind {
        case .ncoRapportage: dutch ? "NCO-rapportage" : "NCO report"
        case .studiesucces: dutch ? "studiesucces" : "study success"
        case .uitvalredenen: dutch ? "uitvalredenen" : "reasons for dropping out"
        }
        return dutch ? "\(from) → \(to): \(what) gedeeld" : "\(from) → \(to): \(what) shared"
    }

    // Calendar

    public func returnDue(_ schoolYear: SchoolYear) -> String {
        dutch ? "Jaaropgave \(schoolYear) indienen" : "Make the annual return \(schoolYear)"
    }

    /// What the return is and when it is due (`returns.annual_return_due` in covenant.yaml).
    public func returnDueDetail(_ schoolYear: SchoolYear, due: Day) -> String {
        dutch ? "De opgave over schooljaar \(schoolYear) (LOB-voorlichting, praktijkgericht programma, bedrijfsleven, PrO/vso) is uiterlijk op \(date(due)) nodig."
            : "The return for school year \(schoolYear) (LOB, practice-oriented programme, business activities, PrO/vso) is needed by \(date(due))."
    }

    public func returnExpires(_ schoolYear: SchoolYear, reportedOn: Day, expired: Bool) -> String {
        if expired {
            return dutch ? "Jaaropgave \(schoolYear) (ingediend \(date(reportedOn))) telt niet meer" : "Annual return \(schoolYear) (made \(date(reportedOn))) no longer counts"
        }
        return dutch ? "Jaaropgave \(schoolYear) (ingediend \(date(reportedOn))) telt na deze dag niet meer" : "Annual return \(schoolYear) (made \(date(reportedOn))) stops counting after this day"
    }

    public func plannedRouteStep(route: String, stage: RouteStage) -> String {
        dutch ? "\(route): \(self.stage(stage)) (gepland)" : "\(route): \(self.stage(stage)) (planned)"
    }

    /// "ZAAM tekende het convenant niet" for a non-party's board.
    public func notParty(board: String?) -> String {
        guard let board else { return dutch ? "geen partij bij het convenant" : "not party to the covenant" }
        return dutch ? "geen partij bij het convenant (bestuur \(board) tekende niet)" : "not party to the covenant (its board \(board) did not sign)"
    }
}
