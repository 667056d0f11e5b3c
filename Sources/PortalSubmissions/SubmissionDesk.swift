import CovenantModel
import FileAccess
import Foundation
import PortalStore
import WorkspaceLoader
import WorkspaceWriter

/// Where a party's submission (a ``SubmissionForm``: the annual return, a route's stage, its
/// attendance of a meeting, evidence for a requirement, a planned meeting) goes from a form to the workspace: saved as a concept, sent, approved
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
    public func returnToParty(id: Int64, seen: Int64? = nil, comment: String, by actor: Actor, now: Int64) async throws -> Submission {
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !comment.isEmpty else {
            throw Refusal(fields: ["opmerking": language.pick("Schrijf erbij wat de school of instelling moet verbeteren.", "Say what the school or institution should correct.")])
        }
        guard var submission = try await store.submission(id: id) else { throw notFound }
        guard submission.state == .ingediend else { throw notWaiting(submission) }
        if let seen, seen != submission.version { throw changedSinceSeen }
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
    /// A `comment` (not required) goes into the submission's thread. `seen` is the version the
    /// reviewer looked at: if the submission changed since (returned, corrected, sent again), the
    /// approval is refused rather than approving values nobody reviewed.
    public func approve(id: Int64, seen: Int64? = nil, by actor: Actor, now: Int64, comment: String = "") async throws -> Submission {
        guard let submission = try await store.submission(id: id), let form = SubmissionForm.named(submission.kind) else { throw notFound }
        return try await FileLock.shared.holding(try lockFile(table: form.table)) {
            try await approveHoldingTheLock(id: id, seen: seen, form: form, by: actor, now: now,
                                            comment: comment.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private func approveHoldingTheLock(id: Int64, seen: Int64?, form: SubmissionForm, by actor: Actor, now: Int64,
                                       comment: String) async throws -> Submission {
        try await finishInterruptedApprovalsHoldingTheLock(form)
        guard var submission = try await store.submission(id: id) else { throw notFound }
        guard submission.state == .ingediend else { throw notWaiting(submission) }
        if let seen, seen != submission.version { throw changedSinceSeen }
        let current = try currentTable(form)
        // The day of approval is the real one, like the day of the return.
        let row = approvedRow(submission, form: form, reviewer: actor.name, on: Self.day(now), current: current)
        let old = current?.rows.first { existing in form.key(of: row).allSatisfy { existing[$0.key] == $0.value } }
        // A new meeting or a requirement's evidence adds a row; one that another approval added in
        // the meantime (two schools planning the same day, two partners proving the same
        // requirement) is not overwritten.
        if form.addsRows, let old {
            throw Refusal(general: [form.subject == .newMeeting
                ? language.pick("Er staat intussen al een overleg met code \(old["id"] ?? "") in de agenda (\(old["title"] ?? "")); deze opgave zou het vervangen. Stuur hem terug met een andere dag.",
                                "There already is a meeting with id \(old["id"] ?? "") on the calendar (\(old["title"] ?? "")); this submission would replace it. Return it for another day.")
                : language.pick("Aan deze eis voldoet de leerroute intussen al volgens de gegevens (\(old["evidence"] ?? "")); deze opgave zou dat bewijs vervangen. Stuur hem terug, of pas de regel aan met een import.",
                                "The route meets this requirement in the data already (\(old["evidence"] ?? "")); this submission would replace that evidence. Return it, or change the row with an import.")])
        }
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
        // In the file's order of columns, as the side-by-side shows them.
        let columns = form.header.filter(row.keys.contains) + row.keys.sorted().filter { !form.header.contains($0) }
        let change = columns.filter { $0 != "source" }.compactMap { column -> String? in
            let before = old?[column] ?? "", after = row[column] ?? ""
            return before == after ? nil : "\(column) \(before.isEmpty ? "–" : before) → \(after.isEmpty ? "–" : after)"
        }
        guard let approved = try await store.updateSubmission(
            submission, expectedVersion: version, comment: comment.isEmpty ? nil : SubmissionComment(at: now, author: actor.name, text: comment),
            audit: audit(submission, action: "submission-approved", actor: actor, now: now,
                         detail: "\(form.file): " + (change.isEmpty ? "no values changed" : change.joined(separator: ", "))
                             + (comment.isEmpty ? "" : "; comment: \(comment)"))) else { throw conflict }
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
            finished += try await FileLock.shared.holding(try lockFile(table: form.table)) { try await finishInterruptedApprovalsHoldingTheLock(form) }
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
    func lockFile(table: String) throws -> String {
        let folder = workspace.appendingPathComponent(".koers/locks", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("\(table).lock").path
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

    var changedSinceSeen: Refusal {
        Refusal(general: [language.pick("Deze opgave is gewijzigd sinds u hem opende (teruggestuurd, verbeterd of opnieuw ingediend); bekijk hem opnieuw.",
                                        "This submission changed since you opened it (returned, corrected or sent again); look at it again.")])
    }

    func notWaiting(_ submission: Submission) -> Refusal {
        Refusal(general: [language.pick("Deze opgave wacht niet op beoordeling (zij is \(submission.state.rawValue)).",
                                        "This submission is not awaiting review (it is \(submission.state.rawValue)).")])
    }
}
