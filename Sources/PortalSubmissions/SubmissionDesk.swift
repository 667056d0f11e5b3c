import CovenantModel
import FileAccess
import Foundation
import PortalStore
import WorkspaceLoader
import WorkspaceWriter

/// Where a party's submission (a ``SubmissionForm``: the annual return, a route's stage, its
/// attendance of a meeting) goes from a form to the workspace: saved as a concept, sent, approved
/// or returned by the programme team. Checked on entry by the same loader as `koers validate`; an
/// approval writes its row into the form's state file atomically, with `source` naming the
/// submission and the reviewer, and is refused (writing nothing) when the workspace would not
/// validate afterwards. Every step leaves an audit line.
///
/// The workspace's files stay the source of every report: only approved data reaches them.
public struct SubmissionDesk: Sendable {
    public let store: PortalStore
    public let workspace: URL
    public let language: Language

    public init(store: PortalStore, workspace: URL, language: Language = .nl) {
        self.store = store
        self.workspace = workspace
        self.language = language
    }

    /// Who acts, from where: the audit log's actor.
    public typealias Actor = AuditActor

    /// Why a step was refused, in words the user can act on; `fields` by column for the form.
    public struct Refusal: Error, Sendable, Equatable {
        public var fields: [String: String]
        public var general: [String]

        public init(fields: [String: String] = [:], general: [String] = []) {
            self.fields = fields
            self.general = general
        }
    }

    // MARK: Reading

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

    // MARK: Checking

    /// What is wrong with `values` as this party's submission of `form` about `period`: by the
    /// rules of `koers validate` (the row is checked in the workspace as if it were approved), and
    /// by the rules of entry — a subject the party may report on; for a school year, one that has
    /// started and is not closed for this party; a reached stage on a day that has come, a planned
    /// one on a day still to come; a meeting the party is not yet recorded at.
    public func check(_ values: [String: String], form: SubmissionForm = .annualReturn, party: String, period: String, today: Day) async throws -> Refusal? {
        let values = form.values(values)
        if let refusal = try await entryRefusal(values, form: form, party: party, period: period, today: today) { return refusal }
        let row = form.row(values, party: party, period: period, day: today, source: "portaal", current: try currentTable(form))
        let (result, line) = try validate(form, with: row)
        let before = WorkspaceLoader.load(from: workspace)
        let known = Set(before.errors.map(\.text))
        var refusal = Refusal()
        for error in result.errors where !known.contains(error.text) {
            let text = error.text.text(in: language)
            let column = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            if error.location.line == line, form.fields.contains(where: { $0.column == column }) {
                refusal.fields[column] = refusal.fields[column] ?? Self.sentence(String(text.dropFirst(column.count + 1)).trimmingCharacters(in: .whitespaces))
            } else {
                refusal.general.append(Self.sentence(text))
            }
        }
        return refusal.fields.isEmpty && refusal.general.isEmpty ? nil : refusal
    }

    private func entryRefusal(_ values: [String: String], form: SubmissionForm, party: String, period: String, today: Day) async throws -> Refusal? {
        switch form.subject {
        case .schoolYear:
            guard let year = SchoolYear(period) else {
                return Refusal(general: [language.pick("'\(period)' is geen schooljaar; schrijf het als 2025-26.", "'\(period)' is not a school year; write it as 2025-26.")])
            }
            if year.firstDay > today {
                return Refusal(general: [language.pick("Schooljaar \(year) is nog niet begonnen (\(year.firstDay)); een opgave volgt tijdens of na het schooljaar.",
                                                       "School year \(year) has not begun yet (\(year.firstDay)); a return comes during or after the school year.")])
            }
            let covenant = covenant()
            if !(covenant?.returnSchoolYears(through: today) ?? []).contains(year) {
                return Refusal(general: [language.pick("Over schooljaar \(year) vraagt het convenant geen jaaropgave.",
                                                       "The covenant asks no annual return for school year \(year).")])
            }
            if try await isClosed(party: party, period: year, today: today, covenant: covenant) {
                let deadline = deadline(of: year, covenant: covenant)
                return Refusal(general: [language.pick(
                    "De termijn voor schooljaar \(year) is op \(deadline) verstreken. Het programmateam kan hem voor u heropenen.",
                    "The period for school year \(year) closed on \(deadline). The programme team can reopen it for you.")])
            }
        case .route:
            guard subjects(form, party: party, today: today, in: loadWorkspace()).contains(where: { $0.id == period }) else {
                return Refusal(general: [language.pick("U werkt niet mee aan leerroute '\(period)'; alleen de partners van een leerroute melden haar fasen.",
                                                       "You do not take part in route '\(period)'; only a route's partners report its stages.")])
            }
            if let date = Day(iso: values["date"] ?? "") {
                if values["planned"] == "ja", date <= today {
                    return Refusal(fields: ["date": language.pick("Een geplande stap ligt na vandaag (\(today)); is hij al bereikt, kies dan 'bereikt'.",
                                                                  "A planned step lies after today (\(today)); if it was reached, choose 'reached'.")])
                }
                if values["planned"] != "ja", date > today {
                    return Refusal(fields: ["date": language.pick("Een bereikte fase ligt niet na vandaag (\(today)); komt hij nog, kies dan 'gepland'.",
                                                                  "A stage reached does not lie after today (\(today)); if it is still to come, choose 'planned'.")])
                }
            }
        case .event:
            guard let event = subjects(form, party: party, today: today, in: loadWorkspace()).first(where: { $0.id == period }) else {
                return Refusal(general: [language.pick("Overleg '\(period)' is niet gehouden in dit of het vorige schooljaar; alleen daarvan meldt u uw aanwezigheid.",
                                                       "Meeting '\(period)' was not held this school year or the one before; attendance is reported only for those.")])
            }
            if event.done {
                return Refusal(general: [language.pick("U staat al als aanwezig bij dit overleg.", "You are already recorded as present at this meeting.")])
            }
        case .newMeeting:
            guard period == "nieuw", !subjects(form, party: party, today: today, in: loadWorkspace()).isEmpty else {
                return Refusal(general: [language.pick("Alleen een school of instelling plant een overleg.", "Only a school or institution plans a meeting.")])
            }
            if let date = Day(iso: values["date"] ?? "") {
                if date <= today {
                    return Refusal(fields: ["date": language.pick("Een gepland overleg ligt na vandaag (\(today)); was het al, meld dan uw aanwezigheid.",
                                                                  "A planned meeting lies after today (\(today)); if it was held, report your attendance.")])
                }
                let row = form.row(values, party: party, period: period, day: today, source: "", current: try currentTable(form))
                if try currentTable(form)?.rows.contains(where: { $0["id"] == row["id"] }) == true {
                    return Refusal(fields: ["date": language.pick("Op \(date) staat al een \(values["kind"] ?? "") in de agenda (\(row["id"] ?? "")); kies een andere dag of meld uw aanwezigheid daar.",
                                                                  "There already is a \(values["kind"] ?? "") on \(date) (\(row["id"] ?? "")); choose another day or report your attendance there.")])
                }
            }
        case .requirement:
            guard subjects(form, party: party, today: today, in: loadWorkspace()).contains(where: { $0.id == period }) else {
                return Refusal(general: [language.pick("Voor '\(period)' kunt u geen bewijs aanleveren: het is geen open eis van een leerroute waaraan u meewerkt.",
                                                       "You cannot send evidence for '\(period)': it is not an open requirement of a route you take part in.")])
            }
            if let date = Day(iso: values["date"] ?? ""), date > today {
                return Refusal(fields: ["date": language.pick("Aan een eis is voldaan op een dag die geweest is; vandaag is het \(today).",
                                                              "A requirement is met on a day that has passed; today is \(today).")])
            }
            if !(values["bestand"] ?? "").isEmpty, EvidenceFile(descriptor: values["bestand"] ?? "") == nil {
                return Refusal(fields: ["bestand": language.pick("Het bestand is niet gevonden; kies het opnieuw.", "The file was not found; choose it again.")])
            }
        }
        return nil
    }

    /// The school years a return is owed for and that have begun by `today`
    /// (``Covenant/returnSchoolYears(through:)``); none while covenant.yaml has errors.
    public func schoolYears(through today: Day, covenant: Covenant?) -> [SchoolYear] {
        covenant?.returnSchoolYears(through: today) ?? []
    }

    /// The day the period of `year` closes: `returns.annual_return_due` in covenant.yaml (by
    /// default the school year's last day) in the year the school year ends.
    public func deadline(of year: SchoolYear, covenant: Covenant?) -> Day {
        (covenant?.annualReturnDue ?? MonthDay(month: 7, day: 31)).deadline(of: year)
    }

    /// Whether the annual return's period has passed for this party, and was not reopened for it.
    public func isClosed(party: String, period: SchoolYear, today: Day, covenant: Covenant?) async throws -> Bool {
        guard today > deadline(of: period, covenant: covenant) else { return false }
        return try await store.reopening(party: party, kind: SubmissionForm.annualReturn.kind, period: period.description) == nil
    }

    // MARK: A party's steps

    /// Saves the values as the party's concept (a new one, or the open one while it is a concept
    /// or returned). Values are checked only when sent.
    public func save(_ values: [String: String], form: SubmissionForm = .annualReturn, party: String, period: String, by actor: Actor,
                     now: Int64) async throws -> Submission {
        let values = form.values(values)
        if var open = try await openSubmission(form, party: party, period: period) {
            guard open.state != .ingediend else {
                throw Refusal(general: [language.pick("Deze opgave is ingediend en wacht op het programmateam; u kunt hem niet meer wijzigen.",
                                                      "This submission has been sent and awaits the programme team; it can no longer change.")])
            }
            let version = open.version
            open.fields = values
            open.updatedAt = now
            guard let saved = try await store.updateSubmission(open, expectedVersion: version, comment: nil, audit: audit(
                open, action: "submission-saved", actor: actor, now: now, detail: form.describe(values))) else { throw conflict }
            return saved
        }
        // A correction of an approved return refers to it; stages and attendances are new facts.
        let approved = form.subject == .schoolYear
            ? try await store.submissions(party: party, states: [.goedgekeurd], kind: form.kind).first { $0.period == period } : nil
        return try await store.addSubmission(party: party, kind: form.kind, period: period, fields: values,
                                             replaces: approved?.id, by: actor.name, now: now, audit: AuditEntry(
                                                 at: now, actor: actor.name, action: "submission-created", subject: "", party: party,
                                                 detail: "\(form.kind) \(period)\(approved.map { ", corrects opgave \($0.id)" } ?? ""): "
                                                     + form.describe(values), address: actor.address))
    }

    /// The annual return's concept for a school year.
    public func save(_ values: [String: String], party: String, period: SchoolYear, by actor: Actor, now: Int64) async throws -> Submission {
        try await save(values, form: .annualReturn, party: party, period: period.description, by: actor, now: now)
    }

    /// Sends the party's concept (or returned submission) for review, once it checks out; a
    /// `comment` for the programme team goes into the submission's thread.
    public func submit(id: Int64, party: String, comment: String = "", by actor: Actor, now: Int64, today: Day) async throws -> Submission {
        guard var submission = try await store.submission(id: id), submission.party == party, let form = SubmissionForm.named(submission.kind)
        else { throw notFound }
        guard submission.state == .concept || submission.state == .teruggestuurd else {
            throw Refusal(general: [language.pick("Deze opgave is al ingediend of goedgekeurd.", "This submission was already sent or approved.")])
        }
        if let refusal = try await check(submission.fields, form: form, party: party, period: submission.period, today: today) { throw refusal }
        let version = submission.version
        submission.state = .ingediend
        submission.submittedAt = now
        submission.updatedAt = now
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        let remark = comment.isEmpty ? nil : SubmissionComment(at: now, author: actor.name, text: comment)
        guard let sent = try await store.updateSubmission(submission, expectedVersion: version, comment: remark, audit: audit(
            submission, action: "submission-sent", actor: actor, now: now,
            detail: form.describe(submission.fields) + (comment.isEmpty ? "" : "; comment: \(comment)"))) else { throw conflict }
        return sent
    }

    /// Opens a closed school year again for one party's annual return, with the reason (in the audit log).
    public func reopen(party: String, period: SchoolYear, reason: String, by actor: Actor, now: Int64, today: Day) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw Refusal(fields: ["reden": language.pick("Schrijf de reden op; die komt in het logboek.", "Give the reason; it goes into the audit log.")])
        }
        guard try await isClosed(party: party, period: period, today: today, covenant: covenant()) else {
            throw Refusal(general: [language.pick("Schooljaar \(period) is voor deze school nog open.", "School year \(period) is still open for this school.")])
        }
        let kind = SubmissionForm.annualReturn.kind
        try await store.reopen(ReopenedPeriod(party: party, kind: kind, period: period.description, reason: reason, by: actor.name, at: now),
                               audit: AuditEntry(at: now, actor: actor.name, action: "period-reopened", subject: "\(kind) \(period)",
                                                 party: party, detail: "reason: \(reason)", address: actor.address))
    }

    // MARK: The programme team's steps

    /// Sends a submission back to the party with a comment.
    public func returnToParty(id: Int64, comment: String, by actor: Actor, now: Int64) async throws -> Submission {
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !comment.isEmpty else {
            throw Refusal(fields: ["opmerking": language.pick("Schrijf erbij wat de school of instelling moet verbeteren.", "Say what the school or institution should correct.")])
        }
        guard var submission = try await store.submission(id: id) else { throw notFound }
        guard submission.state == .ingediend else { throw notWaiting(submission) }
        let version = submission.version
        submission.state = .teruggestuurd
        submission.reviewedBy = actor.name
        submission.reviewedAt = now
        submission.updatedAt = now
        guard let returned = try await store.updateSubmission(
            submission, expectedVersion: version, comment: SubmissionComment(at: now, author: actor.name, text: comment),
            audit: audit(submission, action: "submission-returned", actor: actor, now: now, detail: "comment: \(comment)")) else { throw conflict }
        return returned
    }

    /// Approves a sent submission: its row goes into the form's state file (replacing the row
    /// with its key, if any), and the workspace must still validate; otherwise nothing is written
    /// and the refusal says why. The approval and its audit line (old and new values) are recorded
    /// before the file is replaced, and the file's write afterwards, so that an approval
    /// interrupted between the two is finished by ``finishInterruptedApprovals()``.
    public func approve(id: Int64, by actor: Actor, now: Int64) async throws -> Submission {
        guard let submission = try await store.submission(id: id), let form = SubmissionForm.named(submission.kind) else { throw notFound }
        return try await FileLock.shared.holding(try lockFile(form)) { try await approveHoldingTheLock(id: id, form: form, by: actor, now: now) }
    }

    private func approveHoldingTheLock(id: Int64, form: SubmissionForm, by actor: Actor, now: Int64) async throws -> Submission {
        try await finishInterruptedApprovalsHoldingTheLock(form)
        guard var submission = try await store.submission(id: id) else { throw notFound }
        guard submission.state == .ingediend else { throw notWaiting(submission) }
        let current = try currentTable(form)
        // The day of approval is the real one, like the day of the return.
        let row = approvedRow(submission, form: form, reviewer: actor.name, on: Self.day(now), current: current)
        let old = current?.rows.first { existing in form.key(of: row).allSatisfy { existing[$0.key] == $0.value } }
        let (result, _) = try validate(form, with: row)
        if !result.errors.isEmpty {
            throw Refusal(general: [language.pick("Met deze opgave zou de werkmap niet kloppen; er is niets geschreven:",
                                                  "With this submission the workspace would not validate; nothing was written:")]
                + result.errors.prefix(10).map { $0.text(in: language) })
        }
        let version = submission.version
        submission.state = .goedgekeurd
        submission.reviewedBy = actor.name
        submission.reviewedAt = now
        submission.updatedAt = now
        let change = row.keys.sorted().filter { $0 != "source" }.compactMap { column -> String? in
            let before = old?[column] ?? "", after = row[column] ?? ""
            return before == after ? nil : "\(column) \(before.isEmpty ? "–" : before) → \(after.isEmpty ? "–" : after)"
        }
        guard let approved = try await store.updateSubmission(submission, expectedVersion: version, comment: nil, audit: audit(
            submission, action: "submission-approved", actor: actor, now: now,
            detail: "\(form.file): " + (change.isEmpty ? "no values changed" : change.joined(separator: ", ")))) else { throw conflict }
        try write(form, row)
        try await store.markWritten(submissionID: approved.id, at: now)
        try await commitIfAsked(approved, form: form, reviewer: actor, now: now)
        return approved
    }

    /// Writes the rows of approvals that were recorded but whose file write did not happen (the
    /// process stopped in between): the audit log says they were approved, so the file must too.
    /// Returns how many it finished. Also removes what a write stopped halfway left behind (a
    /// temporary file next to the state file).
    @discardableResult
    public func finishInterruptedApprovals() async throws -> Int {
        var finished = 0
        for form in SubmissionForm.all {
            finished += try await FileLock.shared.holding(try lockFile(form)) { try await finishInterruptedApprovalsHoldingTheLock(form) }
        }
        return finished
    }

    @discardableResult
    private func finishInterruptedApprovalsHoldingTheLock(_ form: SubmissionForm) async throws -> Int {
        let path = workspace.appendingPathComponent(form.file).path
        for leftover in AtomicFile.leftovers(of: path) { try? FileManager.default.removeItem(atPath: leftover) }
        let unwritten = try await store.unwrittenApprovals(kind: form.kind)
        for submission in unwritten {
            try write(form, approvedRow(submission, form: form, reviewer: submission.reviewedBy ?? "?", on: Self.day(submission.reviewedAt ?? 0),
                                        current: try currentTable(form)))
            try await store.markWritten(submissionID: submission.id, at: submission.reviewedAt ?? 0)
            try await commitIfAsked(submission, form: form, reviewer: Actor(name: submission.reviewedBy ?? "koers", address: "portal start"),
                                    now: submission.reviewedAt ?? 0)
        }
        return unwritten.count
    }

    // MARK: The file

    /// Commits the state file with the reviewer as author when covenant.yaml asks for it and the
    /// workspace is a git repository. A commit that fails does not undo the approval (the file
    /// is written and valid); the audit log says why it failed, to commit by hand.
    func commitIfAsked(_ submission: Submission, form: SubmissionForm, reviewer: Actor, now: Int64) async throws {
        guard covenant()?.commitApprovals == true, WorkspaceGit.isRepository(workspace) else { return }
        let message = "\(form.title.nl) \(submission.period) van \(submission.party) (opgave \(submission.id)), goedgekeurd door \(reviewer.name)"
        do {
            try WorkspaceGit.commit(form.file, in: workspace, author: reviewer.name, message: message)
        } catch {
            try await store.append(AuditEntry(at: now, actor: reviewer.name, action: "commit-failed", subject: "opgave \(submission.id)",
                                              party: submission.party, detail: "\(error)", address: reviewer.address))
        }
    }

    /// The row an approval writes. `source` names the submission, the reviewer and the day; an
    /// annual return is dated the day it was sent.
    func approvedRow(_ submission: Submission, form: SubmissionForm, reviewer: String, on day: Day, current: EditableCSV?) -> [String: String] {
        form.row(submission.fields, party: submission.party, period: submission.period, day: Self.day(submission.submittedAt ?? submission.updatedAt),
                 source: PortalApproval(submission: Int(submission.id), reviewer: reviewer, day: day).source, current: current)
    }

    /// The lock of the form's state file, in the workspace's `.koers/` (kept out of git), not
    /// beside the file the programme team edits.
    func lockFile(_ form: SubmissionForm) throws -> String {
        let folder = workspace.appendingPathComponent(".koers/locks", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("\(form.table).lock").path
    }

    /// The form's state table as it is now; nil when the workspace has none yet.
    ///
    /// Not inlined (nor are ``table(_:with:)`` and ``write(_:_:)``): inlined into the async
    /// approval, their typed throws crash Swift 6.3.1's optimiser (signal 11 while splitting the
    /// coroutine) in a release build.
    @inline(never)
    func currentTable(_ form: SubmissionForm) throws -> EditableCSV? {
        let path = workspace.appendingPathComponent(form.file).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        do { return try EditableCSV(text: text) } catch {
            throw Refusal(general: [language.pick("\(form.file) is niet te lezen (\(error)); herstel het bestand eerst.",
                                                  "\(form.file) cannot be read (\(error)); repair the file first.")])
        }
    }

    /// The table with `row` in it, as the file would be.
    @inline(never)  // see currentTable(_:)
    func table(_ form: SubmissionForm, with row: [String: String]) throws -> EditableCSV {
        var table = try currentTable(form) ?? EditableCSV(text: form.header.joined(separator: ";") + "\r\n")
        // A column the file does not have is left out while it is empty; with a value it is said.
        do {
            try table.upsert(row.filter { table.header.contains($0.key) || !$0.value.isEmpty }, key: form.key)
        } catch .unknownColumn(let column) {
            throw Refusal(general: [language.pick(
                "\(form.file) heeft geen kolom '\(column)'; voeg die kolom toe (docs/workspace.md) en probeer het opnieuw.",
                "\(form.file) has no column '\(column)'; add the column (docs/workspace.md) and try again.")])
        } catch {
            throw Refusal(general: ["\(form.file): \(error)"])
        }
        return table
    }

    /// The workspace loaded as if `row` were in the form's file, and the line the row is on.
    func validate(_ form: SubmissionForm, with row: [String: String]) throws -> (WorkspaceLoadResult, Int?) {
        let table = try table(form, with: row)
        let fixture = StateFixture(folder: workspace, folderName: nil, tables: [form.table: table.text], label: "opgave",
                                   namesInlineTablesAsFiles: true)
        return (WorkspaceLoader.load(from: workspace, fixture: fixture), table.line(ofRecordWith: form.key(of: row)))
    }

    @inline(never)  // see currentTable(_:)
    func write(_ form: SubmissionForm, _ row: [String: String]) throws {
        let table = try table(form, with: row)
        try AtomicFile.replace(workspace.appendingPathComponent(form.file).path, with: Array(table.text.utf8))
    }

    // MARK: Helpers

    /// The day in the Netherlands at a moment (Unix seconds).
    public static func day(_ seconds: Int64) -> Day {
        let offset = TimeZone(identifier: "Europe/Amsterdam")?.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))) ?? 0
        return Day(ordinal: Int((seconds + Int64(offset)) / 86_400))
    }

    static func sentence(_ clause: String) -> String {
        guard let first = clause.first else { return clause }
        let capitalised = first.uppercased() + clause.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }

    func audit(_ submission: Submission, action: String, actor: Actor, now: Int64, detail: String) -> AuditEntry {
        AuditEntry(at: now, actor: actor.name, action: action, subject: "opgave \(submission.id)", party: submission.party,
                   detail: "\(submission.kind) \(submission.period): \(detail)", address: actor.address)
    }

    var notFound: Refusal { Refusal(general: [language.pick("Deze opgave bestaat niet.", "This submission does not exist.")]) }

    var conflict: Refusal {
        Refusal(general: [language.pick("Iemand anders heeft deze opgave intussen gewijzigd; laad de pagina opnieuw.",
                                        "Someone else changed this submission in the meantime; reload the page.")])
    }

    func notWaiting(_ submission: Submission) -> Refusal {
        Refusal(general: [language.pick("Deze opgave wacht niet op beoordeling (zij is \(submission.state.rawValue)).",
                                        "This submission is not awaiting review (it is \(submission.state.rawValue)).")])
    }
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
