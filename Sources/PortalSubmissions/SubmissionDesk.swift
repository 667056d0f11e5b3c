import CovenantModel
import FileAccess
import Foundation
import PortalStore
import WorkspaceLoader
import WorkspaceWriter

/// Where a party's annual return goes from a form to the workspace: saved as a concept, sent,
/// approved or returned by the programme team. Checked on entry by the same loader as
/// `koers validate`; an approval writes its row into `state/school-years.csv` atomically, with
/// `source` naming the submission and the reviewer, and is refused (writing nothing) when the
/// workspace would not validate afterwards. Every step leaves an audit line.
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

    /// The values Koers has for this party's return: the open submission's, else the approved
    /// row of the file, else nothing.
    public func prefill(party: String, period: SchoolYear) async throws -> [String: String] {
        if let open = try await openSubmission(party: party, period: period) { return open.fields }
        guard let table = try currentTable(),
              let row = table.rows.first(where: { $0["school"] == party && $0["school_year"] == period.description }) else { return [:] }
        return Dictionary(uniqueKeysWithValues: AnnualReturn.fields.map { ($0.column, row[$0.column] ?? "") })
    }

    /// The party's row for the period in the state file now (approved or typed in by the
    /// programme team), by column; nil when there is none.
    public func currentRow(party: String, period: String) throws -> [String: String]? {
        try currentTable()?.rows.first { $0["school"] == party && $0["school_year"] == period }
    }

    /// The `reported_on` of the party's row for the period in the state file, if there is one.
    public func receivedDay(party: String, period: SchoolYear) throws -> Day? {
        try currentRow(party: party, period: period.description)?["reported_on"].flatMap { Day(iso: $0) }
    }

    /// The party's submission for the period that is not approved yet (a concept, sent, or returned).
    public func openSubmission(party: String, period: SchoolYear) async throws -> Submission? {
        try await store.submissions(party: party, states: [.concept, .ingediend, .teruggestuurd], kind: AnnualReturn.kind)
            .first { $0.period == period.description }
    }

    // MARK: Checking

    /// What is wrong with `fields` as this party's return for `period`, by the rules of
    /// `koers validate` (the row is checked in the workspace as if it were approved), and by the
    /// rules of entry: a known school year that has started, and not closed for this party.
    public func check(_ fields: [String: String], party: String, period: String, today: Day) async throws -> Refusal? {
        guard let year = SchoolYear(period) else {
            return Refusal(general: [language.pick("'\(period)' is geen schooljaar; schrijf het als 2025-26.", "'\(period)' is not a school year; write it as 2025-26.")])
        }
        if year.firstDay > today {
            return Refusal(general: [language.pick("Schooljaar \(year) is nog niet begonnen (\(year.firstDay)); een opgave volgt tijdens of na het schooljaar.",
                                                   "School year \(year) has not begun yet (\(year.firstDay)); a return comes during or after the school year.")])
        }
        if !schoolYears(through: today).contains(year) {
            return Refusal(general: [language.pick("Over schooljaar \(year) vraagt het convenant geen jaaropgave.",
                                                   "The covenant asks no annual return for school year \(year).")])
        }
        if try await isClosed(party: party, period: year, today: today) {
            return Refusal(general: [language.pick(
                "De termijn voor schooljaar \(year) is op \(deadline(of: year)) verstreken. Het programmateam kan hem voor u heropenen.",
                "The period for school year \(year) closed on \(deadline(of: year)). The programme team can reopen it for you.")])
        }
        let row = Self.row(fields, party: party, period: year, reportedOn: today, source: "portaal")
        let (result, line) = try validate(with: row)
        let before = Set(WorkspaceLoader.load(from: workspace).errors.map(\.text))
        var refusal = Refusal()
        for error in result.errors where !before.contains(error.text) {
            let text = error.text.text(in: language)
            let column = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            if error.location.line == line, AnnualReturn.fields.contains(where: { $0.column == column }) {
                refusal.fields[column] = refusal.fields[column] ?? Self.sentence(String(text.dropFirst(column.count + 1)).trimmingCharacters(in: .whitespaces))
            } else {
                refusal.general.append(Self.sentence(text))
            }
        }
        return refusal.fields.isEmpty && refusal.general.isEmpty ? nil : refusal
    }

    /// The school years a return is owed for and that have begun by `today`
    /// (``Covenant/returnSchoolYears(through:)``); none while covenant.yaml has errors.
    public func schoolYears(through today: Day) -> [SchoolYear] {
        WorkspaceLoader.covenant(in: workspace)?.returnSchoolYears(through: today) ?? []
    }

    /// The day the period of `year` closes: `returns.annual_return_due` in covenant.yaml (by
    /// default the school year's last day) in the year the school year ends.
    public func deadline(of year: SchoolYear) -> Day {
        (WorkspaceLoader.covenant(in: workspace)?.annualReturnDue ?? MonthDay(month: 7, day: 31)).deadline(of: year)
    }

    /// Whether the period's deadline has passed for this party, and it was not reopened for it.
    public func isClosed(party: String, period: SchoolYear, today: Day) async throws -> Bool {
        guard today > deadline(of: period) else { return false }
        return try await store.reopening(party: party, kind: AnnualReturn.kind, period: period.description) == nil
    }

    // MARK: A party's steps

    /// Saves the values as the party's concept (a new one, or the open one while it is a concept
    /// or returned). Values are checked only when sent.
    public func save(_ fields: [String: String], party: String, period: SchoolYear, by actor: Actor, now: Int64) async throws -> Submission {
        let fields = Self.formFields(fields)
        if var open = try await openSubmission(party: party, period: period) {
            guard open.state != .ingediend else {
                throw Refusal(general: [language.pick("Deze opgave is ingediend en wacht op het programmateam; u kunt hem niet meer wijzigen.",
                                                      "This return has been sent and awaits the programme team; it can no longer change.")])
            }
            let version = open.version
            open.fields = fields
            open.updatedAt = now
            guard let saved = try await store.updateSubmission(open, expectedVersion: version, comment: nil, audit: audit(
                open, action: "submission-saved", actor: actor, now: now, detail: Self.describe(fields))) else { throw conflict }
            return saved
        }
        let approved = try await store.submissions(party: party, states: [.goedgekeurd], kind: AnnualReturn.kind).first { $0.period == period.description }
        return try await store.addSubmission(party: party, kind: AnnualReturn.kind, period: period.description, fields: fields,
                                             replaces: approved?.id, by: actor.name, now: now, audit: AuditEntry(
                                                 at: now, actor: actor.name, action: "submission-created", subject: "", party: party,
                                                 detail: "\(AnnualReturn.kind) \(period)\(approved.map { ", corrects opgave \($0.id)" } ?? ""): "
                                                     + Self.describe(fields), address: actor.address))
    }

    /// Sends the party's concept (or returned submission) for review, once it checks out; a
    /// `comment` for the programme team goes into the submission's thread.
    public func submit(id: Int64, party: String, comment: String = "", by actor: Actor, now: Int64, today: Day) async throws -> Submission {
        guard var submission = try await store.submission(id: id), submission.party == party else { throw notFound }
        guard submission.state == .concept || submission.state == .teruggestuurd else {
            throw Refusal(general: [language.pick("Deze opgave is al ingediend of goedgekeurd.", "This return was already sent or approved.")])
        }
        if let refusal = try await check(submission.fields, party: party, period: submission.period, today: today) { throw refusal }
        let version = submission.version
        submission.state = .ingediend
        submission.submittedAt = now
        submission.updatedAt = now
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        let remark = comment.isEmpty ? nil : SubmissionComment(at: now, author: actor.name, text: comment)
        guard let sent = try await store.updateSubmission(submission, expectedVersion: version, comment: remark, audit: audit(
            submission, action: "submission-sent", actor: actor, now: now,
            detail: Self.describe(submission.fields) + (comment.isEmpty ? "" : "; comment: \(comment)"))) else { throw conflict }
        return sent
    }

    /// Opens a closed period again for one party, with the reason (in the audit log).
    public func reopen(party: String, period: SchoolYear, reason: String, by actor: Actor, now: Int64, today: Day) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw Refusal(fields: ["reden": language.pick("Schrijf de reden op; die komt in het logboek.", "Give the reason; it goes into the audit log.")])
        }
        guard try await isClosed(party: party, period: period, today: today) else {
            throw Refusal(general: [language.pick("Schooljaar \(period) is voor deze school nog open.", "School year \(period) is still open for this school.")])
        }
        try await store.reopen(ReopenedPeriod(party: party, kind: AnnualReturn.kind, period: period.description, reason: reason, by: actor.name, at: now),
                               audit: AuditEntry(at: now, actor: actor.name, action: "period-reopened", subject: "\(AnnualReturn.kind) \(period)",
                                                 party: party, detail: "reason: \(reason)", address: actor.address))
    }

    // MARK: The programme team's steps

    /// Sends a submission back to the party with a comment.
    public func returnToParty(id: Int64, comment: String, by actor: Actor, now: Int64) async throws -> Submission {
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !comment.isEmpty else {
            throw Refusal(fields: ["opmerking": language.pick("Schrijf erbij wat de school moet verbeteren.", "Say what the school should correct.")])
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

    /// Approves a sent submission: its row goes into `state/school-years.csv` (replacing the
    /// school's row for that year, if any), and the workspace must still validate; otherwise
    /// nothing is written and the refusal says why. The approval and its audit line (old and new
    /// values) are recorded before the file is replaced, and the file's write afterwards, so that
    /// an approval interrupted between the two is finished by ``finishInterruptedApprovals()``.
    public func approve(id: Int64, by actor: Actor, now: Int64) async throws -> Submission {
        try await FileLock.shared.holding(try lockFile()) { try await approveHoldingTheLock(id: id, by: actor, now: now) }
    }

    private func approveHoldingTheLock(id: Int64, by actor: Actor, now: Int64) async throws -> Submission {
        try await finishInterruptedApprovalsHoldingTheLock()
        guard var submission = try await store.submission(id: id) else { throw notFound }
        guard submission.state == .ingediend, let year = SchoolYear(submission.period) else { throw notWaiting(submission) }
        let old = try currentRow(party: submission.party, period: year.description)
        // The day of approval is the real one, like the day of the return; `today` is the
        // evaluation date the checks use (a portal may run with a fixed one).
        let row = try approvedRow(submission, year: year, reviewer: actor.name, on: Self.day(now))
        let (result, _) = try validate(with: row)
        if !result.errors.isEmpty {
            throw Refusal(general: [language.pick("Met deze opgave zou de werkmap niet kloppen; er is niets geschreven:",
                                                  "With this return the workspace would not validate; nothing was written:")]
                + result.errors.prefix(10).map { $0.text(in: language) })
        }
        let version = submission.version
        submission.state = .goedgekeurd
        submission.reviewedBy = actor.name
        submission.reviewedAt = now
        submission.updatedAt = now
        let change = AnnualReturn.fields.compactMap { field -> String? in
            let before = old?[field.column] ?? "", after = row[field.column] ?? ""
            return before == after ? nil : "\(field.column) \(before.isEmpty ? "–" : before) → \(after.isEmpty ? "–" : after)"
        }
        guard let approved = try await store.updateSubmission(submission, expectedVersion: version, comment: nil, audit: audit(
            submission, action: "submission-approved", actor: actor, now: now,
            detail: "\(AnnualReturn.file): " + (change.isEmpty ? "no values changed" : change.joined(separator: ", ")))) else { throw conflict }
        try write(row)
        try await store.markWritten(submissionID: approved.id, at: now)
        try await commitIfAsked(approved, reviewer: actor, now: now)
        return approved
    }

    /// Writes the rows of approvals that were recorded but whose file write did not happen (the
    /// process stopped in between): the audit log says they were approved, so the file must too.
    /// Returns how many it finished. Also removes what a write stopped halfway left behind (a
    /// temporary file next to the state file).
    @discardableResult
    public func finishInterruptedApprovals() async throws -> Int {
        try await FileLock.shared.holding(try lockFile()) { try await finishInterruptedApprovalsHoldingTheLock() }
    }

    @discardableResult
    private func finishInterruptedApprovalsHoldingTheLock() async throws -> Int {
        let path = workspace.appendingPathComponent(AnnualReturn.file).path
        for leftover in AtomicFile.leftovers(of: path) { try? FileManager.default.removeItem(atPath: leftover) }
        let unwritten = try await store.unwrittenApprovals(kind: AnnualReturn.kind)
        for submission in unwritten {
            guard let year = SchoolYear(submission.period) else { continue }
            try write(try approvedRow(submission, year: year, reviewer: submission.reviewedBy ?? "?", on: Self.day(submission.reviewedAt ?? 0)))
            try await store.markWritten(submissionID: submission.id, at: submission.reviewedAt ?? 0)
            try await commitIfAsked(submission, reviewer: Actor(name: submission.reviewedBy ?? "koers", address: "portal start"),
                                    now: submission.reviewedAt ?? 0)
        }
        return unwritten.count
    }

    // MARK: The file

    /// Commits the state file with the reviewer as author when covenant.yaml asks for it and the
    /// workspace is a git repository. A commit that fails does not undo the approval (the file
    /// is written and valid); the audit log says why it failed, to commit by hand.
    func commitIfAsked(_ submission: Submission, reviewer: Actor, now: Int64) async throws {
        guard WorkspaceLoader.covenant(in: workspace)?.commitApprovals == true, WorkspaceGit.isRepository(workspace) else { return }
        let message = "Jaaropgave \(submission.period) van \(submission.party) (opgave \(submission.id)), goedgekeurd door \(reviewer.name)"
        do {
            try WorkspaceGit.commit(AnnualReturn.file, in: workspace, author: reviewer.name, message: message)
        } catch {
            try await store.append(AuditEntry(at: now, actor: reviewer.name, action: "commit-failed", subject: "opgave \(submission.id)",
                                              party: submission.party, detail: "\(error)", address: reviewer.address))
        }
    }

    /// The row an approval writes. `source` names the submission, the reviewer and the day. A
    /// correction keeps the day of the return it corrects (the row it replaces): the school
    /// reported then, and whether that was on time does not change by correcting a number.
    func approvedRow(_ submission: Submission, year: SchoolYear, reviewer: String, on day: Day) throws -> [String: String] {
        let sent = Self.day(submission.submittedAt ?? submission.updatedAt)
        let earlier = try currentRow(party: submission.party, period: year.description)?["reported_on"].flatMap { Day(iso: $0) }
        return Self.row(submission.fields, party: submission.party, period: year, reportedOn: earlier.map { min($0, sent) } ?? sent,
                        source: "portaal: opgave \(submission.id), goedgekeurd door \(reviewer) op \(day)")
    }

    /// The lock of the state file, in the workspace's `.koers/` (kept out of git), not beside
    /// the file the programme team edits.
    func lockFile() throws -> String {
        let folder = workspace.appendingPathComponent(".koers/locks", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("\(AnnualReturn.table).lock").path
    }

    /// The state table as it is now; nil when the workspace has none yet.
    ///
    /// Not inlined (nor are ``table(with:)`` and ``write(_:)``): inlined into the async
    /// approval, their typed throws crash Swift 6.3.1's optimiser (signal 11 while splitting the
    /// coroutine) in a release build.
    @inline(never)
    func currentTable() throws -> EditableCSV? {
        let path = workspace.appendingPathComponent(AnnualReturn.file).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        do { return try EditableCSV(text: text) } catch {
            throw Refusal(general: [language.pick("\(AnnualReturn.file) is niet te lezen (\(error)); herstel het bestand eerst.",
                                                  "\(AnnualReturn.file) cannot be read (\(error)); repair the file first.")])
        }
    }

    /// The table with `row` in it, as the file would be.
    @inline(never)  // see currentTable()
    func table(with row: [String: String]) throws -> EditableCSV {
        var table = try currentTable() ?? EditableCSV(text: (AnnualReturn.key + ["reported_on"] + AnnualReturn.fields.map(\.column) + ["source"])
            .joined(separator: ";") + "\r\n")
        // A column the file does not have is left out while it is empty; with a value it is said.
        do {
            try table.upsert(row.filter { table.header.contains($0.key) || !$0.value.isEmpty }, key: AnnualReturn.key)
        } catch .unknownColumn(let column) {
            throw Refusal(general: [language.pick(
                "\(AnnualReturn.file) heeft geen kolom '\(column)'; voeg die kolom toe (docs/workspace.md) en probeer het opnieuw.",
                "\(AnnualReturn.file) has no column '\(column)'; add the column (docs/workspace.md) and try again.")])
        } catch {
            throw Refusal(general: ["\(AnnualReturn.file): \(error)"])
        }
        return table
    }

    /// The workspace loaded as if `row` were in its file, and the line the row is on.
    func validate(with row: [String: String]) throws -> (WorkspaceLoadResult, Int?) {
        let table = try table(with: row)
        let fixture = StateFixture(folder: workspace, folderName: nil, tables: [AnnualReturn.table: table.text], label: "opgave")
        return (WorkspaceLoader.load(from: workspace, fixture: fixture),
                table.line(ofRecordWith: AnnualReturn.key.reduce(into: [:]) { $0[$1] = row[$1] }))
    }

    @inline(never)  // see currentTable()
    func write(_ row: [String: String]) throws {
        let table = try table(with: row)
        try AtomicFile.replace(workspace.appendingPathComponent(AnnualReturn.file).path, with: Array(table.text.utf8))
    }

    // MARK: Helpers

    /// The row of the state table for these form values.
    static func row(_ fields: [String: String], party: String, period: SchoolYear, reportedOn: Day, source: String) -> [String: String] {
        var row = formFields(fields)
        row["school"] = party
        row["school_year"] = period.description
        row["reported_on"] = reportedOn.description
        row["source"] = source
        return row
    }

    /// Only the form's own columns, trimmed.
    static func formFields(_ fields: [String: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: AnnualReturn.fields.map { ($0.column, (fields[$0.column] ?? "").trimmingCharacters(in: .whitespaces)) })
    }

    /// `stages 3, lob_voorlichting ja`: the values for the audit log.
    static func describe(_ fields: [String: String]) -> String {
        AnnualReturn.fields.compactMap { field in fields[field.column].flatMap { $0.isEmpty ? nil : "\(field.column) \($0)" } }
            .joined(separator: ", ")
    }

    /// The day in the Netherlands at a moment (Unix seconds).
    static func day(_ seconds: Int64) -> Day {
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

    var notFound: Refusal { Refusal(general: [language.pick("Deze opgave bestaat niet.", "This return does not exist.")]) }

    var conflict: Refusal {
        Refusal(general: [language.pick("Iemand anders heeft deze opgave intussen gewijzigd; laad de pagina opnieuw.",
                                        "Someone else changed this return in the meantime; reload the page.")])
    }

    func notWaiting(_ submission: Submission) -> Refusal {
        Refusal(general: [language.pick("Deze opgave wacht niet op beoordeling (zij is \(submission.state.rawValue)).",
                                        "This return is not awaiting review (it is \(submission.state.rawValue)).")])
    }
}
