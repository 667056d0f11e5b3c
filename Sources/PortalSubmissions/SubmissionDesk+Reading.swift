import CovenantModel
import Foundation
import PortalStore
import WorkspaceLoader
import WorkspaceWriter

/// What a party may report on, what Koers already knows of it, and the rows a submission
/// touches: what the forms are prefilled with and the review's side-by-side is made of.
extension SubmissionDesk {

    /// What a party may report on with `form`, on `today`, in `workspace` (as loaded now): the
    /// school years owed so far, the routes it is a partner of, the meetings held in this school
    /// year and the one before.
    public func subjects(_ form: SubmissionForm, party: String, today: Day, in workspace: Workspace?) -> [FormSubject] {
        guard let workspace else { return [] }
        switch form.subject {
        case .schoolYear:
            guard workspace.schools.contains(where: { $0.id == party }) else { return [] }
            return workspace.covenant.returnSchoolYears(through: today).reversed().map {
                FormSubject(id: $0.description, title: "\(language.pick("schooljaar", "school year")) \($0)", date: nil, done: false)
            }
        case .route:
            return workspace.routes.filter { $0.schools.contains(party) || $0.institution == party }.map { route in
                let reached = route.stages.filter { !$0.planned && $0.date <= today }.max { $0.stage < $1.stage }
                return FormSubject(id: route.id, title: route.name, date: reached?.date,
                                   done: reached?.stage == .gestopt || reached?.stage == .eersteCohortGestart)
            }
        case .newMeeting:
            guard workspace.schools.contains(where: { $0.id == party }) || workspace.institutions.contains(where: { $0.id == party }) else { return [] }
            return [FormSubject(id: "nieuw", title: language.pick("Een overleg plannen", "Plan a meeting"), date: nil, done: false)]
        case .requirement:
            // Per route the party takes part in, the requirements it does not meet yet.
            return workspace.routes.filter { $0.schools.contains(party) || $0.institution == party }.flatMap { route in
                let met = Set(route.requirements.map(\.requirement))
                // R2 asks something of a GLR only, R3 and R16 of a DLR only.
                let applies: (LegalRequirement) -> Bool = { requirement in
                    switch requirement {
                    case .r2: route.kind == .glr
                    case .r3, .r16: route.kind == .dlr
                    default: true
                    }
                }
                return LegalRequirement.allCases.filter { !met.contains($0) && applies($0) }.map { requirement in
                    FormSubject(id: "\(route.id)/\(requirement)", title: "\(route.name): \(requirement) \(requirement.words.text(in: language))",
                                date: nil, done: false)
                }
            }
        case .event:
            let from = SchoolYear(startYear: SchoolYear(containing: today).startYear - 1).firstDay
            // The meetings schools and institutions take part in; the stuurgroep and monitoring are the boards'.
            let kinds: Set<Event.Kind> = [.decanenoverleg, .kennisdeling, .overig]
            return workspace.events.filter { kinds.contains($0.kind) && !$0.planned && $0.date <= today && $0.date >= from }.sorted { ($0.date, $0.id) > ($1.date, $1.id) }
                .map { FormSubject(id: $0.id, title: $0.title, date: $0.date, done: $0.participants.contains(party)) }
        }
    }

    /// The values Koers has for this party's submission: the open submission's, else what the
    /// state holds (the approved return; a route's planned step, or the stage after the one it
    /// reached), else nothing.
    public func prefill(_ form: SubmissionForm, party: String, period: String, in workspace: Workspace?) async throws -> [String: String] {
        if let open = try await openSubmission(form, party: party, period: period) { return open.fields }
        switch form.subject {
        case .schoolYear:
            guard let row = try currentTable(form)?.rows.first(where: { $0["school"] == party && $0["school_year"] == period }) else { return [:] }
            return form.values(row)
        case .route:
            guard let route = workspace?.routes.first(where: { $0.id == period }) else { return [:] }
            if let plan = route.stages.filter(\.planned).min(by: { $0.date < $1.date }) {
                return ["stage": plan.stage.rawValue, "date": plan.date.description, "planned": "ja"]
            }
            let reached = route.stages.map(\.stage).max()
            let next = RouteStage.allCases.first { stage in stage != .gestopt && reached.map { stage > $0 } ?? true }
            return ["stage": next?.rawValue ?? "", "date": "", "planned": ""]
        case .event, .requirement, .newMeeting:
            return [:]
        }
    }

    /// The row of the form's state file that `values` would replace, by column; nil when there
    /// is none (a new row).
    public func currentRow(_ form: SubmissionForm, values: [String: String], party: String, period: String) throws -> [String: String]? {
        let table = try currentTable(form)
        let key = form.key(of: form.row(values, party: party, period: period, day: Day(ordinal: 0), source: "", current: table))
        return table?.rows.first { row in key.allSatisfy { row[$0.key] == $0.value } }
    }

    /// The row a submission would write, as the file is now, and the row it would replace (nil
    /// for a new row): the programme team's side-by-side.
    public func rows(of submission: Submission) throws -> (current: [String: String]?, proposed: [String: String]) {
        guard let form = SubmissionForm.named(submission.kind) else { return (nil, submission.fields) }
        let table = try currentTable(form)
        let proposed = form.row(submission.fields, party: submission.party, period: submission.period,
                                day: Self.day(submission.submittedAt ?? submission.updatedAt), source: "", current: table)
        let key = form.key(of: proposed)
        return (table?.rows.first { row in key.allSatisfy { row[$0.key] == $0.value } }, proposed)
    }

    /// The `reported_on` of the school's annual return for the year in the state file, if any.
    public func receivedDay(party: String, period: SchoolYear) throws -> Day? {
        try currentTable(.annualReturn)?.rows.first { $0["school"] == party && $0["school_year"] == period.description }?["reported_on"]
            .flatMap { Day(iso: $0) }
    }

    /// The party's submission of the form for the period that is not approved yet (a concept,
    /// sent, or returned).
    public func openSubmission(_ form: SubmissionForm, party: String, period: String) async throws -> Submission? {
        try await store.submissions(party: party, states: [.concept, .ingediend, .teruggestuurd], kind: form.kind)
            .first { $0.period == period }
    }

    /// The workspace as loaded now; nil while it has errors.
    public func loadWorkspace() -> Workspace? { WorkspaceLoader.load(from: workspace).workspace }

    /// covenant.yaml as it is now; nil while it has errors. Read it once per request and pass
    /// it on: the closing dates below depend on it.
    public func covenant() -> Covenant? { WorkspaceLoader.covenant(in: workspace) }
}

/// Something a party may report on with a form: a school year, a route, a held meeting.
public struct FormSubject: Sendable, Equatable {
    /// The submission's period: `2025-26`, a route's id, a meeting's id.
    public var id: String
    /// How the portal names it: "schooljaar 2025-26", the route's or the meeting's title.
    public var title: String
    /// The meeting's day, or the day of the stage the route reached last.
    public var date: Day?
    /// Nothing more to report: the party is recorded at the meeting, the route has started or stopped.
    public var done: Bool
}
